/**
 * Look-alike norms named after the sibling whose residual branch they open (T5X's `pre_attention_layer_norm`
 * beside `attention`, `pre_mlp_layer_norm` beside `mlp`) against HF T5's `layer.0.layer_norm` and
 * `layer.1.layer_norm`, which are named after nothing: each goes to the one that lies in the module its
 * namesake went to (`attention` → `layer.0.SelfAttention`). A `post_` norm is not its namesake's.
 */
import { describe, expect, test } from 'vitest';
import { inferPlan } from '../../../src/analysis/infer/index.js';
import type { KeyEntry } from '../../../src/formats/keys.js';
import { e } from './layouts.js';

const [d, ff] = [8, 24];

function t5xLike(layers: number, norm: (branch: string) => string): { source: KeyEntry[]; target: KeyEntry[] } {
  const source: KeyEntry[] = [];
  const target: KeyEntry[] = [];
  for (let l = 0; l < layers; l++) {
    const s = `encoder/layers_${l}`;
    for (const x of ['key', 'out', 'query', 'value']) source.push(e(`${s}/attention/${x}/kernel`, [d, d]));
    source.push(e(`${s}/mlp/wi/kernel`, [d, ff]), e(`${s}/mlp/wo/kernel`, [ff, d]));
    source.push(e(`${s}/${norm('attention')}/scale`, [d]), e(`${s}/${norm('mlp')}/scale`, [d]));
    const t = `encoder.block.${l}.layer`;
    for (const x of ['q', 'k', 'v', 'o']) target.push(e(`${t}.0.SelfAttention.${x}.weight`, [d, d]));
    target.push(e(`${t}.0.layer_norm.weight`, [d]));
    target.push(e(`${t}.1.DenseReluDense.wi.weight`, [ff, d]), e(`${t}.1.DenseReluDense.wo.weight`, [d, ff]), e(`${t}.1.layer_norm.weight`, [d]));
  }
  source.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { source, target };
}

describe('a look-alike norm named after the sibling it stands before', () => {
  test('goes to the look-alike inside the module that sibling went to', () => {
    const { source, target } = t5xLike(4, (b) => `pre_${b}_layer_norm`);
    const r = inferPlan({ source, target });
    for (let l = 0; l < 4; l++) {
      expect(r.mapping[`encoder/layers_${l}/pre_attention_layer_norm/scale`]).toBe(`encoder.block.${l}.layer.0.layer_norm.weight`);
      expect(r.mapping[`encoder/layers_${l}/pre_mlp_layer_norm/scale`]).toBe(`encoder.block.${l}.layer.1.layer_norm.weight`);
    }
  });

  test('a norm after its namesake is not placed in that namesake\'s module', () => {
    const { source, target } = t5xLike(4, (b) => `post_${b}_layer_norm`);
    const r = inferPlan({ source, target });
    const leftover = new Set(r.leftover);
    for (let l = 0; l < 4; l++) {
      const k = `encoder/layers_${l}/post_attention_layer_norm/scale`;
      if (!leftover.has(k)) expect(r.mapping[k]).not.toBe(`encoder.block.${l}.layer.0.layer_norm.weight`);
    }
  });
});
