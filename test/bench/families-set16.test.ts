/**
 * The sixteenth family set's generators, checked without running the matcher (set 16 is a clean measure: no test
 * here infers a plan or scores one). test/bench/families.test.ts already checks every family's truth against its key
 * lists (targets exist, shapes agree or are declared joined, sizes); this file adds what holds for set 16 in particular:
 * the split, coverage of the target (but for CheXNet's num_batches_tracked buffers, which its PyTorch 0.3 checkpoint does
 * not hold), the parameter totals of the models against the published ones, and the names, joins and order the
 * reference code writes.
 */
import { describe, expect, it } from 'vitest';
import { FAMILY_MAKERS_16, HELD_OUT_16, type Family } from '../../bench/families/index.js';
import { expectJoinedTargetsTraced, expectReachesEveryKey, familySet, itHoldsItsSplit, keys, numel, shapeOf, sourceOf } from '../helpers/family-sets.js';

const set = familySet(FAMILY_MAKERS_16);
const { families, family } = set;

/** elements of one side, BatchNorm running statistics, step counters and attention index tables left out (buffers, not parameters) */
const params = (f: Family, side: 'source' | 'target'): number => f[side].filter((e) => !/(running_(mean|var)|num_batches_tracked|attention_bias_idxs)$/.test(e.key)).reduce((a, e) => a + numel(e.shape!), 0);

/** the target keys no source reaches by design: BatchNorm step counters a checkpoint older than PyTorch 0.4.1 lacks */
const exempt = (f: Family): Set<string> => {
  const source = new Set(keys(f, 'source'));
  const old = !f.source.some((e) => e.key.endsWith('num_batches_tracked'));
  return new Set(keys(f, 'target').filter((k) => old && k.endsWith('.num_batches_tracked') && !source.has(k)));
};

describe('family set 16', () => {
  itHoldsItsSplit(set, HELD_OUT_16, {
    count: 11,
    // the split as committed with the set
    heldOut: ['chexnet-densenet121-to-mmcls', 'mixtral-8x7b-v4-to-v5-fused-experts', 'tinyvit-11m-original-to-mmpretrain', 'tinyvit-21m-original-to-mmpretrain', 'yolox-l-official-to-mmdet', 'yolox-x-official-to-mmdet'],
  });

  describe.each(families)('%s', (_name, f) => {
    it('reaches every target key but step counters the checkpoint predates, and maps every source key', () => expectReachesEveryKey(f, exempt(f)));
    it('builds every joined target from the sources the truth sends there, its shape the target\'s', () => expectJoinedTargetsTraced(f));
    it('keeps every element: the target holds the parameters of the source', () => expect(params(f, 'target')).toBe(params(f, 'source')));
  });

  it('matches the published parameter totals of the real models', () => {
    // exact where a count follows from a published one, to the publisher's precision otherwise
    // torchvision densenet121 has 7,978,856 parameters with its 1000-class Linear(1024, 1000); CheXNet's has 14 classes
    expect(params(family('chexnet-densenet121-to-mmcls'), 'source')).toBe(7_978_856 - 1025 * 1000 + 1025 * 14);
    // Mixtral-8x7B-v0.1's safetensors hold 46,702,792,704 parameters; Mixtral-8x22B-v0.1 is published as 141 B
    expect(params(family('mixtral-8x7b-v4-to-v5-fused-experts'), 'source')).toBe(46_702_792_704);
    expect(Math.round(params(family('mixtral-8x22b-v4-to-v5-fused-experts'), 'source') / 1e9)).toBe(141);
    // the YOLOX README: s 9.0 M, m 25.3 M, l 54.2 M, x 99.1 M, tiny 5.06 M
    const yolox: [string, number, number][] = [
      ['yolox-s-official-to-mmdet', 1e5, 90], ['yolox-m-official-to-mmdet', 1e5, 253], ['yolox-l-official-to-mmdet', 1e5, 542],
      ['yolox-x-official-to-mmdet', 1e5, 991], ['yolox-tiny-official-to-mmdet', 1e4, 506],
    ];
    for (const [name, unit, total] of yolox) expect(Math.round(params(family(name), 'source') / unit), name).toBe(total);
    // timm's tiny_vit_5m / 11m / 21m_224: 5.39 M, 11.0 M, 21.2 M (the TinyViT README: 5.4 M, 11 M, 21 M)
    const tiny: [string, number, number][] = [['tinyvit-5m-original-to-mmpretrain', 1e4, 539], ['tinyvit-11m-original-to-mmpretrain', 1e5, 110], ['tinyvit-21m-original-to-mmpretrain', 1e5, 212]];
    for (const [name, unit, total] of tiny) expect(Math.round(params(family(name), 'source') / unit), name).toBe(total);
    expect([...yolox, ...tiny].map((t) => t[0]).concat(['chexnet-densenet121-to-mmcls', 'mixtral-8x7b-v4-to-v5-fused-experts', 'mixtral-8x22b-v4-to-v5-fused-experts']).sort()).toEqual(families.map(([n]) => n).sort());
  });

  it('uses the names, joins and order the reference code writes', () => {
    const y = family('yolox-s-official-to-mmdet');
    expect(y.truth['backbone.backbone.stem.conv.conv.weight']).toBe('backbone.stem.conv.conv.weight');
    expect(y.truth['backbone.backbone.dark3.1.conv2.bn.running_var']).toBe('backbone.stage2.1.short_conv.bn.running_var');
    expect(y.truth['backbone.backbone.dark3.1.m.2.conv1.conv.weight']).toBe('backbone.stage2.1.blocks.2.conv1.conv.weight');
    expect(y.truth['backbone.backbone.dark5.1.conv2.conv.weight']).toBe('backbone.stage4.1.conv2.conv.weight');
    expect(y.truth['backbone.backbone.dark5.2.conv3.bn.weight']).toBe('backbone.stage4.2.final_conv.bn.weight');
    expect(y.truth['backbone.lateral_conv0.conv.weight']).toBe('neck.reduce_layers.0.conv.weight');
    expect(y.truth['backbone.reduce_conv1.bn.bias']).toBe('neck.reduce_layers.1.bn.bias');
    expect(y.truth['backbone.bu_conv2.conv.weight']).toBe('neck.downsamples.0.conv.weight');
    expect(y.truth['backbone.bu_conv1.conv.weight']).toBe('neck.downsamples.1.conv.weight');
    expect(y.truth['backbone.C3_p3.conv1.conv.weight']).toBe('neck.top_down_blocks.1.main_conv.conv.weight');
    expect(y.truth['backbone.C3_n4.m.0.conv2.conv.weight']).toBe('neck.bottom_up_blocks.1.blocks.0.conv2.conv.weight');
    expect(y.truth['head.stems.2.bn.weight']).toBe('neck.out_convs.2.bn.weight');
    expect(y.truth['head.cls_convs.1.0.conv.weight']).toBe('bbox_head.multi_level_cls_convs.1.0.conv.weight');
    expect(y.truth['head.obj_preds.0.bias']).toBe('bbox_head.multi_level_conv_obj.0.bias');
    // the head's stems come last in the checkpoint, the neck's out_convs before the head in the model
    const tk = keys(y, 'target');
    expect(tk.indexOf('neck.out_convs.0.conv.weight')).toBeLessThan(tk.indexOf('bbox_head.multi_level_cls_convs.0.0.conv.weight'));
    const sk = keys(y, 'source');
    expect(sk.indexOf('head.stems.0.conv.weight')).toBeGreaterThan(sk.indexOf('head.obj_preds.2.bias'));
    // the two downsamples and every cls / reg conv of the head are look-alikes
    expect(shapeOf(y, 'source', 'head.cls_convs.0.1.conv.weight')).toEqual(shapeOf(y, 'source', 'head.reg_convs.2.0.conv.weight'));
    expect(shapeOf(y, 'source', 'backbone.bu_conv2.conv.weight')).toEqual([128, 128, 3, 3]);

    const m = family('mixtral-8x22b-v4-to-v5-fused-experts');
    expect(m.truth['model.layers.7.block_sparse_moe.gate.weight']).toBe('model.layers.7.mlp.gate.weight');
    expect(m.truth['model.layers.7.block_sparse_moe.experts.5.w3.weight']).toBe('model.layers.7.mlp.experts.gate_up_proj');
    expect(m.truth['model.layers.7.self_attn.k_proj.weight']).toBe('model.layers.7.self_attn.k_proj.weight');
    expect(shapeOf(m, 'target', 'model.layers.7.mlp.experts.gate_up_proj')).toEqual([8, 2 * 16384, 6144]);
    const gu = 'model.layers.7.mlp.experts.gate_up_proj';
    // experts along the new dim 0, w1 (gate) then w3 (up) along dim 1
    expect(sourceOf(m, gu, (3 * 2 * 16384 + 5) * 6144 + 7)).toEqual(['model.layers.7.block_sparse_moe.experts.3.w1.weight', 5 * 6144 + 7]);
    expect(sourceOf(m, gu, (3 * 2 * 16384 + 16384 + 5) * 6144 + 7)).toEqual(['model.layers.7.block_sparse_moe.experts.3.w3.weight', 5 * 6144 + 7]);
    expect(sourceOf(m, 'model.layers.7.mlp.experts.down_proj', 2 * 6144 * 16384 + 11)).toEqual(['model.layers.7.block_sparse_moe.experts.2.w2.weight', 11]);
    expect(keys(m, 'source')).toEqual(keys(m, 'source').sort());

    const tv = family('tinyvit-5m-original-to-mmpretrain');
    expect(tv.truth['patch_embed.seq.2.bn.running_mean']).toBe('backbone.patch_embed.seq.2.bn2d.running_mean');
    expect(tv.truth['layers.0.blocks.1.conv2.c.weight']).toBe('backbone.stages.0.blocks.1.conv2.conv2d.weight');
    expect(tv.truth['layers.2.blocks.5.attn.attention_biases']).toBe('backbone.stages.2.blocks.5.attn.attention_biases');
    expect(tv.truth['layers.2.downsample.conv3.bn.num_batches_tracked']).toBe('backbone.stages.2.downsample.conv3.bn2d.num_batches_tracked');
    expect(tv.truth['norm_head.bias']).toBe('backbone.norm3.bias');
    expect(tv.truth['head.weight']).toBe('head.fc.weight');
    expect(shapeOf(tv, 'source', 'layers.2.blocks.0.attn.attention_biases')).toEqual([5, 196]);
    // the released checkpoint's index tables (one per attention block, 10 in all) are dropped: the model does not keep them
    expect(tv.truth['layers.2.blocks.0.attn.attention_bias_idxs']).toBeNull();
    expect(shapeOf(tv, 'source', 'layers.2.blocks.0.attn.attention_bias_idxs')).toEqual([196, 196]);
    expect(Object.values(tv.truth).filter((v) => v === null)).toHaveLength(10);

    const c = family('chexnet-densenet121-to-mmcls');
    expect(c.truth['module.densenet121.features.conv0.weight']).toBe('backbone.stem.0.weight');
    expect(c.truth['module.densenet121.features.norm0.running_var']).toBe('backbone.stem.1.running_var');
    expect(c.truth['module.densenet121.features.denseblock3.denselayer24.norm.2.weight']).toBe('backbone.stages.2.block.23.norm2.weight');
    expect(c.truth['module.densenet121.features.denseblock1.denselayer1.conv.1.weight']).toBe('backbone.stages.0.block.0.conv1.weight');
    expect(c.truth['module.densenet121.features.transition2.conv.weight']).toBe('backbone.transitions.1.conv.weight');
    expect(c.truth['module.densenet121.features.norm5.bias']).toBe('backbone.transitions.3.0.bias');
    expect(c.truth['module.densenet121.classifier.0.weight']).toBe('head.fc.weight');
    // the checkpoint interleaves blocks and transitions; mmpretrain lists every stage before every transition
    const ck = keys(c, 'target');
    expect(ck.indexOf('backbone.stages.3.block.0.norm1.weight')).toBeLessThan(ck.indexOf('backbone.transitions.0.norm.weight'));
    expect(c.source.some((e) => e.key.endsWith('num_batches_tracked'))).toBe(false);
    // the old dotted names come in registration order: norm.1, conv.1, norm.2, conv.2
    const sk2 = keys(c, 'source');
    const at = (k: string): number => sk2.indexOf(`module.densenet121.features.denseblock1.denselayer1.${k}`);
    expect(at('norm.1.weight')).toBeLessThan(at('conv.1.weight'));
    expect(at('conv.1.weight')).toBeLessThan(at('norm.2.weight'));
    expect(exempt(c).size).toBe(121);
  });
});
