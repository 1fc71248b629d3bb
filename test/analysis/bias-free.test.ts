import { describe, expect, it } from 'vitest';
import { biasesWithoutSource } from '../../src/analysis/bias-free.js';
import { errorHints } from '../../src/analysis/error-hints.js';
import { parseErrorText } from '../../src/formats/error-text.js';
import { runCli } from '../cli/capture-main.js';

// long123524/BsiNet-torch#9, as posted: every conv bias missing, none of the conv weights listed
const BSINET = `Exception has occurred: RuntimeError
Error(s) in loading state_dict for DataParallel:
\tMissing key(s) in state_dict: "module.down.0.l1.conv.bias", "module.down.0.l2.conv.bias", "module.down.1.l1.conv.bias", "module.down.1.l2.conv.bias", "module.up.0.l1.conv.bias", "module.up.0.l2.conv.bias".`;

describe('biases missing for layers whose weights loaded (bias-free.ts)', () => {
  it('reads them as layers trained without a bias, kept missing to be zeroed, never as nothing loaded', () => {
    const h = errorHints(parseErrorText(BSINET, 'e.txt'));
    expect(h.blockers).toEqual([]);
    expect(h.notes.map((n) => n.code)).toEqual(['bias_free_layers']);
    expect(h.keepMissing.map((k) => k.kind)).toEqual(Array(6).fill('zero-bias'));
    expect(h.keepMissing[0]!.reason).toContain('set it to zero');
  });

  it('explain calls it fixable and says zero, not that these are buffers the model computes', async () => {
    const j = await runCli(['explain', '-', '--json'], { stdin: BSINET });
    const json = JSON.parse(j.stdout) as { fixable: boolean; after: { missing: string[] } };
    const text = (await runCli(['explain', '-'], { stdin: BSINET })).stdout;
    expect(json.fixable).toBe(true);
    expect(json.after.missing).toHaveLength(6);
    expect(text).toContain('set them to zero');
    expect(text).not.toContain('buffers it computes itself');
    expect(text).not.toMatch(/strict\s*=\s*False/);
  });

  it('not when a weight of those layers is missing too, something is unexpected, or the list is cut', () => {
    const weight = BSINET.replace('"module.up.0.l2.conv.bias".', '"module.up.0.l2.conv.bias", "module.up.0.l2.conv.weight".');
    expect(biasesWithoutSource(parseErrorText(weight, 'e.txt'))).toEqual([]);
    const extra = `${BSINET}\n\tUnexpected key(s) in state_dict: "module.down.0.l1.bias".`;
    expect(biasesWithoutSource(parseErrorText(extra, 'e.txt'))).toEqual([]);
    const cut = BSINET.replace('"module.up.0.l2.conv.bias".', '"module.up.0.l2.conv.bias", ...');
    expect(biasesWithoutSource(parseErrorText(cut, 'e.txt'))).toEqual([]);
    const notBias = BSINET.replace('"module.up.0.l2.conv.bias".', '"module.up.0.l2.conv.scale".');
    expect(biasesWithoutSource(parseErrorText(notBias, 'e.txt'))).toEqual([]);
  });
});
