import { describe, expect, test } from 'vitest';
import { inferPlan } from '../../../src/analysis/infer/index.js';
import type { KeyEntry } from '../../../src/formats/keys.js';

const e = (key: string, shape: number[]): KeyEntry => ({ key, shape, dtype: 'float32' });
const byName = (entries: KeyEntry[]) => [...entries].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
const layers = (n: number, f: (i: number) => KeyEntry[]) => Array.from({ length: n }, (_, i) => f(i)).flat();

describe('a side listed sorted by name: the alphabet orders its siblings, not the model', () => {
  test('with every index below 10 (natural order = alphabetical) the sort is still no evidence: wq/wk/wv/wo are never crossed', () => {
    // meta-llama's definition order against an HF safetensors file (sorted): k_proj, o_proj, q_proj, v_proj
    const source = layers(4, (i) => [
      ...['wq', 'wk', 'wv', 'wo'].map((n) => e(`layers.${i}.attention.${n}.weight`, [8, 8])),
      e(`layers.${i}.feed_forward.w2.weight`, [8, 24]),
    ]);
    const target = byName(
      layers(4, (i) => [
        ...['q_proj', 'k_proj', 'v_proj', 'o_proj'].map((n) => e(`model.layers.${i}.self_attn.${n}.weight`, [8, 8])),
        e(`model.layers.${i}.mlp.down_proj.weight`, [8, 24]),
      ]),
    );
    const r = inferPlan({ source, target });
    const right = { wq: 'q_proj', wk: 'k_proj', wv: 'v_proj', wo: 'o_proj' };
    for (let i = 0; i < 4; i++) {
      for (const [s, t] of Object.entries(right)) {
        const got = r.mapping[`layers.${i}.attention.${s}.weight`];
        if (got?.includes('self_attn')) expect(got).toBe(`model.layers.${i}.self_attn.${t}.weight`);
      }
    }
    expect(r.ambiguities.some((a) => a.keys.includes('layers.0.attention.wq.weight'))).toBe(true);
  });
});
