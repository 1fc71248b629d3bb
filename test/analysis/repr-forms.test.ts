import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/capture-main.js';
import { parseErrorText } from '../../src/formats/error-text.js';
import type { DiagnosisCase } from '../../bench/diagnosis/score.js';
import { probeVariant, tuningCase } from './tuning-variants.js';

/**
 * The same keys decide alike whichever of torch's forms the paste shows them in: the strict error, strict=False's
 * `_IncompatibleKeys(missing_keys=[…], unexpected_keys=[…])` repr, or both in one paste. The texts are real tuning
 * texts and the repr forms are what diagnose-robust's incompatible-repr perturbation derives from them (the probe
 * flipped both to a key fix the threads refute).
 */

interface Out {
  fixable: boolean;
  plan: { ops: { op: string; prefix?: string }[] };
}
const explain = async (text: string): Promise<Out> => {
  const r = await runCli(['explain', '-', '--json'], { stdin: text });
  return JSON.parse(r.stdout) as Out;
};


const asRepr = (c: DiagnosisCase): string => probeVariant('incompatible-repr', c);

describe("a whole `_IncompatibleKeys` repr shows both sides as torch's strict error does", () => {
  const c = tuningCase('cases.json', 'pytorch-pytorch-123625');

  it('pytorch/pytorch#123625: every key missing under `_orig_mod.`, `unexpected_keys=[]`: the state dict holds none of them, adding the prefix changes nothing', async () => {
    const text = asRepr(c);
    expect(text).toContain("unexpected_keys=[])");
    expect(parseErrorText(text, '<stdin>').reprWhole).toBe(true);
    const out = await explain(text);
    expect(out.fixable).toBe(false);
    expect(out.plan.ops.filter((o) => o.op === 'add_prefix')).toEqual([]);
    // the strict form of the same keys says the same
    const strict = await explain(c.text);
    expect(strict.fixable).toBe(false);
    expect(strict.plan.ops).toEqual(out.plan.ops);
  });

  it('a field printed on its own (`missing_keys=[…]`) or an unexpected list cut shows one side only: no whole repr', () => {
    expect(parseErrorText("missing_keys=['_orig_mod.linear.weight', '_orig_mod.linear.bias']", '<stdin>').reprWhole).toBeUndefined();
    const cut = parseErrorText("_IncompatibleKeys(missing_keys=['_orig_mod.linear.weight', '_orig_mod.linear.bias'], unexpected_keys=['linear.weight', 'linear.bi", '<stdin>');
    expect(cut.reprWhole).toBeUndefined();
  });
});

describe('a paste holding both the strict error and the repr of the same keys is a strict torch load', () => {
  it('wuhuikai/DeepGuidedFilter#19: body modules unused in a strict load that lists nothing missing: the model should have them, not fixable by a drop', async () => {
    const c = tuningCase('cases13.json', 'wuhuikai-DeepGuidedFilter-19');
    const text = asRepr(c);
    // the probe replaced the first of the two pasted errors: the repr, then the traceback's strict error
    expect(text).toContain('_IncompatibleKeys(missing_keys=[]');
    expect(text).toContain('Error(s) in loading state_dict for network_dss');
    expect(parseErrorText(text, '<stdin>').kind).toBe('mixed');
    const out = await explain(text);
    expect(out.fixable).toBe(false);
    // the plan shows the drop it would make, as for the strict text; the verdict says the text points elsewhere
    const strict = await explain(c.text);
    expect(strict.fixable).toBe(false);
    expect(out.plan.ops).toEqual(strict.plan.ops);
  });
});
