/**
 * Fused q/k/v on one side (issue 11, the layout probe's "fused qkv" variants): the pieces of a fused
 * tensor change the two sides' module signatures, so what decided the unfused layout (a unique sibling
 * showing another order of definition; whole blocks of one signature) is gone. Each layout is the
 * smallest that needs its rule.
 */
import { describe, expect, test } from 'vitest';
import { inferPlan } from '../../../src/analysis/infer/index.js';
import type { KeyEntry } from '../../../src/formats/keys.js';
import { e } from './layouts.js';
import { FAMILY_MAKERS } from '../../../bench/families/index.js';
import { relayout } from '../../../bench/families/layouts.js';
import { runFamily } from '../../../bench/suites/plan.js';

const D = 8;

/** OpenAI Whisper's encoder layer, q/k/v weights fused into one `qkv` (k has no bias, so its bias stays apart from none) */
function openaiFusedWeights(layers: number): KeyEntry[] {
  const out: KeyEntry[] = [];
  for (let i = 0; i < layers; i++) {
    const p = `blocks.${i}`;
    out.push(
      e(`${p}.attn.qkv.weight`, [3 * D, D]),
      e(`${p}.attn.query.bias`, [D]),
      e(`${p}.attn.value.bias`, [D]),
      e(`${p}.attn.out.weight`, [D, D]),
      e(`${p}.attn.out.bias`, [D]),
      e(`${p}.attn_ln.weight`, [D]),
      e(`${p}.attn_ln.bias`, [D]),
      e(`${p}.mlp.0.weight`, [4 * D, D]),
      e(`${p}.mlp.0.bias`, [4 * D]),
      e(`${p}.mlp.2.weight`, [D, 4 * D]),
      e(`${p}.mlp.2.bias`, [D]),
      e(`${p}.mlp_ln.weight`, [D]),
      e(`${p}.mlp_ln.bias`, [D]),
    );
  }
  return out;
}

/** HF Whisper's encoder layer: k_proj, v_proj, q_proj defined in that order; `fused` keeps q/k/v weights in one `qkv_proj` */
function hfWhisper(layers: number, fused = false): KeyEntry[] {
  const out: KeyEntry[] = [];
  for (let i = 0; i < layers; i++) {
    const p = `layers.${i}.self_attn`;
    const weights = fused ? [e(`${p}.qkv_proj.weight`, [3 * D, D])] : [];
    out.push(
      ...weights,
      ...(fused ? [] : [e(`${p}.k_proj.weight`, [D, D]), e(`${p}.v_proj.weight`, [D, D])]),
      e(`${p}.v_proj.bias`, [D]),
      ...(fused ? [] : [e(`${p}.q_proj.weight`, [D, D])]),
      e(`${p}.q_proj.bias`, [D]),
      e(`${p}.out_proj.weight`, [D, D]),
      e(`${p}.out_proj.bias`, [D]),
      e(`layers.${i}.self_attn_layer_norm.weight`, [D]),
      e(`layers.${i}.self_attn_layer_norm.bias`, [D]),
      e(`layers.${i}.fc1.weight`, [4 * D, D]),
      e(`layers.${i}.fc1.bias`, [4 * D]),
      e(`layers.${i}.fc2.weight`, [D, 4 * D]),
      e(`layers.${i}.fc2.bias`, [D]),
      e(`layers.${i}.final_layer_norm.weight`, [D]),
      e(`layers.${i}.final_layer_norm.bias`, [D]),
    );
  }
  return out;
}

/** OpenAI Whisper with q/k/v apart (query, key, value order) */
function openaiApart(layers: number): KeyEntry[] {
  return openaiFusedWeights(layers).flatMap((x) =>
    x.key.endsWith('.qkv.weight')
      ? ['query', 'key', 'value'].map((r) => e(x.key.replace('qkv', r), [D, D]))
      : [x],
  );
}

describe('fused q/k/v weights with biases apart (Whisper: k has none)', () => {
  test('the biases go to their own projection, not by the order of definition', () => {
    const r = inferPlan({ source: openaiFusedWeights(2), target: hfWhisper(2) });
    for (const i of [0, 1]) {
      expect(r.mapping[`blocks.${i}.attn.query.bias`]).toBe(`layers.${i}.self_attn.q_proj.bias`);
      expect(r.mapping[`blocks.${i}.attn.value.bias`]).toBe(`layers.${i}.self_attn.v_proj.bias`);
      // the split keeps q, k, v order whatever order the model defines them in
      expect(r.mapping[`blocks.${i}.attn.qkv.weight`]).toEqual(['q_proj', 'k_proj', 'v_proj'].map((x) => `layers.${i}.self_attn.${x}.weight`));
    }
    expect(r.fixable).toBe(true);
  });

  test('fused in the model: the concat takes query, key, value, and the biases still go by name', () => {
    const source = openaiApart(2);
    // OpenAI defines query, key, value in order: biases of query and value only
    const r = inferPlan({ source, target: hfWhisper(2, true) });
    for (const i of [0, 1]) {
      expect(r.mapping[`blocks.${i}.attn.query.bias`]).toBe(`layers.${i}.self_attn.q_proj.bias`);
      expect(r.mapping[`blocks.${i}.attn.value.bias`]).toBe(`layers.${i}.self_attn.v_proj.bias`);
      for (const x of ['query', 'key', 'value']) expect(r.mapping[`blocks.${i}.attn.${x}.weight`]).toBe(`layers.${i}.self_attn.qkv_proj.weight`);
    }
    const concat = r.ops.find((o) => o.op === 'concat');
    expect(concat).toBeDefined();
    expect(r.fixable).toBe(true);
  });
});

/**
 * Stable Diffusion's UNet (a tuning family) with each attention's q/k/v fused on one side (the layout
 * probe's variants): the pieces of the whole change every attention block's signature, and the first
 * alignment put `middle_block.1` on `up_blocks.1.attentions.0` (diffusers defines `up_blocks` before
 * `mid_block`); `to_q` / `to_k` / `to_v` sit beside `to_out.0`, two levels below their module's other pair.
 */
describe('fused q/k/v in look-alike blocks placed by module alignment', () => {
  for (const kind of ['fused-source', 'fused-target'] as const) {
    test(`${kind}: every pair and every split or concat right, values included`, () => {
      const f = relayout(FAMILY_MAKERS['sd-v1-unet-ldm-to-diffusers']!(), kind)!;
      const row = runFamily('sd-v1-unet-ldm-to-diffusers', () => f);
      expect(row.misses).toEqual([]);
      expect(row.correct).toBe(row.expected);
    });
  }
});
