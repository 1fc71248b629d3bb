import { describe, expect, it } from 'vitest';
import { runCli } from '../../cli/capture-main.js';
import { scatteredOnCut } from '../../../src/analysis/infer/cut-scatter.js';
import type { KeyPair, Located } from '../../../src/analysis/infer/types.js';

/**
 * On a text cut short, a module whose shown keys structure pairs with several target modules, or only
 * partly, is no rename the text shows (src/analysis/infer/cut-scatter.ts): explain proposes none.
 */

interface Out {
  fixable: boolean;
  plan: { ops: { op: string }[]; mapping: Record<string, string | string[] | null> };
}
const explain = async (text: string): Promise<Out> => JSON.parse((await runCli(['explain', '-', '--json'], { stdin: text })).stdout) as Out;

// LAMDA-CL/PyCIL#69 as posted (a ResNet whose stem is a Sequential in the model), its unexpected list cut
// after `bn1.weight` with `...` as a user shortening it pastes it: `conv1.weight` is gone
const PYCIL_CUT = '`RuntimeError: Error(s) in loading state_dict for ResNet:\n        Missing key(s) in state_dict: "conv1.0.weight", "conv1.1.weight", "conv1.1.bias", "conv1.1.running_mean", "conv1.1.running_var".\n        Unexpected key(s) in state_dict: "bn1.running_mean", "bn1.running_var", "bn1.weight", ....\n`';
// Xiyue-Wang/TransPath#32 as posted (a ConvStem checkpoint into timm's one-conv patch embedding), cut after `proj.3.weight`
const TRANSPATH_CUT = 'RuntimeError: Error(s) in loading state_dict for SwinTransformer:\n        Missing key(s) in state_dict: "patch_embed.proj.weight", "patch_embed.proj.bias".\n        Unexpected key(s) in state_dict: "patch_embed.proj.0.weight", "patch_embed.proj.1.weight", "patch_embed.proj.1.bias", "patch_embed.proj.1.running_mean", "patch_embed.proj.1.running_var", "patch_embed.proj.1.num_batches_tracked", "patch_embed.proj.3.weight", ....';

describe('a cut text: no rename of a module whose shown keys scatter', () => {
  it('PyCIL#69 cut: `bn1.*` is not split over `conv1.0` and `conv1.1`', async () => {
    const j = await explain(PYCIL_CUT);
    expect(j.plan.ops).toEqual([]);
    expect(j.fixable).toBe(false);
    for (const k of ['bn1.running_mean', 'bn1.running_var', 'bn1.weight']) expect(j.plan.mapping[k] ?? k, k).toBe(k);
  });

  it("TransPath#32 cut: `patch_embed.proj.1.bias` is not renamed onto the model's one conv while the rest of `proj.1` stays unpaired", async () => {
    const j = await explain(TRANSPATH_CUT);
    expect(j.plan.ops).toEqual([]);
    expect(j.fixable).toBe(false);
  });
});

describe('scatteredOnCut', () => {
  const at = (keys: string[]) => new Map(keys.map((key, pos): [string, Located] => [key, { key, shape: null, dtype: null, pos }]));
  const pair = (source: string, target: string): KeyPair => ({ source, target, stage: 'key', confidence: 0.8 });

  it('keeps a module moved whole, counters left over aside; withholds one split over two modules', () => {
    const whole = [pair('bnneck.weight', 'bottleneck.0.weight'), pair('bnneck.bias', 'bottleneck.0.bias')];
    expect(scatteredOnCut(whole, { source: at(['bnneck.num_batches_tracked']), target: at([]) }).size).toBe(0);
    const split = [pair('bn1.weight', 'conv1.0.weight'), pair('bn1.running_mean', 'conv1.1.running_mean')];
    expect(scatteredOnCut(split, { source: at([]), target: at([]) })).toEqual(new Set(split));
  });

  it('withholds a module part of whose shown keys stays unpaired; exact pairs are never withheld', () => {
    const part = [pair('proj.1.bias', 'proj.bias'), { ...pair('head.weight', 'head.weight'), stage: 'exact' as const }];
    expect([...scatteredOnCut(part, { source: at(['proj.1.weight', 'head.extra']), target: at([]) })].map((p) => p.source)).toEqual(['proj.1.bias']);
  });
});
