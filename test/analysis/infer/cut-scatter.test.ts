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

// r9y9/deepvoice3_pytorch#138 as posted (a checkpoint of another width), its missing list cut with `...` after the
// first attention's projections: the embedding the size line names is in both sides under its own name
const DEEPVOICE3_CUT = "Traceback (most recent call last):\n  File \"synthesis.py\", line 127, in <module>\n    model.load_state_dict(checkpoint[\"state_dict\"])\n  File \"/home/ubuntu/anaconda3/lib/python3.6/site-packages/torch/nn/modules/module.py\", line 769, in load_state_dict\n    self.__class__.__name__, \"\\n\\t\".join(error_msgs)))\nRuntimeError: Error(s) in loading state_dict for MultiSpeakerTTSModel:\n        Missing key(s) in state_dict: \"seq2seq.decoder.attention.0.key_projection.bias\", \"seq2seq.decoder.attention.0.key_projection.weight_g\", \"seq2seq.decoder.attention.0.key_projection.weight_v\", \"seq2seq.decoder.attention.0.value_projection.bias\", \"seq2seq.decoder.attention.0.value_projection.weight_g\", \"seq2seq.decoder.attention.0.value_projection.weight_v\", .... \n        size mismatch for seq2seq.encoder.embed_tokens.weight: copying a param with shape torch.Size([149, 128]) from checkpoint, the shape in current model is torch.Size([149, 256]).\n        size mismatch for seq2seq.encoder.convolutions.0.bias: copying a param with shape tor\n";

describe('a cut text: no rename of a module whose shown keys scatter', () => {
  it("deepvoice3_pytorch#138 cut: a key torch names in a size line is not renamed onto a missing key (the model's own key of that name would lose its source; s15-diag11's rule)", async () => {
    const j = await explain(DEEPVOICE3_CUT);
    expect(j.plan.mapping['seq2seq.encoder.embed_tokens.weight'] ?? 'seq2seq.encoder.embed_tokens.weight').toBe('seq2seq.encoder.embed_tokens.weight');
    expect(j.fixable).toBe(false);
  });

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

  it("withholds a part taken out of a numbered block whose other parts stay unpaired; keeps one moved within its block's index, or out of a block moved whole", () => {
    const out = [pair('updateformer.time_blocks.3.mlp.fc1.weight', 'corr_mlp.fc1.weight'), pair('updateformer.time_blocks.3.mlp.fc1.bias', 'corr_mlp.fc1.bias')];
    const left = { source: at(['updateformer.time_blocks.3.attn.to_q.weight', 'updateformer.time_blocks.3.attn.to_q.bias']), target: at([]) };
    expect(scatteredOnCut(out, left)).toEqual(new Set(out));
    const within = [pair('blocks.3.mlp.fc1.weight', 'layers.3.ffn.fc1.weight'), pair('blocks.3.mlp.fc1.bias', 'layers.3.ffn.fc1.bias')];
    expect(scatteredOnCut(within, { source: at(['blocks.3.attn.qkv.weight']), target: at([]) }).size).toBe(0);
    expect(scatteredOnCut(out, { source: at(['updateformer.time_blocks.4.attn.to_q.weight']), target: at([]) }).size).toBe(0);
  });
});
