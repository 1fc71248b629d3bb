/**
 * The twelfth family set's generators, checked without running the matcher (set 12 is a clean measure: no test
 * here infers a plan or scores one). test/bench/families.test.ts already checks every family's truth against
 * its key lists (targets exist, shapes agree or are declared reshaped / split / joined, sizes); this file adds what
 * holds for set 12 in particular: the split, coverage of the target, the published parameter totals of the
 * models, and the names, splits and value ops the reference code writes.
 */
import { describe, expect, it } from 'vitest';
import { FAMILY_MAKERS_12, HELD_OUT_12, type Family } from '../../bench/families/index.js';
import { expectReachesEveryKey, expectRecipesBuildTheirTargets, expectSplitsKeepElements, familySet, itHoldsItsSplit, keys, numel, sourceOf } from '../helpers/family-sets.js';

const set = familySet(FAMILY_MAKERS_12);
const { families, family } = set;

/** elements on one side, a tied copy (written twice by the converter) counted once */
const params = (f: Family, side: 'source' | 'target'): number =>
  f[side].filter((e) => side === 'source' || !(e.key in (f.tied ?? {}))).reduce((a, e) => a + numel(e.shape!), 0);

describe('family set 12', () => {
  itHoldsItsSplit(set, HELD_OUT_12, {
    count: 12,
    // the split as committed with the set
    heldOut: [
      'falcon-40b-hf-to-gguf', 'mpt-7b-hf-to-gguf', 'nomic-embed-text-v1.5-hf-to-gguf', 'qwen-7b-hf-to-gguf', 'refact-1.6b-hf-to-gguf',
      'starcoderbase-1b-hf-to-gguf',
    ],
  });

  describe.each(families)('%s', (_name, f) => {
    it('reaches every target key and maps every source key', () => expectReachesEveryKey(f));
    it('keeps the elements of every split (the parts add up to the source tensor)', () => expectSplitsKeepElements(f));
    // MPT's wte → [token_embd, output] is one tensor written twice (a tie), not a split: it has no recipe
    it('gives every split part and every recipe one that builds its target\'s shape from its own source', () => (f.tied ? expect(f.recipes).toBeUndefined() : expectRecipesBuildTheirTargets(f)));
    it('keeps every parameter: both sides hold the same number of elements (a tied copy once)', () => expect(params(f, 'target')).toBe(params(f, 'source')));
  });

  it('matches the published parameter totals of the real models', () => {
    const totals: [string, number][] = [
      // MPT-7B 6.65 B, Refact-1.6B 1.59 B, Persimmon-8B 9.4 B (the hub's count; "8B" in the name), Qwen-7B 7.72 B
      ['mpt-7b-hf-to-gguf', 6_649_286_656],
      ['refact-1.6b-hf-to-gguf', 1_585_842_176],
      ['persimmon-8b-hf-to-gguf', 9_397_175_296],
      ['qwen-7b-hf-to-gguf', 7_721_324_544],
      // StarCoderBase-1B 1.14 B, Orion-14B 14.5 B, Falcon-7B 7.22 B, Falcon-40B 41.8 B (both counting the saved lm_head)
      ['starcoderbase-1b-hf-to-gguf', 1_137_207_296],
      ['orion-14b-hf-to-gguf', 14_498_703_360],
      ['falcon-7b-hf-to-gguf', 7_217_189_760],
      ['falcon-40b-hf-to-gguf', 41_835_970_560],
      // EXAONE-3.0-7.8B 7.82 B, OpenELM-270M 272 M, nomic-embed-text-v1.5 137 M, MiniCPM-2B 2.72 B (2.44 B without the embedding)
      ['exaone-3.0-7.8b-hf-to-gguf', 7_818_448_896],
      ['openelm-270m-hf-to-gguf', 271_527_168],
      ['nomic-embed-text-v1.5-hf-to-gguf', 136_731_648],
      ['minicpm-2b-hf-to-gguf', 2_724_880_896],
    ];
    for (const [name, total] of totals) expect(params(family(name), 'source'), name).toBe(total);
    expect(totals.map((t) => t[0]).sort()).toEqual(families.map(([n]) => n).sort());
    const minicpm = family('minicpm-2b-hf-to-gguf');
    expect(params(minicpm, 'source') - numel(minicpm.source.find((e) => e.key === 'model.embed_tokens.weight')!.shape!)).toBe(2_442_057_984);
  });

  it('lists safetensors and GGUF sides sorted by name', () => {
    const sorted = (k: string[]): boolean => k.every((x, i) => i === 0 || k[i - 1]! < x);
    for (const [name, f] of families) {
      expect(sorted(keys(f, 'source')), name).toBe(true);
      expect(sorted(keys(f, 'target')), name).toBe(true);
    }
  });

  it('uses the names, splits and value ops the reference code writes', () => {
    const mpt = family('mpt-7b-hf-to-gguf');
    expect(mpt.truth['transformer.wte.weight']).toEqual(['token_embd.weight', 'output.weight']);
    expect(mpt.truth['transformer.blocks.7.attn.Wqkv.weight']).toBe('blk.7.attn_qkv.weight');
    expect(mpt.truth['transformer.blocks.7.norm_2.weight']).toBe('blk.7.ffn_norm.weight');
    expect(keys(mpt, 'source').filter((k) => k.endsWith('.bias'))).toEqual([]);

    const refact = family('refact-1.6b-hf-to-gguf');
    expect(refact.truth['transformer.h.3.attn.kv.weight']).toEqual(['blk.3.attn_k.weight', 'blk.3.attn_v.weight']);
    expect(refact.truth['transformer.h.3.mlp.gate_up_proj.weight']).toEqual(['blk.3.ffn_gate.weight', 'blk.3.ffn_up.weight']);
    expect(refact.truth['transformer.h.3.attn.c_proj.weight']).toBe('blk.3.attn_output.weight');
    expect(refact.truth['transformer.h.3.mlp.c_proj.weight']).toBe('blk.3.ffn_down.weight');
    // w[ff_dim:] → up_proj: row r of ffn_up is row 5632 + r of gate_up_proj
    expect(sourceOf(refact, 'blk.3.ffn_up.weight', 7 * 2048 + 9)).toEqual(['transformer.h.3.mlp.gate_up_proj.weight', (5632 + 7) * 2048 + 9]);
    expect(sourceOf(refact, 'blk.3.attn_v.weight', 5 * 2048)).toEqual(['transformer.h.3.attn.kv.weight', (64 + 5) * 2048]);

    const persimmon = family('persimmon-8b-hf-to-gguf').truth;
    expect(persimmon['model.layers.35.self_attn.q_layernorm.bias']).toBe('blk.35.attn_q_norm.bias');
    expect(persimmon['model.layers.35.self_attn.k_layernorm.weight']).toBe('blk.35.attn_k_norm.weight');
    expect(persimmon['model.final_layernorm.weight']).toBe('output_norm.weight');

    const qwen = family('qwen-7b-hf-to-gguf').truth;
    expect(qwen['transformer.h.0.mlp.w1.weight']).toBe('blk.0.ffn_up.weight');
    expect(qwen['transformer.h.0.mlp.w2.weight']).toBe('blk.0.ffn_gate.weight');
    expect(qwen['transformer.h.0.attn.c_attn.bias']).toBe('blk.0.attn_qkv.bias');

    const sc = family('starcoderbase-1b-hf-to-gguf');
    expect(sc.truth['transformer.wpe.weight']).toBe('position_embd.weight');
    expect(sc.target.find((e) => e.key === 'blk.0.attn_qkv.weight')!.shape).toEqual([2304, 2048]);
    expect(keys(sc, 'target')).not.toContain('output.weight');

    const orion = family('orion-14b-hf-to-gguf');
    expect(orion.truth['model.layers.2.input_layernorm.bias']).toBe('blk.2.attn_norm.bias');
    expect(orion.recipes).toBeUndefined();

    // Falcon-40B: 8 groups of (16 q heads, 1 k, 1 v) of 64 rows; q head g · 16 + j row i comes from group g, slot j; key of group g from slot 16
    const f40 = family('falcon-40b-hf-to-gguf');
    const qkv = 'transformer.h.4.self_attention.query_key_value.weight';
    expect(f40.truth[qkv]).toBe('blk.4.attn_qkv.weight');
    expect(f40.truth['transformer.h.4.ln_attn.weight']).toBe('blk.4.attn_norm_2.weight');
    expect(f40.truth['transformer.h.4.ln_mlp.weight']).toBe('blk.4.attn_norm.weight');
    const srcRow = (g: number, slot: number, i: number): number => (g * 18 + slot) * 64 + i;
    expect(sourceOf(f40, 'blk.4.attn_qkv.weight', ((3 * 16 + 5) * 64 + 7) * 8192 + 11)).toEqual([qkv, srcRow(3, 5, 7) * 8192 + 11]);
    expect(sourceOf(f40, 'blk.4.attn_qkv.weight', ((128 + 2) * 64 + 7) * 8192)).toEqual([qkv, srcRow(2, 16, 7) * 8192]);
    expect(sourceOf(f40, 'blk.4.attn_qkv.weight', ((136 + 6) * 64 + 1) * 8192)).toEqual([qkv, srcRow(6, 17, 1) * 8192]);
    // Falcon-7B: one group, so the transform keeps every row where it is
    const f7 = family('falcon-7b-hf-to-gguf');
    expect(sourceOf(f7, 'blk.0.attn_qkv.weight', 4600 * 4544 + 3)).toEqual(['transformer.h.0.self_attention.query_key_value.weight', 4600 * 4544 + 3]);
    expect(f7.truth['transformer.h.0.input_layernorm.bias']).toBe('blk.0.attn_norm.bias');

    const ex = family('exaone-3.0-7.8b-hf-to-gguf').truth;
    expect(ex['transformer.h.1.mlp.c_fc_0.weight']).toBe('blk.1.ffn_gate.weight');
    expect(ex['transformer.h.1.mlp.c_fc_1.weight']).toBe('blk.1.ffn_up.weight');
    expect(ex['transformer.h.1.attn.attention.out_proj.weight']).toBe('blk.1.attn_output.weight');

    const elm = family('openelm-270m-hf-to-gguf');
    // OpenELM-270M's published config: 12 … 20 query heads, MLP 768 … 5120
    expect(elm.source.find((e) => e.key === 'transformer.layers.0.attn.qkv_proj.weight')!.shape).toEqual([(12 + 2 * 3) * 64, 1280]);
    expect(elm.source.find((e) => e.key === 'transformer.layers.15.attn.qkv_proj.weight')!.shape).toEqual([(20 + 2 * 5) * 64, 1280]);
    expect(elm.source.find((e) => e.key === 'transformer.layers.0.ffn.proj_2.weight')!.shape).toEqual([1280, 768]);
    expect(elm.source.find((e) => e.key === 'transformer.layers.15.ffn.proj_2.weight')!.shape).toEqual([1280, 5120]);
    expect(elm.truth['transformer.layers.15.ffn.proj_1.weight']).toEqual(['blk.15.ffn_gate.weight', 'blk.15.ffn_up.weight']);
    expect(elm.truth['transformer.norm.weight']).toBe('output_norm.weight');

    const nomic = family('nomic-embed-text-v1.5-hf-to-gguf').truth;
    expect(nomic['encoder.layers.11.mlp.fc11.weight']).toBe('blk.11.ffn_up.weight');
    expect(nomic['encoder.layers.11.mlp.fc12.weight']).toBe('blk.11.ffn_gate.weight');
    expect(nomic['encoder.layers.11.norm1.bias']).toBe('blk.11.attn_output_norm.bias');
    expect(nomic['encoder.layers.11.norm2.bias']).toBe('blk.11.layer_output_norm.bias');
    expect(nomic['emb_ln.weight']).toBe('token_embd_norm.weight');

    // permute(w, 36, 36): reshape(36, 2, 32, 2304).swapaxes(1, 2), so row h · 64 + p · 2 + i of the result comes from row h · 64 + i · 32 + p
    const mc = family('minicpm-2b-hf-to-gguf');
    expect(sourceOf(mc, 'blk.3.attn_k.weight', (2 * 64 + 5 * 2 + 1) * 2304 + 9)).toEqual(['model.layers.3.self_attn.k_proj.weight', (2 * 64 + 32 + 5) * 2304 + 9]);
    expect(mc.recipes!['blk.3.attn_v.weight']).toBeUndefined();
  });
});
