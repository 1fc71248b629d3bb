import { describe, expect, it } from 'vitest';
import { parseErrorText } from '../../src/formats/error-text.js';
import { keysShowLenient, torchRepr } from '../../src/analysis/lenient-evidence.js';
import { explainOnce } from '../../bench/diagnosis/run-cases.js';
import { tuningCaseText } from '../helpers/diagnosis-case.js';

// torch's strict error and strict=False's `_IncompatibleKeys` list the same keys: which one the user pasted says
// how load_state_dict was called, not what the keys are. The s22 robustness probe (bench/diagnosis/robust.ts,
// incompatible-repr) rewrote 56 strict tuning texts as the repr; 18 code-change texts turned into "drop / keep
// missing" advice (a drop of an HQ-SAM decoder's trained `hf_mlp`, a larger generator's layers kept random).

/** The repr strict=False returns for the keys a strict torch text lists (the probe's rewrite). */
function asRepr(text: string): string {
  const r = parseErrorText(text, 't');
  const list = (ks: readonly string[]) => `[${ks.map((k) => `'${k}'`).join(', ')}]`;
  return `_IncompatibleKeys(missing_keys=${list(r.missing)}, unexpected_keys=${list(r.unexpected)})`;
}

interface Out {
  fixable: boolean;
  plan: { ops: { op: string }[]; mapping: Record<string, unknown>; unmapped: string[] };
}
const explain = async (t: string) => JSON.parse((await explainOnce(t, true)).stdout) as Out;

describe('a torch repr of body modules one side lacks reads as its strict error does', () => {
  // wpeebles/gangealing#32 (tuning2): a generator built for a larger output, `convs.10.*` missing (code change)
  // hellloxiaotian/DSRNet#4 (tuning16): an x4 upsampler's `upsample.up.body.*` unexpected (code change)
  // SysCV/sam-hq#31 (tuning6): HQ-SAM's `mask_decoder.hf_*` unexpected in a plain SAM (code change)
  for (const id of ['wpeebles-gangealing-32', 'hellloxiaotian-DSRNet-4', 'SysCV-sam-hq-31']) {
    it(`${id}: no key fix, strict or as _IncompatibleKeys`, async () => {
      const clean = tuningCaseText(id);
      expect((await explain(clean)).fixable).toBe(false);
      const repr = asRepr(clean);
      expect(torchRepr(parseErrorText(repr, 't'))).toBe(true);
      expect((await explain(repr)).fixable).toBe(false);
    });
  }

  it('says why from the repr: nothing missing, so the weights were saved with these modules', async () => {
    const out = (await explainOnce(asRepr(tuningCaseText('hellloxiaotian-DSRNet-4')), false)).stdout;
    expect(out).toContain("strict=False's `_IncompatibleKeys`");
    expect(out).not.toContain('the load was strict');
  });
});

describe('a torch repr whose keys show unused or fresh parts stays a lenient reading', () => {
  it('ZhenZHAO/AugSeg#1 (tuning10): an unused classifier `fc` is dropped', async () => {
    const out = await explain(tuningCaseText('ZhenZHAO-AugSeg-1'));
    expect(out.fixable).toBe(true);
    expect(out.plan.mapping['fc.weight']).toBeNull();
  });

  it("Key-Locked-18 (tuning15): a method's buffers and LDM's `logvar` stay missing", async () => {
    const out = await explain(tuningCaseText('ChenDarYen-Key-Locked-Rank-One-Editing-for-Text-to-Image-Personalization-18'));
    expect(out.fixable).toBe(true);
    expect(out.plan.unmapped).toContain('logvar');
  });

  it('keysShowLenient: heads, pretraining modules, buffers and non-layer tensors, never body weights', () => {
    expect(keysShowLenient(['fc.weight', 'fc.bias'], [])).toBe(true);
    expect(keysShowLenient(['projector.0.weight', 'norm.weight', 'head.weight'], ['head.weight'])).toBe(true);
    expect(keysShowLenient([], ['pos_embed', 'category_tokens.CLS_a'])).toBe(true);
    // a final norm is the classifier end's only beside a head
    expect(keysShowLenient(['norm.weight', 'norm.bias'], [])).toBe(false);
    expect(keysShowLenient(['mask_decoder.hf_mlp.layers.0.weight'], [])).toBe(false);
    expect(keysShowLenient([], ['convs.10.conv.weight'])).toBe(false);
  });
});
