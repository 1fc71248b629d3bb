/**
 * The nineteenth family set's generators, checked without running the matcher (set 19 is a clean measure: no test
 * here infers a plan or scores one). test/bench/families.test.ts already checks every family's truth against its key
 * lists (targets exist, shapes agree, sizes); this file adds what holds for set 19 in particular: the split, coverage of
 * both sides, the parameter totals against the published ones, the recipes' shapes, and the names and key orders the
 * reference code and the model definitions write.
 */
import { describe, expect, it } from 'vitest';
import { FAMILY_MAKERS_19, HELD_OUT_19, type Family } from '../../bench/families/index.js';
import {
  expectRecipesBuildTheirTargets, expectReachesEveryKey, expectSplitsKeepElements, familySet, itHoldsItsSplit, keys, numel, shapeOf,
} from '../helpers/family-sets.js';

const set = familySet(FAMILY_MAKERS_19);
const { families, family } = set;

const params = (f: Family, side: 'source' | 'target', skip: (k: string) => boolean = () => false): number =>
  f[side].filter((e) => !skip(e.key)).reduce((a, e) => a + numel(e.shape!), 0);
/** the Keras input Normalization layer's state: replace_params skips it */
const normalizationLayer = (k: string): boolean => k.startsWith('normalization/');
const counter = (k: string): boolean => k.endsWith('num_batches_tracked');

describe('family set 19', () => {
  itHoldsItsSplit(set, HELD_OUT_19, {
    count: 11,
    // the split as committed with the set
    heldOut: ['efficientnet-b1-keras-to-hf', 'efficientnet-b2-keras-to-hf', 'efficientnet-b3-keras-to-hf', 'efficientnet-b4-keras-to-hf', 'efficientnet-b6-keras-to-hf', 'mobilevit-xs-mlcvnets-to-hf'],
  });

  describe.each(families)('%s', (_name, f) => {
    it('maps every source key, drops exactly the Normalization state, and reaches every target key but the counters Keras lacks', () => {
      const dropped = Object.keys(f.truth).filter((k) => f.truth[k] === null);
      expect(dropped).toEqual(keys(f, 'source').filter(normalizationLayer));
      expectReachesEveryKey(f, new Set(f.name.includes('keras') ? keys(f, 'target').filter(counter) : []));
    });
    it('keeps every element but the dropped ones', () => {
      expect(params(f, 'target', counter)).toBe(params(f, 'source', (k) => normalizationLayer(k) || counter(k)));
    });
    it('builds every recipe to its target shape from its own source, and keeps the elements of every split', () => {
      expectRecipesBuildTheirTargets(f);
      expectSplitsKeepElements(f);
    });
  });

  it('matches the published parameter totals of the real models', () => {
    // Keras Applications' model.summary() totals (trainable + BatchNorm statistics + the Normalization layer's 7)
    const keras: [string, number][] = [
      ['b0', 5_330_571], ['b1', 7_856_239], ['b2', 9_177_569], ['b3', 12_320_535], ['b4', 19_466_823], ['b5', 30_562_527], ['b6', 43_265_143], ['b7', 66_658_687],
    ];
    for (const [v, total] of keras) expect(params(family(`efficientnet-${v}-keras-to-hf`), 'source'), v).toBe(total);
    // MobileViT paper / model cards: S 5.6 M, XS 2.3 M, XXS 1.3 M parameters (BatchNorm statistics not counted)
    const learned = (f: Family): number => params(f, 'source', (k) => /running_(mean|var)|num_batches_tracked/.test(k));
    expect(Math.round(learned(family('mobilevit-s-mlcvnets-to-hf')) / 1e5) / 10).toBe(5.6);
    expect(Math.round(learned(family('mobilevit-xs-mlcvnets-to-hf')) / 1e5) / 10).toBe(2.3);
    expect(Math.round(learned(family('mobilevit-xxs-mlcvnets-to-hf')) / 1e5) / 10).toBe(1.3);
  });

  it('uses the names and the order the reference code and the models write', () => {
    const b0 = family('efficientnet-b0-keras-to-hf');
    expect(b0.truth['stem_conv/kernel:0']).toBe('efficientnet.embeddings.convolution.weight');
    expect(shapeOf(b0, 'source', 'stem_conv/kernel:0')).toEqual([3, 3, 3, 32]);
    // block1a has no expansion (ratio 1); block2a is the second flat block
    expect(keys(b0, 'source').some((k) => k.startsWith('block1a_expand'))).toBe(false);
    expect(b0.truth['block1a_dwconv/depthwise_kernel:0']).toBe('efficientnet.encoder.blocks.0.depthwise_conv.depthwise_conv.weight');
    expect(shapeOf(b0, 'source', 'block1a_dwconv/depthwise_kernel:0')).toEqual([3, 3, 32, 1]);
    expect(b0.truth['block2a_expand_bn/gamma:0']).toBe('efficientnet.encoder.blocks.1.expansion.expand_bn.weight');
    expect(b0.truth['block7a_project_bn/moving_variance:0']).toBe('efficientnet.encoder.blocks.15.projection.project_bn.running_var');
    expect(b0.truth['block3b_se_reduce/bias:0']).toBe('efficientnet.encoder.blocks.4.squeeze_excite.reduce.bias');
    expect(shapeOf(b0, 'source', 'block3b_se_reduce/kernel:0')).toEqual([1, 1, 240, 10]);
    expect(b0.truth['predictions/kernel:0']).toBe('classifier.weight');
    expect(b0.transposed).toEqual(['predictions/kernel:0']);
    // the moving statistics come after every trainable variable, the Normalization state first among them
    const s = keys(b0, 'source');
    expect(s.indexOf('normalization/mean:0')).toBe(s.indexOf('predictions/bias:0') + 1);
    expect(s.indexOf('stem_bn/moving_mean:0')).toBeGreaterThan(s.indexOf('top_bn/beta:0'));
    // B7: 55 blocks, stage 6 up to block6m (13 = ceil(4 × 3.1)), the flat index past block6m
    const b7 = family('efficientnet-b7-keras-to-hf');
    expect(b7.truth['block6m_bn/beta:0']).toBe('efficientnet.encoder.blocks.50.depthwise_conv.depthwise_norm.bias');
    expect(b7.truth['block7d_project_conv/kernel:0']).toBe('efficientnet.encoder.blocks.54.projection.project_conv.weight');
    expect(shapeOf(b7, 'target', 'classifier.weight')).toEqual([1000, 2560]);

    const m = family('mobilevit-s-mlcvnets-to-hf');
    expect(m.truth['conv_1.block.conv.weight']).toBe('mobilevit.conv_stem.convolution.weight');
    expect(m.truth['layer_1.0.block.exp_1x1.block.norm.running_var']).toBe('mobilevit.encoder.layer.0.layer.0.expand_1x1.normalization.running_var');
    expect(m.truth['layer_2.2.block.red_1x1.block.conv.weight']).toBe('mobilevit.encoder.layer.1.layer.2.reduce_1x1.convolution.weight');
    expect(m.truth['layer_3.0.block.conv_3x3.block.conv.weight']).toBe('mobilevit.encoder.layer.2.downsampling_layer.conv_3x3.convolution.weight');
    expect(m.truth['layer_4.1.local_rep.conv_3x3.block.conv.weight']).toBe('mobilevit.encoder.layer.3.conv_kxk.convolution.weight');
    expect(m.truth['layer_4.1.local_rep.conv_1x1.block.conv.weight']).toBe('mobilevit.encoder.layer.3.conv_1x1.convolution.weight');
    expect(m.truth['layer_4.1.global_rep.3.pre_norm_ffn.4.bias']).toBe('mobilevit.encoder.layer.3.transformer.layer.3.output.dense.bias');
    expect(m.truth['layer_4.1.global_rep.4.weight']).toBe('mobilevit.encoder.layer.3.layernorm.weight');
    expect(m.truth['layer_5.1.global_rep.3.bias']).toBe('mobilevit.encoder.layer.4.layernorm.bias');
    expect(m.truth['layer_3.1.global_rep.1.pre_norm_mha.1.out_proj.weight']).toBe('mobilevit.encoder.layer.2.transformer.layer.1.attention.output.dense.weight');
    expect(m.truth['layer_3.1.conv_proj.block.norm.bias']).toBe('mobilevit.encoder.layer.2.conv_projection.normalization.bias');
    expect(m.truth['layer_5.1.global_rep.0.pre_norm_mha.1.qkv_proj.weight']).toEqual(['query', 'key', 'value'].map((p) => `mobilevit.encoder.layer.4.transformer.layer.0.attention.attention.${p}.weight`));
    expect(shapeOf(m, 'source', 'layer_5.1.global_rep.0.pre_norm_mha.1.qkv_proj.weight')).toEqual([720, 240]);
    expect(m.truth['classifier.fc.weight']).toBe('classifier.weight');
    // the MobileViT block's LayerNorm: the last item of global_rep in the checkpoint, after the transformer in the model
    const ms = keys(m, 'source');
    expect(ms.indexOf('layer_3.1.global_rep.2.weight')).toBe(ms.indexOf('layer_3.1.global_rep.1.pre_norm_ffn.4.bias') + 1);
    expect(shapeOf(family('mobilevit-xxs-mlcvnets-to-hf'), 'source', 'layer_1.0.block.exp_1x1.block.conv.weight')).toEqual([32, 16, 1, 1]);
  });
});
