import { describe, expect, test } from 'vitest';
import { inferPlan } from '../../../src/analysis/infer/index.js';
import type { KeyEntry } from '../../../src/formats/keys.js';

/**
 * GPT-2's block numbers its two norms (`ln_1`, `ln_2`) where llama.cpp's GGUF names say what each feeds
 * (`attn_norm`, `ffn_norm`), and a GGUF writer lists a block's tensors sorted by name: the numbers order the
 * source only and the target's order is the alphabet's, so neither order relates `ln_1` to `attn_norm`.
 * What does is the convention GPT-2's code fixes (`x + attn(ln_1(x))`, then `x + mlp(ln_2(x))`): a row of
 * role-names.ts, read only where `attn` and `mlp` are their siblings.
 */
const e = (key: string, shape: number[]): KeyEntry => ({ key, shape, dtype: 'float32' });
const D = 8;
const F = 16;
const L = 3;

function sides(): { source: KeyEntry[]; target: KeyEntry[] } {
  const source: KeyEntry[] = [e('transformer.wte.weight', [50, D])];
  const target: KeyEntry[] = [];
  for (let l = 0; l < L; l++) {
    const h = `transformer.h.${l}`;
    source.push(
      e(`${h}.ln_1.weight`, [D]),
      e(`${h}.attn.attention.q_proj.weight`, [D, D]), e(`${h}.attn.attention.k_proj.weight`, [D, D]),
      e(`${h}.attn.attention.v_proj.weight`, [D, D]), e(`${h}.attn.attention.out_proj.weight`, [D, D]),
      e(`${h}.ln_2.weight`, [D]),
      e(`${h}.mlp.c_fc.weight`, [F, D]), e(`${h}.mlp.c_proj.weight`, [D, F]),
    );
    const b = `blk.${l}`;
    // sorted by name, as a GGUF writer lists them
    target.push(
      e(`${b}.attn_k.weight`, [D, D]), e(`${b}.attn_norm.weight`, [D]), e(`${b}.attn_output.weight`, [D, D]),
      e(`${b}.attn_q.weight`, [D, D]), e(`${b}.attn_v.weight`, [D, D]),
      e(`${b}.ffn_down.weight`, [D, F]), e(`${b}.ffn_norm.weight`, [D]), e(`${b}.ffn_up.weight`, [F, D]),
    );
  }
  source.push(e('transformer.ln_f.weight', [D]));
  target.push(e('output_norm.weight', [D]), e('token_embd.weight', [50, D]));
  return { source, target };
}

describe("GPT-2's numbered block norms against names that say what they feed (role-names.ts)", () => {
  test('ln_1 is the attention\'s norm and ln_2 the MLP\'s, though the target lists ffn_norm between the MLP\'s projections', () => {
    const { source, target } = sides();
    const r = inferPlan({ source, target });
    for (let l = 0; l < L; l++) {
      expect(r.mapping[`transformer.h.${l}.ln_1.weight`]).toBe(`blk.${l}.attn_norm.weight`);
      expect(r.mapping[`transformer.h.${l}.ln_2.weight`]).toBe(`blk.${l}.ffn_norm.weight`);
    }
  });

  test('without the attention and MLP beside them the numbers are no convention: the norms are not paired by it', () => {
    // the same names in a block whose branches are `mixer` and `ff`: the row does not hold, and nothing else
    // says which norm feeds which
    const { source, target } = sides();
    const renamed = source.map((x) => ({ ...x, key: x.key.replace('.attn.', '.mixer.').replace('.mlp.', '.ff.') }));
    const r = inferPlan({ source: renamed, target });
    for (let l = 0; l < L; l++) {
      const got = r.mapping[`transformer.h.${l}.ln_1.weight`];
      expect(got === `blk.${l}.attn_norm.weight` && !r.leftover.includes(`transformer.h.${l}.ln_1.weight`)).toBe(false);
    }
  });
});
