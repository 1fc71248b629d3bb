/**
 * Issue 11: a gated MLP's gate and up halves fused in one tensor whose name does not list them
 * (`ff_proj`, `linear_fc1`) are in an order only the writer's code gives, and writers differ (OLMo's
 * `ff_proj` is [up, gate], Megatron's gated `linear_fc1` [gate, up]). Shapes are the same either way and
 * a strict load passes either way, so the cut or join is listed with its candidates, not guessed.
 * A whole that names its halves (`gate_up_proj`) is still cut in the order its name gives.
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

describe('gate and up halves in a whole that does not name them: listed, not cut in an assumed order', () => {
  test('OLMo-like `ff_proj` → gate_proj, up_proj: no split; each whole listed with both halves; the rest is paired', () => {
    const source = decoder(3, 'model.', (l) => [e(`${l}mlp.ff_proj.weight`, [2 * F, D])]);
    const target = decoder(3, 'model.', separate);
    const r = inferPlan({ source, target });
    // before: cut [gate, up] (the Llama convention), which scrambles OLMo's [up, gate]
    expect(r.ops.filter((o) => o.op === 'split')).toEqual([]);
    for (let i = 0; i < 3; i++) {
      const a = r.ambiguities.find((x) => x.keys.includes(`model.layers.${i}.mlp.ff_proj.weight`));
      expect(a, `layer ${i}`).toBeDefined();
      expect([...a!.candidates].sort()).toEqual([`model.layers.${i}.mlp.gate_proj.weight`, `model.layers.${i}.mlp.up_proj.weight`]);
      expect(a!.reason).toMatch(/does not say which half is which/);
      expect(r.mapping[`model.layers.${i}.mlp.down_proj.weight`]).toBe(`model.layers.${i}.mlp.down_proj.weight`);
    }
  });

  test('Megatron-like join into `linear_fc1`: no concat, listed; `gate_up_proj` still cut as its name says', () => {
    const r = inferPlan({ source: decoder(2, '', separate), target: decoder(2, '', (l) => [e(`${l}mlp.linear_fc1.weight`, [2 * F, D])]) });
    const target = decoder(2, '', separate);
    expect(r.ops.filter((o) => o.op === 'concat')).toEqual([]);
    expect(r.ambiguities.some((a) => a.keys.includes('layers.1.mlp.linear_fc1.weight') && /not joined/.test(a.reason))).toBe(true);
    // a whole named for its halves (`gate_up_proj`) is still cut, gate first, as its name says
    const named = inferPlan({ source: decoder(2, '', (l) => [e(`${l}mlp.gate_up_proj.weight`, [2 * F, D])]), target });
    expect(named.mapping['layers.0.mlp.gate_up_proj.weight']).toEqual(['layers.0.mlp.gate_proj.weight', 'layers.0.mlp.up_proj.weight']);
  });
});
