import { describe, expect, test } from 'vitest';
import { inferPlan } from '../../../src/analysis/infer/index.js';
import { checkQkvRenames, reorderOps } from '../../../src/analysis/infer/qkv-reorder.js';
import type { KeyEntry } from '../../../src/formats/keys.js';

const e = (key: string, shape: number[]): KeyEntry => ({ key, shape, dtype: 'float32' });
const D = 16;

/** one block of attention + MLP per layer, the fused q/k/v named `qkv` on the checkpoint side, `into` on the model's */
function sides(from: string, into: string, layers = 2): { source: KeyEntry[]; target: KeyEntry[] } {
  const block = (at: string, qkv: string, out: string) => [e(`${at}.ln.weight`, [D]), e(`${at}.attn.${qkv}.weight`, [3 * D, D]), e(`${at}.attn.${qkv}.bias`, [3 * D]), e(`${at}.attn.${out}.weight`, [D, D]), e(`${at}.mlp.fc1.weight`, [4 * D, D]), e(`${at}.mlp.fc2.weight`, [D, 4 * D])];
  return {
    source: [e('embed.weight', [50, D]), ...Array.from({ length: layers }, (_, l) => block(`layers.${l}`, from, 'out_proj')).flat()],
    target: [e('embed.weight', [50, D]), ...Array.from({ length: layers }, (_, l) => block(`model.layers.${l}`, into, 'dense')).flat()],
  };
}

describe('fused q/k/v tensors renamed between layouts', () => {
  test("MixFormer Wqkv → Phi's query_key_value (rows per head there, heads unknown): the rename is withdrawn and listed, not made", () => {
    const r = inferPlan(sides('Wqkv', 'query_key_value'));
    expect(r.mapping['layers.0.attn.Wqkv.weight']).not.toBe('model.layers.0.attn.query_key_value.weight');
    expect(r.unmapped).toContain('model.layers.0.attn.query_key_value.weight');
    expect(r.ambiguities.some((a) => a.keys.includes('layers.0.attn.Wqkv.weight') && /renamed between layouts/.test(a.reason))).toBe(true);
    // the rest of the layer is renamed as before
    expect(r.mapping['layers.0.attn.out_proj.weight']).toBe('model.layers.0.attn.dense.weight');
  });

  test('names whose rows are q, k, v consecutive on both sides (timm qkv → MixFormer Wqkv): renamed as before', () => {
    const r = inferPlan(sides('qkv', 'Wqkv'));
    expect(r.mapping['layers.1.attn.qkv.weight']).toBe('model.layers.1.attn.Wqkv.weight');
    expect(r.ambiguities).toEqual([]);
  });

  test('a query_key_value keeping its name (GPT-NeoX re-prefixed): the same layout, renamed as before', () => {
    const r = inferPlan(sides('query_key_value', 'query_key_value'));
    expect(r.mapping['layers.0.attn.query_key_value.bias']).toBe('model.layers.0.attn.query_key_value.bias');
  });

  test('with Megatron args: per head [np, 3, hn] → plain is reshape, swap, flatten; grouped-query parts of unequal size are withdrawn', () => {
    const args = (gqa: boolean) => ({ args: new Map<string, number | boolean>([['num_attention_heads', 4], ['hidden_size', D], ...(gqa ? ([['group_query_attention', true], ['num_query_groups', 2]] as [string, number | boolean][]) : [])]), ckptVersion: 3 });
    const goals = new Map([['l.0.query_key_value.weight', 'h.0.attn.c_attn.weight']]);
    const mha = checkQkvRenames(goals, args(false), null, () => [3 * D, D]);
    expect(mha.withdrawn).toEqual([]);
    const r = mha.reorders.get('l.0.query_key_value.weight')!;
    expect(reorderOps(['h.0.attn.c_attn.weight'], [3 * D, D], r, ['h.0.attn.c_attn.weight'], 0.8).map((o) => [o.op, 'shape' in o ? o.shape : 'dims' in o ? o.dims : null])).toEqual([
      ['reshape', [4, 3, 4, D]],
      ['transpose', [1, 0, 2, 3]],
      ['reshape', [3 * D, D]],
    ]);
    // [ng, (np/ng + 2) · hn] = [2, 16] rows of 4: q 8, k 4, v 4 per group
    const gqa = checkQkvRenames(goals, args(true), null, () => [2 * 16, D]);
    expect(gqa.reorders.size).toBe(0);
    expect(gqa.withdrawn[0]?.reason).toMatch(/differ in size/);
  });
});
