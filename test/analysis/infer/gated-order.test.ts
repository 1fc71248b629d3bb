/**
 * Issue 11: a gated MLP's gate and up halves fused in one tensor whose name does not list them are in an
 * order only the writer's code gives, and writers differ (OLMo's `ff_proj` is [up, gate], Megatron-Core's
 * gated `linear_fc1` [gate, up]). Shapes are the same either way and a strict load passes either way: where
 * a row of gated-orders.ts names the writer, the halves go in its order and a warning says it was read from
 * that code; any other name is listed with its candidates, not cut in an assumed order. A whole that names
 * its halves (`gate_up_proj`) is cut in the order its name gives.
 */
import { describe, expect, test } from 'vitest';
import { inferPlan } from '../../../src/analysis/infer/index.js';
import type { KeyEntry } from '../../../src/formats/keys.js';
import { e } from './layouts.js';

const D = 64;
const F = 160;

/** a decoder of `layers` blocks: attention projections and an MLP whose gate and up are `mlp(…)` */
function decoder(layers: number, prefix: string, mlp: (l: string) => KeyEntry[]): KeyEntry[] {
  const out: KeyEntry[] = [e(`${prefix}embed_tokens.weight`, [100, D])];
  for (let i = 0; i < layers; i++) {
    const l = `${prefix}layers.${i}.`;
    for (const p of ['q_proj', 'k_proj', 'v_proj', 'o_proj']) out.push(e(`${l}self_attn.${p}.weight`, [D, D]));
    out.push(...mlp(l), e(`${l}mlp.down_proj.weight`, [D, F]));
  }
  return out;
}
const separate = (l: string) => [e(`${l}mlp.gate_proj.weight`, [F, D]), e(`${l}mlp.up_proj.weight`, [F, D])];
const fused = (name: string) => (l: string) => [e(`${l}mlp.${name}.weight`, [2 * F, D])];

describe('gate and up halves in a whole that does not name them', () => {
  test("OLMo's `ff_proj` is cut [up, gate], its writer's order, and the plan says where that order is read", () => {
    const r = inferPlan({ source: decoder(3, 'model.', fused('ff_proj')), target: decoder(3, 'model.', separate) });
    // before: cut [gate, up] (the Llama convention), which scrambles OLMo's [up, gate]
    for (let i = 0; i < 3; i++) expect(r.mapping[`model.layers.${i}.mlp.ff_proj.weight`]).toEqual([`model.layers.${i}.mlp.up_proj.weight`, `model.layers.${i}.mlp.gate_proj.weight`]);
    expect(r.warnings.some((w) => /cut as \[up, gate\], OLMo's order \(allenai\/OLMo olmo\/model\.py/.test(w))).toBe(true);
  });

  test('a name no writer convention covers is listed with both halves, not cut; the rest is paired', () => {
    const r = inferPlan({ source: decoder(3, 'model.', fused('proj_in')), target: decoder(3, 'model.', separate) });
    expect(r.ops.filter((o) => o.op === 'split')).toEqual([]);
    for (let i = 0; i < 3; i++) {
      const a = r.ambiguities.find((x) => x.keys.includes(`model.layers.${i}.mlp.proj_in.weight`));
      expect(a, `layer ${i}`).toBeDefined();
      expect([...a!.candidates].sort()).toEqual([`model.layers.${i}.mlp.gate_proj.weight`, `model.layers.${i}.mlp.up_proj.weight`]);
      expect(a!.reason).toMatch(/does not say which half is which/);
      expect(r.mapping[`model.layers.${i}.mlp.down_proj.weight`]).toBe(`model.layers.${i}.mlp.down_proj.weight`);
    }
  });

  test("Megatron-Core's `linear_fc1` is joined [gate, up] with the warning; `gate_up_proj` is cut as its name says", () => {
    const r = inferPlan({ source: decoder(2, '', separate), target: decoder(2, '', fused('linear_fc1')) });
    expect(r.ops.filter((o) => o.op === 'concat')).toHaveLength(1);
    expect(r.mapping['layers.0.mlp.gate_proj.weight']).toBe('layers.0.mlp.linear_fc1.weight');
    expect(r.warnings.some((w) => /joined as \[gate, up\], Megatron-Core's order/.test(w))).toBe(true);
    const named = inferPlan({ source: decoder(2, '', fused('gate_up_proj')), target: decoder(2, '', separate) });
    expect(named.mapping['layers.0.mlp.gate_up_proj.weight']).toEqual(['layers.0.mlp.gate_proj.weight', 'layers.0.mlp.up_proj.weight']);
    expect(named.warnings.some((w) => /order \(/.test(w))).toBe(false);
  });
});
