import { describe, expect, test } from 'vitest';
import { inferPlan } from '../../../src/analysis/infer/index.js';
import { rolesOf } from '../../../src/analysis/infer/role-names.js';
import type { KeyEntry } from '../../../src/formats/keys.js';

/**
 * Review 10 F2(b): a Grok layer read from GGUF (llama.cpp writes the HF file's sorted order, renamed:
 * `attn_k, attn_output, attn_q, attn_v, …, attn_output_norm, layer_output_norm, attn_norm, ffn_norm`)
 * against the model's definition order. The four [D] norms of every layer form one look-alike group
 * spanning the layers, which name and order paired: the file's order laid on the model's, 8 of 45
 * tensors wrong under "succeeds". Whether order is evidence is read per layer from the pairs order did
 * not decide (here the attention's, `attn_k` before `attn_q` against `q_proj` first): the layer is not in
 * the model's order, so known roles or names decide and the rest is listed.
 */
const e = (key: string, shape: number[]): KeyEntry => ({ key, shape, dtype: 'float32' });
const D = 16;
const KV = 8;
const F = 24;
const E = 4;
const V = 50;
const L = 2;
/** llama.cpp's names of Grok's norms (gguf-py tensor_mapping.py) → the HF module each is */
const NORMS: [string, string][] = [
  ['attn_output_norm', 'post_attn_norm'],
  ['layer_output_norm', 'post_moe_norm'],
  ['attn_norm', 'pre_attn_norm'],
  ['ffn_norm', 'pre_moe_norm'],
];

/** GGUF side in the converter's order; the model side with its norms named `modelNorms` (same order as NORMS' second column) */
function grok(modelNorms: readonly string[]): { source: KeyEntry[]; target: KeyEntry[]; truth: Map<string, string> } {
  const source: KeyEntry[] = [e('output.weight', [V, D]), e('token_embd.weight', [V, D])];
  const target: KeyEntry[] = [e('model.embed_tokens.weight', [V, D])];
  const truth = new Map<string, string>();
  for (let l = 0; l < L; l++) {
    source.push(
      e(`blk.${l}.attn_k.weight`, [KV, D]),
      e(`blk.${l}.attn_output.weight`, [D, D]),
      e(`blk.${l}.attn_q.weight`, [D, D]),
      e(`blk.${l}.attn_v.weight`, [KV, D]),
      // stacked experts (split per expert in the model): the layers' signatures differ, so each group of
      // look-alikes spans every layer
      e(`blk.${l}.ffn_down_exps.weight`, [E, D, F]),
      e(`blk.${l}.ffn_gate_exps.weight`, [E, F, D]),
      e(`blk.${l}.ffn_up_exps.weight`, [E, F, D]),
      e(`blk.${l}.ffn_gate_inp.weight`, [E, D]),
      ...NORMS.map(([g]) => e(`blk.${l}.${g}.weight`, [D])),
    );
    target.push(
      e(`model.layers.${l}.attn.q_proj.weight`, [D, D]),
      e(`model.layers.${l}.attn.k_proj.weight`, [KV, D]),
      e(`model.layers.${l}.attn.v_proj.weight`, [KV, D]),
      e(`model.layers.${l}.attn.o_proj.weight`, [D, D]),
      e(`model.layers.${l}.moe_block.gate.weight`, [E, D]),
      ...Array.from({ length: E }, (_, x) => [
        e(`model.layers.${l}.moe_block.experts.${x}.gate_proj.weight`, [F, D]),
        e(`model.layers.${l}.moe_block.experts.${x}.down_proj.weight`, [D, F]),
        e(`model.layers.${l}.moe_block.experts.${x}.up_proj.weight`, [F, D]),
      ]).flat(),
      // the model defines its norms pre_attn, post_attn, pre_moe, post_moe
      ...[2, 0, 3, 1].map((i) => e(`model.layers.${l}.${modelNorms[i]}.weight`, [D])),
    );
    for (const [i, [g]] of NORMS.entries()) truth.set(`blk.${l}.${g}.weight`, `model.layers.${l}.${modelNorms[i]}.weight`);
  }
  source.push(e('output_norm.weight', [D]));
  target.push(e('model.norm.weight', [D]), e('lm_head.weight', [V, D]));
  return { source, target, truth };
}

describe("a layer listed in another order than the model's: its look-alike norms are not paired by that order", () => {
  test("Grok's norms from GGUF order: paired by the two conventions' roles (llama.cpp's map), every one right", () => {
    const { source, target, truth } = grok(NORMS.map(([, h]) => h));
    const r = inferPlan({ source, target });
    for (const [s, t] of truth) expect(r.mapping[s]).toBe(t);
    expect(r.mapping['blk.1.attn_q.weight']).toBe('model.layers.1.attn.q_proj.weight');
  });

  test('norms whose names no convention knows: none paired wrongly by the file order; the ones left are listed with their candidates', () => {
    const { source, target, truth } = grok(['norm_c', 'norm_d', 'norm_a', 'norm_b']);
    const r = inferPlan({ source, target });
    let listed = 0;
    for (const [s, t] of truth) {
      const got = r.mapping[s];
      if (got !== undefined && r.leftover.indexOf(s) < 0) expect(got).toBe(t);
      const tie = r.ambiguities.find((a) => a.keys.includes(s));
      if (tie) {
        expect(tie.candidates).toContain(t);
        listed++;
      }
    }
    expect(listed).toBeGreaterThan(0);
  });
});

describe('four-norm conventions (role-names.ts)', () => {
  test("Gemma-2's post_attention_layernorm normalises the attention's output: the four-norm row, not Llama's two-norm one, gives its role", () => {
    const gemma = new Set(['self_attn', 'mlp', 'input_layernorm', 'post_attention_layernorm', 'pre_feedforward_layernorm', 'post_feedforward_layernorm']);
    const gguf = new Set(['attn_q', 'attn_norm', 'post_attention_norm', 'ffn_norm', 'post_ffw_norm']);
    const hf = rolesOf(['input_layernorm', 'post_attention_layernorm', 'pre_feedforward_layernorm', 'post_feedforward_layernorm'], gemma);
    const cpp = rolesOf(['attn_norm', 'post_attention_norm', 'ffn_norm', 'post_ffw_norm'], gguf);
    expect(hf).not.toBeNull();
    expect(cpp).toEqual(hf);
    // in a Llama layer the two-norm row still holds: post_attention_layernorm is the MLP's input norm
    const llama = rolesOf(['post_attention_layernorm'], new Set(['self_attn', 'mlp', 'input_layernorm', 'post_attention_layernorm']));
    expect(llama).toEqual(rolesOf(['ffn_norm'], new Set(['attn_norm', 'ffn_norm'])));
    expect(llama).not.toEqual([hf![1]]);
  });
});
