import { describe, expect, test } from 'vitest';
import { inferPlan } from '../../../src/analysis/infer/index.js';
import type { KeyEntry } from '../../../src/formats/keys.js';

const e = (key: string, shape: number[]): KeyEntry => ({ key, shape, dtype: 'float32' });

// HunyuanDiT → diffusers: the block's LayerNorm `norm1` becomes AdaLayerNorm's `norm1.norm`, and the block's
// modulation `default_modulation.1` becomes that AdaLayerNorm's `norm1.linear`. The module rule
// `^blocks\.(\d+)\.norm1\.` → `blocks.$1.norm1.norm.` would also move `norm1.linear` once the modulation is renamed,
// so the search fell back to one exact rename per key (two per block: 80 of HunyuanDiT's 102 ops).
describe('a segment inserted before the leaf is one op per leaf, not one per key', () => {
  const D = 8, L = 12;
  const source = Array.from({ length: L }, (_, i) => [
    e(`blocks.${i}.norm1.weight`, [D]),
    e(`blocks.${i}.norm1.bias`, [D]),
    e(`blocks.${i}.attn1.qkv.weight`, [3 * D, D]),
    e(`blocks.${i}.default_modulation.1.weight`, [6 * D, D]),
    e(`blocks.${i}.default_modulation.1.bias`, [6 * D]),
    e(`blocks.${i}.mlp.fc1.weight`, [4 * D, D]),
  ]).flat();
  const target = Array.from({ length: L }, (_, i) => [
    e(`blocks.${i}.norm1.linear.weight`, [6 * D, D]),
    e(`blocks.${i}.norm1.linear.bias`, [6 * D]),
    e(`blocks.${i}.norm1.norm.weight`, [D]),
    e(`blocks.${i}.norm1.norm.bias`, [D]),
    e(`blocks.${i}.attn1.qkv.weight`, [3 * D, D]),
    e(`blocks.${i}.mlp.fc1.weight`, [4 * D, D]),
  ]).flat();

  test('every key named as the model names it, in a handful of ops', () => {
    const r = inferPlan({ source, target });
    for (let i = 0; i < L; i++) {
      expect(r.mapping[`blocks.${i}.norm1.weight`]).toBe(`blocks.${i}.norm1.norm.weight`);
      expect(r.mapping[`blocks.${i}.norm1.bias`]).toBe(`blocks.${i}.norm1.norm.bias`);
      expect(r.mapping[`blocks.${i}.default_modulation.1.weight`]).toBe(`blocks.${i}.norm1.linear.weight`);
    }
    expect(r.leftover).toEqual([]);
    expect(r.ops.length).toBeLessThanOrEqual(3);
  });
});
