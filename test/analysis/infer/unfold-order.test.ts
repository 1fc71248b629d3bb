import { describe, expect, test } from 'vitest';
import { inferPlan } from '../../../src/analysis/infer/index.js';
import { UNFOLD_ORDER_CARRIED, UNFOLD_ORDER_REASON } from '../../../src/analysis/infer/unfold-order.js';
import type { KeyEntry } from '../../../src/formats/keys.js';

const e = (key: string, shape: number[]): KeyEntry => ({ key, shape, dtype: 'float32' });
const linear = (p: string, o: number, i: number, bias = true): KeyEntry[] => [e(`${p}.weight`, [o, i]), ...(bias ? [e(`${p}.bias`, [o])] : [])];
const norm = (p: string, c: number): KeyEntry[] => [e(`${p}.weight`, [c]), e(`${p}.bias`, [c])];

type Style = 'timm' | 'mmcv';
/**
 * A two-stage Swin as timm (norm1, mlp.fc1 / fc2) or OpenMMLab (ln1, mmcv FFN ffn.layers.0.0 / ffn.layers.1) names its
 * blocks; each stage but the last ends in a PatchMerging `downsample` (reduction Linear 4C → 2C, no bias, and a norm of
 * 4C, or with `v2` SwinV2's norm of 2C after it). `prefix`: OpenMMLab's `backbone.`.
 */
function swin(style: Style, prefix = '', v2 = false): KeyEntry[] {
  const out: KeyEntry[] = [];
  const widths = [32, 64];
  widths.forEach((d, s) => {
    for (const b of [0, 1]) {
      const p = `${prefix}layers.${s}.blocks.${b}`;
      out.push(...norm(`${p}.${style === 'timm' ? 'norm1' : 'ln1'}`, d), ...linear(`${p}.attn.qkv`, 3 * d, d), ...linear(`${p}.attn.proj`, d, d));
      out.push(...norm(`${p}.${style === 'timm' ? 'norm2' : 'ln2'}`, d));
      out.push(...linear(`${p}.${style === 'timm' ? 'mlp.fc1' : 'ffn.layers.0.0'}`, 4 * d, d), ...linear(`${p}.${style === 'timm' ? 'mlp.fc2' : 'ffn.layers.1'}`, d, 4 * d));
    }
    if (s < widths.length - 1) {
      const p = `${prefix}layers.${s}.downsample`;
      out.push(...(v2 ? [] : norm(`${p}.norm`, 4 * d)), ...linear(`${p}.reduction`, 2 * d, 4 * d, false), ...(v2 ? norm(`${p}.norm`, 2 * d) : []));
    }
  });
  return out;
}

const merging = (prefix: string) => [0].flatMap((s) => ['reduction.weight', 'norm.weight', 'norm.bias'].map((k) => `${prefix}layers.${s}.downsample.${k}`));

/**
 * mixmim_to_mmpretrain.py / swin2mmpretrain.py reorder a PatchMerging's 4C axis (correct_unfold_reduction_order,
 * correct_unfold_norm_order): timm concatenates the four neighbours as blocks of C, mmcv's nn.Unfold interleaves them
 * channel-major. Same names, same shapes: before this rule the plan paired them as they are (a strict load passes
 * with the merged channels scrambled).
 */
describe('a patch merging between timm and OpenMMLab is listed, never renamed as it is', () => {
  test('timm → mmcv: the reduction weight and the 4C norm are listed with why, every other key paired', () => {
    const r = inferPlan({ source: swin('timm'), target: swin('mmcv', 'backbone.') });
    for (const k of merging('')) {
      expect(r.leftover).toContain(k);
      expect(r.ambiguities.find((a) => a.keys.includes(k))?.reason).toBe(UNFOLD_ORDER_REASON);
    }
    expect(r.mapping['layers.1.blocks.0.mlp.fc1.weight']).toBe('backbone.layers.1.blocks.0.ffn.layers.0.0.weight');
    expect(r.mapping['layers.0.blocks.1.norm2.bias']).toBe('backbone.layers.0.blocks.1.ln2.bias');
    expect(r.fixable && r.unmapped.length === 0).toBe(false);
  });

  test('mmcv → timm: the prefix every key loses carries them as stored, and the plan says they load so, with why', () => {
    const r = inferPlan({ source: swin('mmcv', 'backbone.'), target: swin('timm') });
    expect(r.ops[0]).toMatchObject({ op: 'strip_prefix', prefix: 'backbone.' });
    for (const k of merging('backbone.')) {
      expect(r.mapping[k]).toBe(k.slice('backbone.'.length));
      expect(r.ambiguities.find((a) => a.keys.includes(k))).toMatchObject({ reason: UNFOLD_ORDER_CARRIED, loadsAsStored: true });
    }
    expect(r.mapping['backbone.layers.0.blocks.0.ln1.weight']).toBe('layers.0.blocks.0.norm1.weight');
    expect(r.ambiguities.filter((a) => a.loadsAsStored)).toHaveLength(3);
  });

  // probes: the same words where the order is the same
  test('both sides OpenMMLab (a prefix only): the merging is renamed with the rest', () => {
    const r = inferPlan({ source: swin('mmcv'), target: swin('mmcv', 'backbone.') });
    for (const k of merging('')) expect(r.mapping[k]).toBe(`backbone.${k}`);
    expect(r.ambiguities).toEqual([]);
  });

  test('neither side OpenMMLab (timm block names both sides): the merging is renamed with the rest', () => {
    const r = inferPlan({ source: swin('timm'), target: swin('timm', 'model.') });
    for (const k of merging('')) expect(r.mapping[k]).toBe(`model.${k}`);
  });

  test("SwinV2's norm after the reduction (of 2C, its output) keeps its order: only the reduction weight is listed", () => {
    const r = inferPlan({ source: swin('timm', '', true), target: swin('mmcv', 'backbone.', true) });
    expect(r.leftover).toContain('layers.0.downsample.reduction.weight');
    expect(r.mapping['layers.0.downsample.norm.weight']).toBe('backbone.layers.0.downsample.norm.weight');
    expect(r.mapping['layers.0.downsample.norm.bias']).toBe('backbone.layers.0.downsample.norm.bias');
  });
});
