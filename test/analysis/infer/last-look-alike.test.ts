/**
 * The last look-alike of a group that holds as many on both sides, once every other was placed on its own
 * evidence (modules.ts lastByElimination): a T5X decoder block's `pre_self_attention_layer_norm` and
 * `pre_mlp_layer_norm` go where `self_attention` and `mlp` went, and `pre_cross_attention_layer_norm`, whose
 * namesake `encoder_decoder_attention` shares no word with `cross`, is the one HF T5 norm they leave. Where two
 * are left open, nothing is paired by elimination.
 */
import { describe, expect, test } from 'vitest';
import { inferPlan } from '../../../src/analysis/infer/index.js';
import type { KeyEntry } from '../../../src/formats/keys.js';
import { e } from './layouts.js';

const [d, ff] = [8, 24];

function decoder(layers: number, crossNorm: string, mlpNorm = 'pre_mlp_layer_norm'): { source: KeyEntry[]; target: KeyEntry[] } {
  const source: KeyEntry[] = [];
  const target: KeyEntry[] = [];
  for (let l = 0; l < layers; l++) {
    const s = `decoder/layers_${l}`;
    for (const x of ['key', 'out', 'query', 'value']) source.push(e(`${s}/self_attention/${x}/kernel`, [d, d]));
    for (const x of ['key', 'out', 'query', 'value']) source.push(e(`${s}/encoder_decoder_attention/${x}/kernel`, [d, d]));
    source.push(e(`${s}/mlp/wi/kernel`, [d, ff]), e(`${s}/mlp/wo/kernel`, [ff, d]));
    source.push(e(`${s}/pre_self_attention_layer_norm/scale`, [d]), e(`${s}/${crossNorm}/scale`, [d]), e(`${s}/${mlpNorm}/scale`, [d]));
    const t = `decoder.block.${l}.layer`;
    for (const x of ['q', 'k', 'v', 'o']) target.push(e(`${t}.0.SelfAttention.${x}.weight`, [d, d]));
    target.push(e(`${t}.0.layer_norm.weight`, [d]));
    for (const x of ['q', 'k', 'v', 'o']) target.push(e(`${t}.1.EncDecAttention.${x}.weight`, [d, d]));
    target.push(e(`${t}.1.layer_norm.weight`, [d]));
    target.push(e(`${t}.2.DenseReluDense.wi.weight`, [ff, d]), e(`${t}.2.DenseReluDense.wo.weight`, [d, ff]), e(`${t}.2.layer_norm.weight`, [d]));
  }
  source.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { source, target };
}

describe('the last look-alike left on each side', () => {
  test('is paired once the others went where their namesakes went', () => {
    const { source, target } = decoder(4, 'pre_cross_attention_layer_norm');
    const r = inferPlan({ source, target });
    for (let l = 0; l < 4; l++) {
      expect(r.mapping[`decoder/layers_${l}/pre_self_attention_layer_norm/scale`]).toBe(`decoder.block.${l}.layer.0.layer_norm.weight`);
      expect(r.mapping[`decoder/layers_${l}/pre_mlp_layer_norm/scale`]).toBe(`decoder.block.${l}.layer.2.layer_norm.weight`);
      expect(r.mapping[`decoder/layers_${l}/pre_cross_attention_layer_norm/scale`]).toBe(`decoder.block.${l}.layer.1.layer_norm.weight`);
    }
    expect(r.unmapped).toEqual([]);
  });

  test('two left open stay listed: nothing is paired by elimination', () => {
    // neither `norm_a` nor `norm_b` is named after a sibling: only the self-attention's norm is placed
    const { source, target } = decoder(2, 'norm_a', 'norm_b');
    const r = inferPlan({ source, target });
    const leftover = new Set(r.leftover);
    for (let l = 0; l < 2; l++) {
      for (const n of ['norm_a', 'norm_b']) expect(leftover.has(`decoder/layers_${l}/${n}/scale`)).toBe(true);
    }
  });
});
