import { describe, expect, it } from 'vitest';
import { outsideSubmoduleHints } from '../../src/analysis/error-hints.js';
import type { PlanOp } from '../../src/analysis/op-vocabulary.js';
import { parseErrorText } from '../../src/formats/error-text.js';

/**
 * outsideSubmoduleHints on its own (test/analysis/error-hints.test.ts goes through `explain`): after
 * inference stripped one prefix, the checkpoint's keys outside it are the larger model's other parts,
 * dropped with a reason, and every condition that makes them this model's own keys turns it off.
 */
const TEXT = `RuntimeError: Error(s) in loading state_dict for SentenceEncoder:
\tMissing key(s) in state_dict: "enc_lstm.weight_ih_l0", "enc_lstm.bias_ih_l0".
\tUnexpected key(s) in state_dict: "encoder.enc_lstm.weight_ih_l0", "encoder.enc_lstm.bias_ih_l0", "classifier.0.weight", "classifier.0.bias".`;
const report = parseErrorText(TEXT, 'e.txt');
const STRIP: PlanOp = { op: 'strip_prefix', prefix: 'encoder.' };
const LEFTOVER = ['classifier.0.weight', 'classifier.0.bias'];

describe('outsideSubmoduleHints', () => {
  it('drops the keys outside the stripped prefix as the holder\'s other parts, naming the holder', () => {
    expect(report.truncated).toBeFalsy();
    const h = outsideSubmoduleHints(report, [STRIP], LEFTOVER, []);
    expect(h).not.toBeNull();
    expect(h!.drops.map((d) => d.key)).toEqual(LEFTOVER);
    expect(h!.drops.every((d) => d.reason.includes('`encoder`'))).toBe(true);
    expect(h!.keepMissing).toEqual([]);
    expect(h!.blockers).toEqual([]);
    expect(h!.notes.map((n) => n.code)).toEqual(['outside_submodule']);
    expect(h!.notes[0]!.message).toMatch(/held this one as `encoder`.*classifier\.0\.weight/);
  });

  it('a drop op beside the strip still counts as one strip', () => {
    const drop: PlanOp = { op: 'drop', pattern: '^classifier\\.', reason: 'x' };
    expect(outsideSubmoduleHints(report, [STRIP, drop], LEFTOVER, [])?.drops).toHaveLength(2);
  });

  it('says nothing when the keys may be this model\'s own', () => {
    const cases: [string, ReturnType<typeof outsideSubmoduleHints>][] = [
      ['a model key still unmapped', outsideSubmoduleHints(report, [STRIP], LEFTOVER, ['enc_lstm.weight_hh_l0'])],
      ['nothing left over', outsideSubmoduleHints(report, [STRIP], [], [])],
      ['no strip', outsideSubmoduleHints(report, [], LEFTOVER, [])],
      ['two strips', outsideSubmoduleHints(report, [STRIP, { op: 'strip_prefix', prefix: 'model.' }], LEFTOVER, [])],
      ['a rename besides the strip', outsideSubmoduleHints(report, [STRIP, { op: 'rename', pattern: '^a', replacement: 'b' }], LEFTOVER, [])],
      ['a leftover under the prefix', outsideSubmoduleHints(report, [STRIP], ['encoder.extra.weight'], [])],
      ['a leftover sharing the prefix\'s first segment', outsideSubmoduleHints(report, [{ op: 'strip_prefix', prefix: 'encoder.body.' }], ['encoder.head.weight'], [])],
      ['adapter weights (a fine-tune)', outsideSubmoduleHints(report, [STRIP], ['classifier.0.lora_A.weight'], [])],
      ['a cut text', outsideSubmoduleHints({ ...report, truncated: true }, [STRIP], LEFTOVER, [])],
    ];
    for (const [why, h] of cases) expect(h, why).toBeNull();
  });
});
