import { describe, expect, test } from 'vitest';
import { inferPlan } from '../../../src/analysis/infer/index.js';
import type { KeyEntry } from '../../../src/formats/keys.js';

const e = (key: string, shape: number[]): KeyEntry => ({ key, shape, dtype: 'float32' });
const E = 4;
const d = 16;
const f = 24;

/** per-expert matrices on the checkpoint side: two alike kinds (a, b: [f, d]) and one of its own (c: [d, f]) */
function checkpoint(kinds: readonly [string, string, string]): KeyEntry[] {
  const [a, b, c] = kinds;
  return [
    e('embed.weight', [50, d]),
    ...[0, 1].flatMap((l) => [
      e(`layers.${l}.attn.weight`, [d, d]),
      ...Array.from({ length: E }, (_, x) => [e(`layers.${l}.moe.experts.${x}.${a}.weight`, [f, d]), e(`layers.${l}.moe.experts.${x}.${b}.weight`, [f, d]), e(`layers.${l}.moe.experts.${x}.${c}.weight`, [d, f])]).flat(),
    ]),
    e('norm.weight', [d]),
  ];
}

describe('stacked experts: several alike groups are paired by order only where order is evidence', () => {
  test('a model that defines its parts in another order, names that say nothing: the alike groups are listed, not paired by order', () => {
    const source = checkpoint(['alpha', 'beta', 'gamma']);
    // the model lists its parts in reverse (the norm first, the embedding last): state-dict order says nothing here
    const target = [
      e('zq.weight', [d]),
      ...[0, 1].flatMap((l) => [e(`blk.${l}.xc.weight`, [E, d, f]), e(`blk.${l}.xb.weight`, [E, f, d]), e(`blk.${l}.xa.weight`, [E, f, d]), e(`blk.${l}.xattn.weight`, [d, d])]),
      e('zemb.weight', [50, d]),
    ];
    const r = inferPlan({ source, target });
    for (const l of [0, 1]) {
      // truth: alpha → xa, beta → xb; order alone would say alpha → xb (the first of its shape)
      const got = r.mapping[`layers.${l}.moe.experts.0.alpha.weight`];
      expect(got === `blk.${l}.xb.weight` || (Array.isArray(got) && got.includes(`blk.${l}.xb.weight`))).toBe(false);
      // the one of its own shape is still stacked
      expect(JSON.stringify(r.mapping[`layers.${l}.moe.experts.0.gamma.weight`])).toContain(`blk.${l}.xc.weight`);
    }
    expect(r.ambiguities.some((a) => a.candidates.includes('blk.0.xa.weight') && a.candidates.includes('blk.0.xb.weight'))).toBe(true);
  });

  test('names that say which is which pair the alike groups whatever the order (gate_proj experts → ffn_gate_exps)', () => {
    const source = checkpoint(['gate_proj', 'up_proj', 'down_proj']);
    const target = [
      e('zq.weight', [d]),
      ...[0, 1].flatMap((l) => [e(`blk.${l}.ffn_down_exps.weight`, [E, d, f]), e(`blk.${l}.ffn_up_exps.weight`, [E, f, d]), e(`blk.${l}.ffn_gate_exps.weight`, [E, f, d]), e(`blk.${l}.xattn.weight`, [d, d])]),
      e('zemb.weight', [50, d]),
    ];
    const r = inferPlan({ source, target });
    for (const l of [0, 1]) {
      expect(JSON.stringify(r.mapping[`layers.${l}.moe.experts.0.gate_proj.weight`])).toContain(`blk.${l}.ffn_gate_exps.weight`);
      expect(JSON.stringify(r.mapping[`layers.${l}.moe.experts.0.up_proj.weight`])).toContain(`blk.${l}.ffn_up_exps.weight`);
    }
  });
  test('names that say nothing, both sides in definition order: listed, not paired by order (review10 F3: order is no evidence of which is which)', () => {
    const source = checkpoint(['alpha', 'beta', 'gamma']);
    const target = [
      e('embed.weight', [50, d]),
      ...[0, 1].flatMap((l) => [e(`blk.${l}.xattn.weight`, [d, d]), e(`blk.${l}.xa.weight`, [E, f, d]), e(`blk.${l}.xb.weight`, [E, f, d]), e(`blk.${l}.xc.weight`, [E, d, f])]),
      e('norm.weight', [d]),
    ];
    const r = inferPlan({ source, target });
    for (const l of [0, 1]) {
      expect(JSON.stringify(r.mapping[`layers.${l}.moe.experts.0.alpha.weight`] ?? null)).not.toContain('blk.');
      expect(JSON.stringify(r.mapping[`layers.${l}.moe.experts.0.gamma.weight`])).toContain(`blk.${l}.xc.weight`);
    }
    expect(r.ambiguities.some((a) => a.candidates.includes('blk.0.xa.weight') && a.candidates.includes('blk.0.xb.weight'))).toBe(true);
  });

  test("a known convention's roles pair them whatever the order: Mixtral w1 (gate), w3 (up) into a target defining up before gate", () => {
    const source = checkpoint(['w1', 'w3', 'w2']);
    const target = [
      e('embed.weight', [50, d]),
      ...[0, 1].flatMap((l) => [e(`blk.${l}.xattn.weight`, [d, d]), e(`blk.${l}.ffn_up_exps.weight`, [E, f, d]), e(`blk.${l}.ffn_gate_exps.weight`, [E, f, d]), e(`blk.${l}.ffn_down_exps.weight`, [E, d, f])]),
      e('norm.weight', [d]),
    ];
    const r = inferPlan({ source, target });
    for (const l of [0, 1]) {
      expect(JSON.stringify(r.mapping[`layers.${l}.moe.experts.0.w1.weight`])).toContain(`blk.${l}.ffn_gate_exps.weight`);
      expect(JSON.stringify(r.mapping[`layers.${l}.moe.experts.0.w3.weight`])).toContain(`blk.${l}.ffn_up_exps.weight`);
    }
  });
});
