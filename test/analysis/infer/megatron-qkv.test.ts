import { describe, expect, test } from 'vitest';
import { inferPlan } from '../../../src/analysis/infer/index.js';
import { megatronQkvLayout, type MegatronArgs } from '../../../src/analysis/infer/megatron-qkv.js';
import type { KeyEntry } from '../../../src/formats/keys.js';

const e = (key: string, shape: number[]): KeyEntry => ({ key, shape, dtype: 'float32' });
const args = (o: Record<string, number | boolean>) => new Map(Object.entries(o));

describe('the q/k/v row layout the saved Megatron args give (megatron-qkv.ts)', () => {
  const gqa = args({ num_attention_heads: 4, kv_channels: 2, hidden_size: 8, group_query_attention: true, num_query_groups: 2 });
  test('Megatron-Core GQA: per query group, q rows of its heads then k then v', () => {
    expect(megatronQkvLayout(gqa, null, true)).toMatchObject({ groups: 2, parts: [4, 2, 2] });
  });
  test('legacy query_key_value: [np, 3, hn] from checkpoint_version 2, [np, hn, 3] at 1, [3, np, hn] at 0 once its ranks are joined', () => {
    const mha = args({ num_attention_heads: 4, hidden_size: 8 });
    expect(megatronQkvLayout(mha, 3, false)).toMatchObject({ groups: 4, parts: [2, 2, 2] });
    expect(megatronQkvLayout(mha, 1, false)).toMatchObject({ groups: 8, parts: [1, 1, 1] });
    // review25 F10: v0 ranks are [3, np/tp, hn] each, joined block by block (splits.ts BLOCKED_JOINS) into [3, np, hn],
    // whatever the rank count; a file joined by another tool (ranks unknown): no layout
    expect(megatronQkvLayout(args({ num_attention_heads: 4, hidden_size: 8, tensor_model_parallel_size: 1 }), 0, false)).toMatchObject({ groups: 1, parts: [8, 8, 8] });
    expect(megatronQkvLayout(args({ num_attention_heads: 4, hidden_size: 8, tensor_model_parallel_size: 2 }), 0, false)).toMatchObject({ groups: 1, parts: [8, 8, 8] });
    expect(megatronQkvLayout(mha, 0, false)).toBeNull();
    // v1.0 and later hold heads outermost: the ranks joined do not matter
    expect(megatronQkvLayout(args({ num_attention_heads: 4, hidden_size: 8, tensor_model_parallel_size: 2 }), 1, false)).toMatchObject({ groups: 8, parts: [1, 1, 1] });
  });
  test('unknown: a legacy save without checkpoint_version, args without the head count, groups that do not divide the heads', () => {
    expect(megatronQkvLayout(args({ num_attention_heads: 4, hidden_size: 8 }), null, false)).toBeNull();
    expect(megatronQkvLayout(args({ hidden_size: 8 }), 3, true)).toBeNull();
    expect(megatronQkvLayout(args({ num_attention_heads: 4, kv_channels: 2, group_query_attention: true, num_query_groups: 3 }), 3, true)).toBeNull();
  });
});

describe('a Megatron fused q/k/v is never cut into plain consecutive chunks', () => {
  // 2 layers of a GQA model: linear_qkv [16, 8] = 2 groups × (2 q heads + k + v) × head dim 2
  const source = [0, 1].flatMap((i) => [e(`decoder.layers.${i}.self_attention.linear_qkv.weight`, [16, 8]), e(`decoder.layers.${i}.self_attention.linear_proj.weight`, [8, 8])]);
  const target = [0, 1].flatMap((i) => [
    e(`model.layers.${i}.self_attn.q_proj.weight`, [8, 8]),
    e(`model.layers.${i}.self_attn.k_proj.weight`, [4, 8]),
    e(`model.layers.${i}.self_attn.v_proj.weight`, [4, 8]),
    e(`model.layers.${i}.self_attn.o_proj.weight`, [8, 8]),
  ]);
  const splits = (r: ReturnType<typeof inferPlan>) => r.ops.filter((o) => o.op === 'split');

  test('no saved args: no split, the q/k/v keys stay missing and the whole is listed with why', () => {
    const r = inferPlan({ source, target });
    expect(splits(r)).toEqual([]);
    expect(r.unmapped).toEqual(expect.arrayContaining(['model.layers.0.self_attn.q_proj.weight', 'model.layers.1.self_attn.v_proj.weight']));
    const a = r.ambiguities.find((x) => x.keys.includes('decoder.layers.0.self_attention.linear_qkv.weight'));
    expect(a?.reason).toMatch(/interleaved per query group .* neither saved args nor --heads give the groups/);
  });

  test('with the args: viewed per group [2, 8, 8], cut along dim 1 into 4/2/2 rows, each part flattened back', () => {
    const megatronArgs: MegatronArgs = { args: args({ num_attention_heads: 4, kv_channels: 2, hidden_size: 8, group_query_attention: true, num_query_groups: 2 }), ckptVersion: 3 };
    const r = inferPlan({ source, target, options: { megatronArgs } });
    expect(r.unmapped).toEqual([]);
    expect(r.leftover).toEqual([]);
    expect(splits(r)).toEqual([expect.objectContaining({ dim: 1, sizes: [4, 2, 2] })]);
    const reshapes = r.ops.filter((o) => o.op === 'reshape').map((o) => (o.op === 'reshape' ? o.shape : null));
    expect(reshapes).toEqual([[2, 8, 8], [8, 8], [4, 8], [4, 8]]);
    // the split comes after the view of the whole, the flattening after the split
    const kinds = r.ops.map((o) => o.op).filter((k) => k === 'reshape' || k === 'split');
    expect(kinds).toEqual(['reshape', 'split', 'reshape', 'reshape', 'reshape']);
    expect(r.warnings.join(' ')).not.toMatch(/plain consecutive chunks/);
  });

  test('one query group (multi-query): the per-group view is the plain cut, kept as one split', () => {
    const mqa = [0, 1].flatMap((i) => [e(`layers.${i}.self_attention.linear_qkv.weight`, [12, 8])]);
    const parts = [0, 1].flatMap((i) => [e(`layers.${i}.attn.q_proj.weight`, [8, 8]), e(`layers.${i}.attn.k_proj.weight`, [2, 8]), e(`layers.${i}.attn.v_proj.weight`, [2, 8])]);
    const megatronArgs: MegatronArgs = { args: args({ num_attention_heads: 4, kv_channels: 2, group_query_attention: true, num_query_groups: 1 }), ckptVersion: 3 };
    const r = inferPlan({ source: mqa, target: parts, options: { megatronArgs } });
    expect(splits(r)).toEqual([expect.objectContaining({ dim: 0, sizes: [8, 2, 2] })]);
    expect(r.ops.filter((o) => o.op === 'reshape')).toEqual([]);
  });

  test('GPT-NeoX-style query_key_value from a checkpoint without args is not cut either', () => {
    const neox = [0, 1].flatMap((i) => [e(`gpt_neox.layers.${i}.attention.query_key_value.weight`, [24, 8])]);
    const parts = [0, 1].flatMap((i) => ['q', 'k', 'v'].map((n) => e(`gpt_neox.layers.${i}.attention.${n}_proj.weight`, [8, 8])));
    const r = inferPlan({ source: neox, target: parts });
    expect(splits(r)).toEqual([]);
    expect(r.unmapped).toHaveLength(6);
  });

  test('a plain fused qkv of another name (c_attn, qkv) is still cut as before', () => {
    const src = [0, 1].flatMap((i) => [e(`blocks.${i}.attn.qkv.weight`, [24, 8])]);
    const parts = [0, 1].flatMap((i) => ['q', 'k', 'v'].map((n) => e(`blocks.${i}.attn.${n}.weight`, [8, 8])));
    const r = inferPlan({ source: src, target: parts });
    expect(splits(r)).toEqual([expect.objectContaining({ dim: 0, sizes: [8, 8, 8] })]);
  });
});
