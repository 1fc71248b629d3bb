import { describe, expect, it } from 'vitest';
import { parseErrorText } from '../../src/formats/error-text.js';

// 2231122/PCOD#8 as posted: torch's heading and a missing list the paste cut after its first key
const PCOD = 'RuntimeError: Error(s) in loading state_dict for Net:\n        Missing key(s) in state_dict: "bkbone.patch_embed1.proj.weight"';
// an earlier attempt above it: the whole checkpoint passed (its fields unexpected)
const EARLIER = 'RuntimeError: Error(s) in loading state_dict for Net:\n\tMissing key(s) in state_dict: "bkbone.patch_embed1.proj.weight". \n\tUnexpected key(s) in state_dict: "epoch", "model", "optimizer". ';

describe('a last error the paste cut, below an earlier one that goes on alike', () => {
  it('with the poster\'s words between them is the load after a change: only it is read (the earlier fields are not the cut part)', () => {
    const r = parseErrorText(`First I got:\n\n${EARLIER}\n\nThen I loaded checkpoint["model"] and now get:\n\n${PCOD}`, 'p');
    expect(r.unexpected).toEqual([]);
    expect(r.missing).toEqual(['bkbone.patch_embed1.proj.weight']);
    expect(r.truncated).toBe(true);
    expect(r.notes.some((n) => /2 errors for Net/.test(n))).toBe(true);
  });

  it('with nothing new between them (the same paste again, cut) is read whole', () => {
    expect(parseErrorText(`${EARLIER}\n\n${PCOD}`, 'p').unexpected).toEqual(['epoch', 'model', 'optimizer']);
    const said = `I get this:\n${EARLIER}\n\nI get this:\n${PCOD}`;
    expect(parseErrorText(said, 'p').unexpected).toEqual(['epoch', 'model', 'optimizer']);
  });
});
