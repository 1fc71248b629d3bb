import { describe, expect, test } from 'vitest';
import { inferPlan } from '../../../src/analysis/infer/index.js';
import { applyOpsToKeys } from '../../../src/analysis/op-keys.js';
import type { KeyEntry } from '../../../src/formats/keys.js';

const e = (key: string, shape: number[]): KeyEntry => ({ key, shape, dtype: 'float32' });

/** A Mix Transformer block: q and kv beside proj, sr and norm (SegFormer), in `prefix`, `c` channels. */
function mitBlock(prefix: string, c: number): KeyEntry[] {
  return [
    e(`${prefix}.norm1.weight`, [c]), e(`${prefix}.norm1.bias`, [c]),
    e(`${prefix}.attn.q.weight`, [c, c]), e(`${prefix}.attn.q.bias`, [c]),
    e(`${prefix}.attn.kv.weight`, [2 * c, c]), e(`${prefix}.attn.kv.bias`, [2 * c]),
    e(`${prefix}.attn.proj.weight`, [c, c]), e(`${prefix}.attn.proj.bias`, [c]),
    e(`${prefix}.attn.sr.weight`, [c, c, 2, 2]), e(`${prefix}.attn.sr.bias`, [c]),
    e(`${prefix}.attn.norm.weight`, [c]), e(`${prefix}.attn.norm.bias`, [c]),
    e(`${prefix}.norm2.weight`, [c]), e(`${prefix}.norm2.bias`, [c]),
  ];
}

/** The same block as mmseg holds it: q, k, v in one nn.MultiheadAttention (`attn.attn.in_proj_*`). */
function mmsegBlock(prefix: string, c: number): KeyEntry[] {
  return [
    e(`${prefix}.norm1.weight`, [c]), e(`${prefix}.norm1.bias`, [c]),
    e(`${prefix}.attn.attn.in_proj_weight`, [3 * c, c]), e(`${prefix}.attn.attn.in_proj_bias`, [3 * c]),
    e(`${prefix}.attn.attn.out_proj.weight`, [c, c]), e(`${prefix}.attn.attn.out_proj.bias`, [c]),
    e(`${prefix}.attn.sr.weight`, [c, c, 2, 2]), e(`${prefix}.attn.sr.bias`, [c]),
    e(`${prefix}.attn.norm.weight`, [c]), e(`${prefix}.attn.norm.bias`, [c]),
    e(`${prefix}.norm2.weight`, [c]), e(`${prefix}.norm2.bias`, [c]),
  ];
}

describe('q + kv joined into an attention\'s in_proj', () => {
  // two look-alike blocks per stage, stages renumbered (block1 → layers.0.1): only the module alignment places them
  const source = [...mitBlock('block1.0', 8), ...mitBlock('block1.1', 8), ...mitBlock('block2.0', 16), ...mitBlock('block2.1', 16)];
  const target = [...mmsegBlock('layers.0.1.0', 8), ...mmsegBlock('layers.0.1.1', 8), ...mmsegBlock('layers.1.1.0', 16), ...mmsegBlock('layers.1.1.1', 16)];
  const r = inferPlan({ source, target });

  test('each block\'s q and kv (named parts covering q, k, v) become its own in_proj, q first', () => {
    for (const [s, t] of [['block1.0', 'layers.0.1.0'], ['block1.1', 'layers.0.1.1'], ['block2.1', 'layers.1.1.1']] as const) {
      expect(r.mapping[`${s}.attn.q.weight`]).toBe(`${t}.attn.attn.in_proj_weight`);
      expect(r.mapping[`${s}.attn.kv.bias`]).toBe(`${t}.attn.attn.in_proj_bias`);
      // the joined tensor's sources in join order, whatever form (keys or pattern) the concat takes
      const joined = applyOpsToKeys(r.ops, source).outputs.find((o) => o.key === `${t}.attn.attn.in_proj_weight`);
      expect(joined?.sources.map((k) => k.split('.').slice(-2, -1)[0])).toEqual(['q', 'kv']);
    }
  });

  test('the look-alike norms keep their own tensors: kv is never cut into two blocks\' norm biases', () => {
    expect(r.mapping['block1.0.norm1.bias']).toBe('layers.0.1.0.norm1.bias');
    expect(r.mapping['block2.1.norm2.weight']).toBe('layers.1.1.1.norm2.weight');
    expect(r.ops.some((o) => o.op === 'split')).toBe(false);
    expect(r.leftover).toEqual([]);
    expect(r.unmapped).toEqual([]);
  });
});
