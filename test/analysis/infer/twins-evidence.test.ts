import { describe, expect, test } from 'vitest';
import { inferPlan } from '../../../src/analysis/infer/index.js';
import type { KeyEntry } from '../../../src/formats/keys.js';

const e = (key: string, shape: number[]): KeyEntry => ({ key, shape, dtype: 'float32' });
const byName = (entries: KeyEntry[]) => [...entries].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
const layers = (n: number, f: (i: number) => KeyEntry[]) => Array.from({ length: n }, (_, i) => f(i)).flat();

describe('look-alikes are paired only where the evidence singles them out', () => {
  test('a module made only of look-alike groups, its groups listed in reverse order on the other side: order is no evidence, the look-alikes are listed', () => {
    // a LLaMA-like layer: four [d, d] projections, two [f, d] and one [d, f] matrix, two norms; the model
    // defines the same parts in reverse order under names that say nothing
    const d = 16;
    const f = 40;
    const source = layers(4, (i) => [
      ...['q_proj', 'k_proj', 'v_proj', 'o_proj'].map((n) => e(`model.layers.${i}.self_attn.${n}.weight`, [d, d])),
      e(`model.layers.${i}.mlp.gate_proj.weight`, [f, d]),
      e(`model.layers.${i}.mlp.up_proj.weight`, [f, d]),
      e(`model.layers.${i}.mlp.down_proj.weight`, [d, f]),
      e(`model.layers.${i}.input_layernorm.weight`, [d]),
      e(`model.layers.${i}.post_attention_layernorm.weight`, [d]),
    ]);
    const target = layers(4, (i) => [
      e(`blk.${i}.zzn2.weight`, [d]),
      e(`blk.${i}.zzn1.weight`, [d]),
      e(`blk.${i}.ffd.weight`, [d, f]),
      e(`blk.${i}.ffu.weight`, [f, d]),
      e(`blk.${i}.ffg.weight`, [f, d]),
      ...['xo', 'xv', 'xk', 'xq'].map((n) => e(`blk.${i}.${n}.weight`, [d, d])),
    ]);
    const r = inferPlan({ source, target });
    const modelKeys = new Set(target.map((x) => x.key));
    const truth: Record<string, string> = { q_proj: 'xq', k_proj: 'xk', v_proj: 'xv', o_proj: 'xo' };
    for (let i = 0; i < 4; i++) {
      for (const [s, t] of Object.entries(truth)) {
        const got = r.mapping[`model.layers.${i}.self_attn.${s}.weight`];
        // paired only if right; never the order's guess
        if (typeof got === 'string' && modelKeys.has(got)) expect(`${s} -> ${got}`).toBe(`${s} -> blk.${i}.${t}.weight`);
      }
    }
    expect(r.ambiguities.some((a) => a.keys.includes('model.layers.1.self_attn.q_proj.weight'))).toBe(true);
  });

  test('look-alikes held back from order: once names single one pair out, the one pair left is singled out too (conv3 is conv3, so downsample is shortcut)', () => {
    const source = layers(3, (i) => [
      e(`layer.${i}.conv1.weight`, [64, 256, 1, 1]),
      e(`layer.${i}.conv3.weight`, [256, 64, 1, 1]),
      e(`layer.${i}.downsample.weight`, [256, 64, 1, 1]),
    ]);
    // listed sorted by name (a safetensors file): its order is the alphabet's
    const target = byName(
      layers(3, (i) => [e(`res.${i}.conv1.weight`, [64, 256, 1, 1]), e(`res.${i}.conv3.weight`, [256, 64, 1, 1]), e(`res.${i}.shortcut.weight`, [256, 64, 1, 1])]),
    );
    const r = inferPlan({ source, target });
    for (let i = 0; i < 3; i++) {
      expect(r.mapping[`layer.${i}.conv3.weight`]).toBe(`res.${i}.conv3.weight`);
      expect(r.mapping[`layer.${i}.downsample.weight`]).toBe(`res.${i}.shortcut.weight`);
    }
  });
});

describe('a module inside one defined in another order', () => {
  test('its look-alikes, with no part unique on both sides to show its own order, are listed, not paired by order', () => {
    const d = 16;
    const source = Array.from({ length: 3 }, (_, i) => [
      ...['query', 'key', 'value', 'out'].map((n) => e(`layers.${i}.attn.${n}.weight`, [d, d])),
      e(`layers.${i}.mlp.up.weight`, [40, d]),
      e(`layers.${i}.norm.weight`, [d]),
    ]).flat();
    // the layer's parts in reverse, and the attention's projections too, under names that say nothing
    const target = Array.from({ length: 3 }, (_, i) => [
      e(`blocks.${i}.zn.weight`, [d]),
      e(`blocks.${i}.zm.zu.weight`, [40, d]),
      ...['ss', 'rr', 'nn', 'mm'].map((n) => e(`blocks.${i}.za.${n}.weight`, [d, d])),
    ]).flat();
    const r = inferPlan({ source, target });
    const modelKeys = new Set(target.map((x) => x.key));
    const truth: Record<string, string> = { query: 'mm', key: 'nn', value: 'rr', out: 'ss' };
    for (let i = 0; i < 3; i++) {
      expect(r.mapping[`layers.${i}.mlp.up.weight`]).toBe(`blocks.${i}.zm.zu.weight`);
      for (const [s, t] of Object.entries(truth)) {
        const got = r.mapping[`layers.${i}.attn.${s}.weight`];
        if (typeof got === 'string' && modelKeys.has(got)) expect(`${s} -> ${got}`).toBe(`${s} -> blocks.${i}.za.${t}.weight`);
      }
    }
    expect(r.ambiguities.some((a) => a.keys.includes('layers.1.attn.query.weight'))).toBe(true);
  });
});
