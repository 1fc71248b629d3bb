/**
 * The thirteenth family set's generators, checked without running the matcher (set 13 is a clean measure: no test
 * here infers a plan or scores one). test/bench/families.test.ts already checks every family's truth against
 * its key lists (targets exist, shapes agree or are declared transposed / reshaped / split, sizes); this file adds
 * what holds for set 13 in particular: the split, coverage of the target (but for what the scripts leave to the
 * model: num_batches_tracked, Pegasus's zero attention biases and sinusoidal positions), the published parameter
 * totals of the models, and the names, splits and value ops the reference code writes.
 */
import { describe, expect, it } from 'vitest';
import { FAMILY_MAKERS_13, HELD_OUT_13, type Family } from '../../bench/families/index.js';
import { expectReachesEveryKey, expectRecipesBuildTheirTargets, expectSplitsKeepElements, familySet, itHoldsItsSplit, keys, numel, sourceOf } from '../helpers/family-sets.js';

const set = familySet(FAMILY_MAKERS_13);
const { families, family } = set;

/** source elements, BatchNorm moving statistics left out (buffers, not parameters) */
const params = (f: Family): number => f.source.filter((e) => !/moving_(mean|variance)$/.test(e.key)).reduce((a, e) => a + numel(e.shape!), 0);

/** the target keys no source reaches by design: BatchNorm's step counter, and what the Pegasus script fills itself */
function exempt(f: Family): Set<string> {
  return new Set(f.target.map((e) => e.key).filter((k) =>
    k.endsWith('.num_batches_tracked') || (f.name.startsWith('pegasus') && (/embed_positions\.weight$/.test(k) || /_attn\.(q|k|v|out)_proj\.bias$/.test(k)))));
}

/** the family without its tied copies (one tensor written under several names, not a split: no recipe) */
const withoutTies = (f: Family): Family => {
  const tiedSources = new Set(Object.values(f.tied ?? {}));
  return { ...f, truth: Object.fromEntries(Object.entries(f.truth).filter(([k]) => !tiedSources.has(k))) };
};

describe('family set 13', () => {
  itHoldsItsSplit(set, HELD_OUT_13, {
    count: 12,
    // the split as committed with the set
    heldOut: [
      'pegasus-large-tf-to-hf', 'switch-base-8-t5x-to-hf', 't5-v1.1-base-t5x-to-hf', 'timesformer-base-k400-original-to-hf', 'timesformer-hr-ssv2-original-to-hf',
      'vivit-b-16x2-k400-flax-to-hf',
    ],
  });

  describe.each(families)('%s', (_name, f) => {
    it('reaches every target key but those the script leaves to the model, and maps every source key', () => expectReachesEveryKey(f, exempt(f)));
    it('keeps the elements of every split (the parts add up to the source tensor)', () => expectSplitsKeepElements(f));
    it('gives every split part and every recipe one that builds its target\'s shape from its own source', () => expectRecipesBuildTheirTargets(withoutTies(f)));
  });

  it('matches the published parameter totals of the real models', () => {
    const totals: [string, number][] = [
      // TimeSformer-base (K400) 121.6 M, TimeSformer-HR (SSv2) 121.9 M (785 positions, 16 frames, 174 classes)
      ['timesformer-base-k400-original-to-hf', 121_566_352],
      ['timesformer-hr-ssv2-original-to-hf', 121_850_286],
      // VideoMAE-base fine-tuned on Kinetics 86.5 M, VideoMAE-base pretraining (with the 4-block decoder) 94.2 M
      ['videomae-base-k400-original-to-hf', 86_534_800],
      ['videomae-base-pretrain-original-to-hf', 94_210_944],
      // Pegasus-large 568 M (without the sinusoidal positions, which are not parameters of the TF model)
      ['pegasus-large-tf-to-hf', 568_503_296],
      // T5 v1.1 base 248 M, Flan-T5-small 77 M, Switch-base-8 620 M and Switch-base-16 1.07 B (lm_head tied, counted once)
      ['t5-v1.1-base-t5x-to-hf', 247_577_856],
      ['flan-t5-small-t5x-to-hf', 76_961_152],
      ['switch-base-8-t5x-to-hf', 619_339_008],
      ['switch-base-16-t5x-to-hf', 1_072_397_568],
      // MobileNet v1 1.0 224: Keras's 4,231,976 trainable for 1000 classes, + 1025 for the 1001st; v2: torchvision's 3,504,872, + 1281
      ['mobilenet-v1-1.0-224-tf-to-hf', 4_231_976 + 1025],
      ['mobilenet-v2-1.0-224-tf-to-hf', 3_504_872 + 1281],
      // ViViT-B 16×2 (Kinetics-400) 89.0 M
      ['vivit-b-16x2-k400-flax-to-hf', 88_954_000],
    ];
    for (const [name, total] of totals) expect(params(family(name)), name).toBe(total);
    expect(totals.map((t) => t[0]).sort()).toEqual(families.map(([n]) => n).sort());
  });

  it('lists TF, Flax and T5X checkpoints sorted by name', () => {
    const sorted = (k: string[]): boolean => k.every((x, i) => i === 0 || k[i - 1]! < x);
    for (const [name, f] of families) if (f.source[0]!.key.includes('/')) expect(sorted(keys(f, 'source')), name).toBe(true);
  });

  it('uses the names, splits and value ops the reference code writes', () => {
    const ts = family('timesformer-base-k400-original-to-hf').truth;
    expect(ts['model.blocks.3.attn.qkv.weight']).toBe('timesformer.encoder.layer.3.attention.attention.qkv.weight');
    expect(ts['model.blocks.3.temporal_attn.qkv.bias']).toBe('timesformer.encoder.layer.3.temporal_attention.attention.qkv.bias');
    expect(ts['model.blocks.3.temporal_attn.proj.weight']).toBe('timesformer.encoder.layer.3.temporal_attention.output.dense.weight');
    expect(ts['model.blocks.3.attn.proj.weight']).toBe('timesformer.encoder.layer.3.attention.output.dense.weight');
    expect(ts['model.blocks.3.temporal_fc.weight']).toBe('timesformer.encoder.layer.3.temporal_dense.weight');
    expect(ts['model.blocks.3.temporal_norm1.bias']).toBe('timesformer.encoder.layer.3.temporal_layernorm.bias');
    expect(ts['model.norm.weight']).toBe('timesformer.layernorm.weight');
    expect(ts['model.head.bias']).toBe('classifier.bias');

    const vm = family('videomae-base-k400-original-to-hf');
    expect(vm.truth['blocks.5.attn.qkv.weight']).toEqual(['query', 'key', 'value'].map((p) => `videomae.encoder.layer.5.attention.attention.${p}.weight`));
    expect(vm.truth['blocks.5.attn.v_bias']).toBe('videomae.encoder.layer.5.attention.attention.v_bias');
    expect(vm.truth['fc_norm.weight']).toBe('fc_norm.weight');
    // val[dim:2dim] → key: row r of key is row 768 + r of qkv
    expect(sourceOf(vm, 'videomae.encoder.layer.5.attention.attention.key.weight', 3 * 768 + 2)).toEqual(['blocks.5.attn.qkv.weight', (768 + 3) * 768 + 2]);
    const pre = family('videomae-base-pretrain-original-to-hf');
    expect(pre.truth['encoder.norm.bias']).toBe('videomae.layernorm.bias');
    expect(pre.truth['decoder.norm.bias']).toBe('decoder.norm.bias');
    expect(pre.truth['decoder.head.weight']).toBe('decoder.head.weight');
    expect(pre.truth['decoder.blocks.2.attn.q_bias']).toBe('decoder.decoder_layers.2.attention.attention.q_bias');
    expect(sourceOf(pre, 'decoder.decoder_layers.2.attention.attention.value.weight', 0)).toEqual(['decoder.blocks.2.attn.qkv.weight', 2 * 384 * 384]);

    const peg = family('pegasus-large-tf-to-hf');
    expect(peg.truth['decoder/layer_11/memory_attention/output_proj/kernel']).toBe('decoder.layers.11.encoder_attn.out_proj.weight');
    expect(peg.truth['decoder/layer_11/memory_attention/LayerNorm/gamma']).toBe('decoder.layers.11.encoder_attn_layer_norm.weight');
    expect(peg.truth['encoder/layer_2/ffn/dense_1/bias']).toBe('encoder.layers.2.fc2.bias');
    expect(peg.truth['encoder/LayerNorm/beta']).toBe('encoder.layer_norm.bias');
    expect(peg.transposed).toContain('encoder/layer_2/self_attention/q_proj/kernel');
    expect(peg.transposed).not.toContain('encoder/layer_2/ffn/dense/bias');

    const t5 = family('t5-v1.1-base-t5x-to-hf');
    expect(t5.truth['decoder/layers_4/encoder_decoder_attention/out/kernel']).toBe('decoder.block.4.layer.1.EncDecAttention.o.weight');
    expect(t5.truth['decoder/layers_4/pre_mlp_layer_norm/scale']).toBe('decoder.block.4.layer.2.layer_norm.weight');
    expect(t5.truth['encoder/relpos_bias/rel_embedding']).toBe('encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight');
    expect(t5.transposed).toContain('decoder/logits_dense/kernel');
    const flan = family('flan-t5-small-t5x-to-hf');
    expect(flan.source.find((e) => e.key === 'encoder/layers_0/attention/query/kernel')!.shape).toEqual([512, 384]);

    const sw = family('switch-base-8-t5x-to-hf');
    expect(sw.truth['encoder/layers_3/mlp/expert/wi/kernel']).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((e) => `encoder.block.3.layer.1.mlp.experts.expert_${e}.wi.weight`));
    expect(sw.truth['decoder/layers_3/mlp/router/router_weights/w/kernel']).toBe('decoder.block.3.layer.2.mlp.router.classifier.weight');
    expect(sw.truth['decoder/layers_2/mlp/wo/kernel']).toBe('decoder.block.2.layer.2.mlp.wo.weight');
    // expert 5's wi, transposed: element (r, c) of [3072, 768] is expert_weights[5][c][r]
    expect(sourceOf(sw, 'encoder.block.3.layer.1.mlp.experts.expert_5.wi.weight', 7 * 768 + 2)).toEqual(['encoder/layers_3/mlp/expert/wi/kernel', 5 * 768 * 3072 + 2 * 3072 + 7]);

    const v1 = family('mobilenet-v1-1.0-224-tf-to-hf');
    expect(v1.truth['MobilenetV1/Conv2d_13_pointwise/BatchNorm/moving_variance']).toBe('mobilenet_v1.layer.25.normalization.running_var');
    expect(v1.truth['MobilenetV1/Conv2d_7_depthwise/depthwise_weights']).toBe('mobilenet_v1.layer.12.convolution.weight');
    // depthwise [3, 3, C, 1] → (2, 3, 0, 1): element (c, 0, h, w) from (h, w, c, 0)
    expect(sourceOf(v1, 'mobilenet_v1.layer.12.convolution.weight', 5 * 9 + 1 * 3 + 2)).toEqual(['MobilenetV1/Conv2d_7_depthwise/depthwise_weights', (1 * 3 + 2) * 512 + 5]);
    const v2 = family('mobilenet-v2-1.0-224-tf-to-hf');
    expect(v2.truth['MobilenetV2/expanded_conv_16/project/BatchNorm/gamma']).toBe('mobilenet_v2.layer.15.reduce_1x1.normalization.weight');
    expect(v2.truth['MobilenetV2/Conv_1/weights']).toBe('mobilenet_v2.conv_1x1.convolution.weight');
    // the 1×1 logits conv [1, 1, 1280, 1001] squeezed and transposed: classifier row r, column c from (c, r)
    expect(sourceOf(v2, 'classifier.weight', 4 * 1280 + 9)).toEqual(['MobilenetV2/Logits/Conv2d_1c_1x1/weights', 9 * 1001 + 4]);

    const vv = family('vivit-b-16x2-k400-flax-to-hf');
    const q = 'optimizer/target/Transformer/encoderblock_2/MultiHeadDotProductAttention_0/query/kernel';
    expect(vv.truth[q]).toBe('vivit.encoder.layer.2.attention.attention.query.weight');
    // [768, 12, 64] reshaped to [768, 768] and transposed: row h · 64 + j, column i from (i, h, j)
    expect(sourceOf(vv, 'vivit.encoder.layer.2.attention.attention.query.weight', (3 * 64 + 5) * 768 + 11)).toEqual([q, (11 * 12 + 3) * 64 + 5]);
    expect(vv.truth['optimizer/target/Transformer/encoderblock_2/LayerNorm_1/scale']).toBe('vivit.encoder.layer.2.layernorm_after.weight');
  });
});
