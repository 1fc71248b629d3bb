import { describe, expect, test } from 'vitest';
import { inferPlan } from '../../../src/analysis/infer/index.js';
import type { KeyEntry } from '../../../src/formats/keys.js';

const e = (key: string, shape: number[]): KeyEntry => ({ key, shape, dtype: 'float32' });
const byName = (entries: KeyEntry[]) => [...entries].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

// A mixture-of-experts decoder saved by transformers (sorted by name, experts flat as [E * F, D] with no `.weight`)
// against llama.cpp's GGUF names (experts stacked [E, F, D]). Per block three tensors have a shape of their own
// and pair by structure; the two norms, the embedding / head and the experts are look-alikes their names do not
// tell apart, held back as ties. A tie stands for all the pairs it holds back, not for the eight it shows: counted
// as eight, the held-back pairs of 24 blocks looked like nothing corresponding, and the whole model was called
// "another model" with nothing proposed (tuning9's dbrx-base-hf-to-gguf).
describe('look-alikes held back count as the pairs they hold, not the eight a tie shows', () => {
  const D = 8, F = 10, E = 4, V = 50, L = 24;
  const source = byName([
    e('transformer.wte.weight', [V, D]),
    e('lm_head.weight', [V, D]),
    e('transformer.norm_f.weight', [D]),
    ...Array.from({ length: L }, (_, i) => [
      e(`transformer.blocks.${i}.ffn.experts.mlp.v1`, [E * F, D]),
      e(`transformer.blocks.${i}.ffn.experts.mlp.w1`, [E * F, D]),
      e(`transformer.blocks.${i}.ffn.experts.mlp.w2`, [E * F, D]),
      e(`transformer.blocks.${i}.ffn.router.layer.weight`, [E, D]),
      e(`transformer.blocks.${i}.norm_attn_norm.attn.Wqkv.weight`, [3 * D, D]),
      e(`transformer.blocks.${i}.norm_attn_norm.attn.out_proj.weight`, [D, D]),
      e(`transformer.blocks.${i}.norm_attn_norm.norm_1.weight`, [D]),
      e(`transformer.blocks.${i}.norm_attn_norm.norm_2.weight`, [D]),
    ]).flat(),
  ]);
  const target = [
    e('token_embd.weight', [V, D]),
    ...Array.from({ length: L }, (_, i) => [
      e(`blk.${i}.attn_norm.weight`, [D]),
      e(`blk.${i}.attn_qkv.weight`, [3 * D, D]),
      e(`blk.${i}.attn_output.weight`, [D, D]),
      e(`blk.${i}.attn_output_norm.weight`, [D]),
      e(`blk.${i}.ffn_gate_inp.weight`, [E, D]),
      e(`blk.${i}.ffn_gate_exps.weight`, [E, F, D]),
      e(`blk.${i}.ffn_up_exps.weight`, [E, F, D]),
      e(`blk.${i}.ffn_down_exps.weight`, [E, D, F]),
    ]).flat(),
    e('output_norm.weight', [D]),
    e('output.weight', [V, D]),
  ];
  const sure: Record<string, string> = { 'ffn.router.layer.weight': 'ffn_gate_inp.weight', 'norm_attn_norm.attn.Wqkv.weight': 'attn_qkv.weight', 'norm_attn_norm.attn.out_proj.weight': 'attn_output.weight' };

  test('the tensors of a shape of their own are renamed, no other model is claimed, and no pair is wrong', () => {
    const r = inferPlan({ source, target });
    expect(r.causes.map((c) => c.code)).not.toContain('another_model');
    for (let i = 0; i < L; i++) for (const [from, to] of Object.entries(sure)) expect(r.mapping[`transformer.blocks.${i}.${from}`]).toBe(`blk.${i}.${to}`);
    // whatever else is claimed is right: the final norm (the only [D] outside a block) or nothing
    const leftover = new Set(r.leftover);
    for (const [k, v] of Object.entries(r.mapping)) {
      if (leftover.has(k)) continue;
      const m = /^transformer\.blocks\.(\d+)\.(.*)$/.exec(k);
      if (m) expect(v).toBe(`blk.${m[1]}.${sure[m[2]!]}`);
      else expect([k, v]).toEqual(['transformer.norm_f.weight', 'output_norm.weight']);
    }
    // the look-alike norms are listed with their candidates, not paired by the alphabet
    expect(r.ambiguities.some((a) => a.keys.some((k) => k.endsWith('norm_1.weight')) && a.candidates.some((c) => c.endsWith('attn_norm.weight')))).toBe(true);
  });
});
