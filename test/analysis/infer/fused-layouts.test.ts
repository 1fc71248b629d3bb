import { describe, expect, test } from 'vitest';
import { inferPlan } from '../../../src/analysis/infer/index.js';
import { FUSED_QKV_NAMES, fusedQkvRow, headsQkvLayout } from '../../../src/analysis/infer/fused-layouts.js';
import type { KeyEntry } from '../../../src/formats/keys.js';

const e = (key: string, shape: number[]): KeyEntry => ({ key, shape, dtype: 'float32' });

describe('fused q/k/v row layouts by name (fused-layouts.ts, review 26 F3)', () => {
  test('one row per name, each with its source; lookups by module name and by in_proj_*', () => {
    expect(new Set(FUSED_QKV_NAMES.map((r) => r.name)).size).toBe(FUSED_QKV_NAMES.length);
    expect(FUSED_QKV_NAMES.every((r) => r.source.length > 20)).toBe(true);
    expect(fusedQkvRow('gpt_neox.layers.0.attention.query_key_value.weight')?.layout).toBe('per-group');
    expect(fusedQkvRow('model.layers.3.attention.wqkv.weight')?.layout).toBe('per-group');
    expect(fusedQkvRow('h.0.attn.c_attn.bias')?.layout).toBe('plain');
    expect(fusedQkvRow('layers.0.self_attn.in_proj_weight')?.name).toBe('in_proj');
    expect(fusedQkvRow('layers.0.self_attn.qkv_weight')).toBeUndefined();
    expect(fusedQkvRow('query_key_value')).toBeUndefined();
  });

  test('head counts give the groups: from the parts of a join, from the rows of a split', () => {
    const k = 'x.query_key_value.weight';
    expect(headsQkvLayout({ heads: 4 }, k, { parts: [16, 16, 16] })).toMatchObject({ groups: 4, parts: [4, 4, 4] });
    expect(headsQkvLayout({ heads: 4, kvHeads: 2 }, k, { parts: [16, 8, 8] })).toMatchObject({ groups: 2, parts: [8, 4, 4] });
    expect(headsQkvLayout({ heads: 4 }, k, { rows: 48 })).toMatchObject({ groups: 4, parts: [4, 4, 4] });
    expect(headsQkvLayout({ heads: 4, kvHeads: 2 }, k, { rows: 32 })).toMatchObject({ groups: 2, parts: [8, 4, 4] });
    // counts that do not divide the rows, or disagree with the parts: nothing assumed
    expect(headsQkvLayout({ heads: 4, kvHeads: 1 }, k, { parts: [16, 8, 8] })).toBeNull();
    expect(headsQkvLayout({ heads: 5 }, k, { parts: [16, 16, 16] })).toBeNull();
    expect(headsQkvLayout({ heads: 4 }, k, { rows: 50 })).toBeNull();
  });

  test('separate q/k/v into GPT-NeoX query_key_value: listed without head counts, joined per head with them', () => {
    const sep = [0, 1].flatMap((i) => ['q_proj', 'k_proj', 'v_proj', 'dense'].map((n) => e(`gpt_neox.layers.${i}.attention.${n}.weight`, [16, 16])));
    const fused = [0, 1].flatMap((i) => [e(`gpt_neox.layers.${i}.attention.query_key_value.weight`, [48, 16]), e(`gpt_neox.layers.${i}.attention.dense.weight`, [16, 16])]);
    const r = inferPlan({ source: sep, target: fused });
    expect(r.ops.filter((o) => o.op === 'concat')).toEqual([]);
    expect(r.unmapped).toContain('gpt_neox.layers.0.attention.query_key_value.weight');
    expect(r.ambiguities.find((a) => a.candidates.includes('gpt_neox.layers.1.attention.query_key_value.weight'))?.reason).toMatch(/--heads/);
    const h = inferPlan({ source: sep, target: fused, options: { ropeHeads: { heads: 4 } } });
    expect(h.unmapped).toEqual([]);
    expect(h.ops.filter((o) => o.op === 'concat')).toEqual([expect.objectContaining({ dim: 1 })]);
    expect(h.ops.filter((o) => o.op === 'reshape').map((o) => (o.op === 'reshape' ? o.shape : null))).toEqual([[4, 4, 16], [4, 4, 16], [4, 4, 16], [48, 16]]);
  });

  test('InternLM2 wqkv is cut per group too: not into plain chunks without head counts', () => {
    const src = [0, 1].flatMap((i) => [e(`model.layers.${i}.attention.wqkv.weight`, [32, 16])]);
    const parts = [0, 1].flatMap((i) => [e(`model.layers.${i}.self_attn.q_proj.weight`, [16, 16]), e(`model.layers.${i}.self_attn.k_proj.weight`, [8, 16]), e(`model.layers.${i}.self_attn.v_proj.weight`, [8, 16])]);
    expect(inferPlan({ source: src, target: parts }).ops.filter((o) => o.op === 'split')).toEqual([]);
    const h = inferPlan({ source: src, target: parts, options: { ropeHeads: { heads: 4, kvHeads: 2 } } });
    expect(h.ops.filter((o) => o.op === 'split')).toEqual([expect.objectContaining({ dim: 1, sizes: [8, 4, 4] })]);
  });
});
