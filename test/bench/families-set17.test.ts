/**
 * The seventeenth family set's generators, checked without running the matcher (set 17 is a clean measure: no test
 * here infers a plan or scores one). test/bench/families.test.ts already checks every family's truth against its key
 * lists (targets exist, shapes agree or are declared joined, sizes); this file adds what holds for set 17 in particular:
 * the split, coverage of both sides (but for RevViT's position embedding, which the script rebuilds with a made-up row,
 * and the class token the model adds), the parameter totals of the models against the published ones, and the names,
 * joins, element orders and key orders the reference code writes.
 */
import { describe, expect, it } from 'vitest';
import { FAMILY_MAKERS_17, HELD_OUT_17, type Family } from '../../bench/families/index.js';
import { expectJoinedTargetsTraced, expectRecipesBuildTheirTargets, familySet, itHoldsItsSplit, keys, numel, shapeOf, sourceOf, truthTargets } from '../helpers/family-sets.js';

const set = familySet(FAMILY_MAKERS_17);
const { families, family } = set;

/** elements of one side, BatchNorm running statistics, step counters and int64 relative-position index tables left out (buffers, not parameters) */
const params = (f: Family, side: 'source' | 'target'): number => f[side].filter((e) => !/(running_(mean|var)|num_batches_tracked|relative_position_index)$/.test(e.key)).reduce((a, e) => a + numel(e.shape!), 0);

/** RevViT: the source pos_embed [1, 196, d] is rebuilt by the script with a class-token row no plan op can make; the model's pos_embed [1, 197, d] and cls_token have no source */
const outOfScope = (f: Family): { source: Set<string>; target: Set<string> } =>
  f.name.startsWith('revvit') ? { source: new Set(['pos_embed']), target: new Set(['backbone.pos_embed', 'backbone.cls_token']) } : { source: new Set(), target: new Set() };

describe('family set 17', () => {
  itHoldsItsSplit(set, HELD_OUT_17, {
    count: 10,
    // the split as committed with the set
    heldOut: ['davit-small-original-to-mmpretrain', 'mixmim-base-original-to-mmpretrain', 'replknet-31l-original-to-mmpretrain', 'replknet-xl-original-to-mmpretrain', 'revvit-base-slowfast-to-mmpretrain'],
  });

  describe.each(families)('%s', (_name, f) => {
    it('maps every source key but the out-of-scope ones and reaches every target key but those without a source', () => {
      const { source, target } = outOfScope(f);
      expect(keys(f, 'source').filter((k) => !(k in f.truth) && !source.has(k))).toEqual([]);
      for (const k of source) expect(k in f.truth, k).toBe(false);
      const reached = new Set(Object.values(f.truth).flatMap(truthTargets));
      expect(keys(f, 'target').filter((k) => !reached.has(k) && !target.has(k))).toEqual([]);
      for (const k of target) expect(reached.has(k), k).toBe(false);
      // nothing is dropped: every script here keeps every key it reads
      expect(Object.values(f.truth).filter((v) => v === null)).toEqual([]);
    });
    it('builds every joined target from the sources the truth sends there, and every other recipe its target from its one source', () => {
      expectJoinedTargetsTraced(f);
      // a joined target has several sources, which expectRecipesBuildTheirTargets does not tell apart: RevViT's qkv are checked above
      if (!f.joined?.length) expectRecipesBuildTheirTargets(f);
    });
    it('keeps every element but the out-of-scope ones', () => {
      const { source, target } = outOfScope(f);
      const size = (side: 'source' | 'target', skip: Set<string>): number => params({ ...f, [side]: f[side].filter((e) => !skip.has(e.key)) }, side);
      expect(size('target', target)).toBe(size('source', source));
    });
  });

  it('matches the published parameter totals of the real models', () => {
    // mmpretrain's model zoo (the converted checkpoints), to its precision: DaViT-T / S / B 28.36 / 49.75 / 87.95 M
    // (the DaViT paper 28.3 / 49.7 / 87.9 M); RepLKNet-31B / 31L / XL 79.86 / 172.67 / 335.44 M (the paper 79 / 172 / 335 M);
    // RevViT-S / B 22.44 / 87.34 M (the paper 22 / 87 M); MixMIM-B / L 88.34 / 197.4 M (the paper 88 / 197 M, position
    // embedding and relative-position tables included)
    const totals: [string, number][] = [
      ['davit-tiny-original-to-mmpretrain', 28.36], ['davit-small-original-to-mmpretrain', 49.75], ['davit-base-original-to-mmpretrain', 87.95],
      ['replknet-31b-original-to-mmpretrain', 79.86], ['replknet-31l-original-to-mmpretrain', 172.67], ['replknet-xl-original-to-mmpretrain', 335.44],
      ['revvit-small-slowfast-to-mmpretrain', 22.44], ['revvit-base-slowfast-to-mmpretrain', 87.34],
      ['mixmim-base-original-to-mmpretrain', 88.34], ['mixmim-large-original-to-mmpretrain', 197.4],
    ];
    for (const [name, millions] of totals) expect(Math.round(params(family(name), 'target') / 1e4) / 100, name).toBeCloseTo(millions, 1);
    expect(totals.map((t) => t[0]).sort()).toEqual(families.map(([n]) => n).sort());
    // the RevViT checkpoints hold no class token: the model's one extra position row and its cls_token are all they lack
    expect(params(family('revvit-base-slowfast-to-mmpretrain'), 'target') - params(family('revvit-base-slowfast-to-mmpretrain'), 'source')).toBe(2 * 768);
  });

  it('uses the names, joins and order the reference code writes', () => {
    const d = family('davit-tiny-original-to-mmpretrain');
    expect(d.truth['patch_embeds.0.proj.weight']).toBe('backbone.patch_embed.projection.weight');
    expect(d.truth['patch_embeds.0.norm.bias']).toBe('backbone.patch_embed.norm.bias');
    // the downsampling that opens stage S in the checkpoint closes stage S-1 in the model
    expect(d.truth['patch_embeds.2.proj.weight']).toBe('backbone.stages.1.downsample.projection.weight');
    expect(d.truth['patch_embeds.3.norm.weight']).toBe('backbone.stages.2.downsample.norm.weight');
    expect(shapeOf(d, 'source', 'patch_embeds.3.norm.weight')).toEqual([384]);
    expect(d.truth['main_blocks.2.1.0.cpe.0.proj.weight']).toBe('backbone.stages.2.blocks.1.spatial_block.cpe1.proj.weight');
    expect(d.truth['main_blocks.2.1.0.attn.qkv.bias']).toBe('backbone.stages.2.blocks.1.spatial_block.attn.w_msa.qkv.bias');
    expect(d.truth['main_blocks.2.2.1.attn.proj.weight']).toBe('backbone.stages.2.blocks.2.channel_block.attn.proj.weight');
    expect(d.truth['main_blocks.0.0.1.cpe.1.proj.bias']).toBe('backbone.stages.0.blocks.0.channel_block.cpe2.proj.bias');
    expect(d.truth['main_blocks.3.0.1.mlp.fc2.weight']).toBe('backbone.stages.3.blocks.0.channel_block.ffn.layers.1.weight');
    expect(d.truth['main_blocks.1.0.0.mlp.fc1.weight']).toBe('backbone.stages.1.blocks.0.spatial_block.ffn.layers.0.0.weight');
    expect(d.truth['norms.weight']).toBe('backbone.norm3.weight');
    expect(d.truth['head.bias']).toBe('head.fc.bias');
    const dt = keys(d, 'target');
    expect(dt.indexOf('backbone.stages.0.downsample.projection.weight')).toBeGreaterThan(dt.indexOf('backbone.stages.0.blocks.0.channel_block.ffn.layers.1.bias'));
    expect(dt.indexOf('backbone.stages.0.blocks.0.spatial_block.cpe2.proj.weight')).toBeGreaterThan(dt.indexOf('backbone.stages.0.blocks.0.spatial_block.attn.w_msa.proj.bias'));
    // DaViT-S's third stage holds nine pairs: the script's nine-block loop reaches the last one
    expect(family('davit-small-original-to-mmpretrain').truth['main_blocks.2.8.1.norm2.weight']).toBe('backbone.stages.2.blocks.8.channel_block.norm2.weight');

    const r = family('replknet-31b-original-to-mmpretrain');
    expect(r.truth['stem.1.conv.weight']).toBe('backbone.stem.1.conv.weight');
    expect(shapeOf(r, 'source', 'stem.1.conv.weight')).toEqual([128, 1, 3, 3]);
    expect(r.truth['stages.2.blocks.34.large_kernel.small_conv.bn.running_var']).toBe('backbone.stages.2.blocks.34.large_kernel.small_conv.bn.running_var');
    expect(shapeOf(r, 'source', 'stages.2.blocks.34.large_kernel.lkb_origin.conv.weight')).toEqual([512, 1, 27, 27]);
    expect(r.truth['stages.2.blocks.35.preffn_bn.weight']).toBe('backbone.stages.2.blocks.35.preffn_bn.weight');
    expect(r.truth['transitions.1.1.bn.bias']).toBe('backbone.transitions.1.1.bn.bias');
    expect(r.truth['norm.running_mean']).toBe('backbone.stages.3.norm.running_mean');
    expect(r.truth['head.weight']).toBe('head.fc.weight');
    // the classifier's norm comes after the transitions in the checkpoint, inside the last stage (before them) in the model
    expect(keys(r, 'source').indexOf('norm.weight')).toBeGreaterThan(keys(r, 'source').indexOf('transitions.2.1.bn.num_batches_tracked'));
    expect(keys(r, 'target').indexOf('backbone.stages.3.norm.weight')).toBeLessThan(keys(r, 'target').indexOf('backbone.transitions.0.0.conv.weight'));
    const xl = family('replknet-xl-original-to-mmpretrain');
    expect(keys(xl, 'source').some((k) => k.includes('small_conv'))).toBe(false);
    expect(shapeOf(xl, 'source', 'stages.0.blocks.0.pw1.conv.weight')).toEqual([384, 256, 1, 1]);

    const v = family('revvit-small-slowfast-to-mmpretrain');
    expect(v.truth['patch_embed.proj.weight']).toBe('backbone.patch_embed.projection.weight');
    expect(v.truth['rev_backbone.layers.4.F.norm.weight']).toBe('backbone.layers.4.ln1.weight');
    expect(v.truth['rev_backbone.layers.4.G.norm.bias']).toBe('backbone.layers.4.ln2.bias');
    expect(v.truth['rev_backbone.layers.4.F.attn.proj.weight']).toBe('backbone.layers.4.attn.proj.weight');
    expect(v.truth['rev_backbone.layers.4.G.mlp.fc1.weight']).toBe('backbone.layers.4.ffn.layers.0.0.weight');
    expect(v.truth['norm.weight']).toBe('backbone.ln1.weight');
    expect(shapeOf(v, 'target', 'backbone.ln1.weight')).toEqual([768]);
    expect(v.truth['head.projection.bias']).toBe('head.fc.bias');
    for (const p of ['q', 'k', 'v']) expect(v.truth[`rev_backbone.layers.4.F.attn.${p}.bias`]).toBe('backbone.layers.4.attn.qkv.bias');
    // q, k, v concatenated along dim 0 in that order
    expect(sourceOf(v, 'backbone.layers.4.attn.qkv.weight', 384 * 384 + 7)).toEqual(['rev_backbone.layers.4.F.attn.k.weight', 7]);
    expect(sourceOf(v, 'backbone.layers.4.attn.qkv.bias', 2 * 384 + 5)).toEqual(['rev_backbone.layers.4.F.attn.v.bias', 5]);
    expect(v.joined).toHaveLength(24);
    expect(shapeOf(v, 'source', 'pos_embed')).toEqual([1, 196, 384]);
    expect(shapeOf(v, 'target', 'backbone.pos_embed')).toEqual([1, 197, 384]);

    const m = family('mixmim-large-original-to-mmpretrain');
    expect(m.truth['absolute_pos_embed']).toBe('backbone.absolute_pos_embed');
    expect(m.truth['patch_embed.proj.weight']).toBe('backbone.patch_embed.projection.weight');
    expect(m.truth['layers.2.blocks.17.norm1.weight']).toBe('backbone.layers.2.blocks.17.ln1.weight');
    expect(m.truth['layers.2.blocks.17.attn.relative_position_bias_table']).toBe('backbone.layers.2.blocks.17.attn.relative_position_bias_table');
    expect(shapeOf(m, 'source', 'layers.2.blocks.17.attn.relative_position_bias_table')).toEqual([27 * 27, 24]);
    expect(shapeOf(m, 'source', 'layers.3.blocks.1.attn.relative_position_index')).toEqual([49, 49]);
    expect(m.truth['layers.3.blocks.1.mlp.fc2.bias']).toBe('backbone.layers.3.blocks.1.ffn.layers.1.bias');
    expect(m.truth['layers.1.downsample.reduction.weight']).toBe('backbone.layers.1.downsample.reduction.weight');
    expect(m.truth['head.weight']).toBe('head.fc.weight');
    // timm's PatchMerging registers reduction then norm, mmcv's norm then reduction
    const ms = keys(m, 'source');
    const mt = keys(m, 'target');
    expect(ms.indexOf('layers.0.downsample.reduction.weight')).toBeLessThan(ms.indexOf('layers.0.downsample.norm.weight'));
    expect(mt.indexOf('backbone.layers.0.downsample.norm.weight')).toBeLessThan(mt.indexOf('backbone.layers.0.downsample.reduction.weight'));
    // the 4C axis: out[c * 4 + j] = in[[0, 2, 1, 3][j] * C + c] (C = 384 in the second stage of MixMIM-L)
    const red = 'backbone.layers.1.downsample.reduction.weight';
    expect(shapeOf(m, 'target', red)).toEqual([768, 1536]);
    expect(sourceOf(m, red, 3 * 1536 + 5 * 4 + 1)).toEqual(['layers.1.downsample.reduction.weight', 3 * 1536 + 2 * 384 + 5]);
    expect(sourceOf(m, red, 3 * 1536 + 5 * 4 + 2)).toEqual(['layers.1.downsample.reduction.weight', 3 * 1536 + 1 * 384 + 5]);
    expect(sourceOf(m, 'backbone.layers.1.downsample.norm.bias', 7 * 4 + 3)).toEqual(['layers.1.downsample.norm.bias', 3 * 384 + 7]);
    expect(Object.keys(m.recipes!)).toHaveLength(9);
  });
});
