import { describe, expect, it } from 'vitest';
import { inferSplit, modelSizes } from '../../../src/formats/megatron/splits.js';
import { trackerFolder, parseRankFolder } from '../../../src/formats/megatron/names.js';

const ARGS = new Map<string, number | boolean>([['hidden_size', 8], ['ffn_hidden_size', 12], ['num_attention_heads', 4], ['kv_channels', 2], ['padded_vocab_size', 16], ['group_query_attention', true], ['num_query_groups', 2]]);
const sizes = modelSizes(ARGS, true);
/** the args say a plain MLP (swiglu False) and checkpoint_version 3 */
const plain = { gatedMlp: false, ckptVersion: 3 };
const gated = { gatedMlp: true, ckptVersion: 3 };

describe('Megatron tensor-parallel splits', () => {
  it('from the layer class a name belongs to, checked against the saved sizes', () => {
    expect(inferSplit('decoder.layers.0.self_attention.linear_qkv.weight', [[8, 8], [8, 8]], plain, sizes)).toMatchObject({ kind: 'split', dim: 0 });
    expect(inferSplit('decoder.layers.0.self_attention.linear_proj.weight', [[8, 4], [8, 4]], plain, sizes)).toMatchObject({ kind: 'split', dim: 1 });
    expect(inferSplit('decoder.layers.0.self_attention.linear_proj.bias', [[8], [8]], plain, sizes)).toMatchObject({ kind: 'replicated' });
    expect(inferSplit('decoder.layers.0.self_attention.linear_qkv.layer_norm_weight', [[8], [8]], plain, sizes)).toMatchObject({ kind: 'replicated' });
    expect(inferSplit('decoder.layers.0.mlp.linear_fc1.weight', [[12, 8], [12, 8]], gated, sizes)).toMatchObject({ kind: 'split', dim: 0, blocks: 'gated' });
    // 2 × 5 = 10 rows is none of the model's sizes: the name is not trusted
    expect(inferSplit('embedding.word_embeddings.weight', [[5, 8], [5, 8]], plain, sizes)).toMatchObject({ kind: 'unknown' });
  });

  it('from shapes that differ across ranks in one dim; unknown names with equal shapes stay unknown', () => {
    expect(inferSplit('custom.proj', [[3, 8], [5, 8]], plain, null)).toEqual({ kind: 'split', dim: 0, why: 'shapes differ across ranks in dim 0' });
    expect(inferSplit('custom.proj', [[3, 8], [5, 7]], plain, null)).toMatchObject({ kind: 'unknown' });
    expect(inferSplit('linear_proj.weight', [[3, 8], [5, 8]], plain, null)).toMatchObject({ kind: 'unknown' }); // a row-parallel weight cannot differ in dim 0
    expect(inferSplit('custom.proj', [[4, 8], [4, 8]], plain, null)).toMatchObject({ kind: 'unknown' });
    expect(inferSplit('custom.proj', [[4, 8]], plain, null)).toMatchObject({ kind: 'replicated' });
  });

  it('review25 F15: a gated fc1 is joined as [gate; up] halves only when the args say gated; no args: unknown; ungated args: 2 × ffn is no size', () => {
    for (const key of ['decoder.layers.0.mlp.linear_fc1.weight', 'language_model.encoder.layers.0.mlp.dense_h_to_4h.bias']) {
      const shapes = key.endsWith('bias') ? [[12], [12]] : [[12, 8], [12, 8]];
      expect(inferSplit(key, shapes, gated, sizes)).toMatchObject({ kind: 'split', dim: 0, blocks: 'gated' });
      expect(inferSplit(key, shapes, { gatedMlp: null, ckptVersion: 3 }, null)).toMatchObject({ kind: 'unknown', why: expect.stringMatching(/no saved args say whether/) });
      expect(inferSplit(key, shapes, plain, modelSizes(ARGS, false))).toMatchObject({ kind: 'unknown', why: expect.stringMatching(/24 is none of the model's sizes/) });
    }
    // a plain fc1 of the args' width joins plainly
    expect(inferSplit('decoder.layers.0.mlp.linear_fc1.weight', [[6, 8], [6, 8]], plain, modelSizes(ARGS, false))).toEqual({ kind: 'split', dim: 0, why: expect.any(String) });
  });

  it('review25 F10: legacy query_key_value is joined as [q; k; v] thirds at checkpoint_version 0, plainly from 1.0, unknown without a version', () => {
    const mha = modelSizes(new Map<string, number | boolean>([['hidden_size', 8], ['num_attention_heads', 4]]), false);
    const key = 'language_model.encoder.layers.0.self_attention.query_key_value.weight';
    expect(inferSplit(key, [[12, 8], [12, 8]], { gatedMlp: false, ckptVersion: 0 }, mha)).toMatchObject({ kind: 'split', dim: 0, blocks: 'qkvV0' });
    expect(inferSplit(key, [[12, 8], [12, 8]], { gatedMlp: false, ckptVersion: 1 }, mha)).toEqual({ kind: 'split', dim: 0, why: expect.any(String) });
    expect(inferSplit(key, [[12, 8], [12, 8]], { gatedMlp: false, ckptVersion: 3 }, mha)).toEqual({ kind: 'split', dim: 0, why: expect.any(String) });
    expect(inferSplit(key, [[12, 8], [12, 8]], { gatedMlp: false, ckptVersion: null }, mha)).toMatchObject({ kind: 'unknown', why: expect.stringMatching(/no checkpoint_version/) });
    // Megatron-Core's linear_qkv is per query group at every version
    expect(inferSplit('decoder.layers.0.self_attention.linear_qkv.weight', [[12, 8], [12, 8]], { gatedMlp: false, ckptVersion: null }, mha)).toEqual({ kind: 'split', dim: 0, why: expect.any(String) });
  });

  it('reads tracker texts and rank folder names as checkpointing.py writes them', () => {
    expect(trackerFolder('2000\n')).toBe('iter_0002000');
    expect(trackerFolder('release')).toBe('release');
    expect(trackerFolder('latest')).toBeNull();
    expect(parseRankFolder('mp_rank_01_003')).toEqual({ tp: 1, pp: 3, ep: null });
    expect(parseRankFolder('mp_rank_00')).toEqual({ tp: 0, pp: null, ep: null });
    expect(parseRankFolder('mp_rank_0')).toBeNull();
  });
});

describe("review25 F14 and F13e: the last stage's head copy, Multi-Latent Attention and grouped-GEMM experts", () => {
  // an MLA model: 4 heads, qk_head_dim 2, qk_pos_emb_head_dim 1, v_head_dim 2, q_lora_rank 6, kv_lora_rank 4
  const mla = new Map<string, number | boolean>([...ARGS, ['qk_head_dim', 2], ['qk_pos_emb_head_dim', 1], ['v_head_dim', 2], ['q_lora_rank', 6], ['kv_lora_rank', 4]]);
  const mlaSizes = modelSizes(mla, false);
  const withArgs = { ...plain, args: mla };

  it("word_embeddings_for_head is a VocabParallelEmbedding: rows split", () => {
    expect(inferSplit('word_embeddings_for_head.weight', [[8, 8], [8, 8]], plain, sizes)).toMatchObject({ kind: 'split', dim: 0 });
  });

  it('the up projections are column-parallel; their merged rows are sizes the MLA args give', () => {
    // q up: 4 heads × (2 + 1) = 12 rows; kv up: 4 × (2 + 2) = 16
    expect(inferSplit('decoder.layers.0.self_attention.linear_q_up_proj.weight', [[6, 6], [6, 6]], withArgs, mlaSizes)).toMatchObject({ kind: 'split', dim: 0 });
    expect(inferSplit('decoder.layers.0.self_attention.linear_kv_up_proj.weight', [[8, 4], [8, 4]], withArgs, mlaSizes)).toMatchObject({ kind: 'split', dim: 0 });
    expect(inferSplit('decoder.layers.0.self_attention.linear_q_up_proj.weight', [[5, 6], [5, 6]], withArgs, mlaSizes)).toMatchObject({ kind: 'unknown' });
  });

  it('a down projection is whole (TELinear duplicated) or split (ColumnParallelLinear) as its rows against the args say; no args: unknown', () => {
    expect(inferSplit('decoder.layers.0.self_attention.linear_q_down_proj.weight', [[6, 8], [6, 8]], withArgs, mlaSizes)).toMatchObject({ kind: 'replicated' });
    expect(inferSplit('decoder.layers.0.self_attention.linear_q_down_proj.weight', [[3, 8], [3, 8]], withArgs, mlaSizes)).toMatchObject({ kind: 'split', dim: 0 });
    // kv down: kv_lora_rank + qk_pos_emb_head_dim = 5 rows
    expect(inferSplit('decoder.layers.0.self_attention.linear_kv_down_proj.weight', [[5, 8], [5, 8]], withArgs, mlaSizes)).toMatchObject({ kind: 'replicated' });
    expect(inferSplit('decoder.layers.0.self_attention.linear_kv_down_proj.weight', [[4, 8], [4, 8]], withArgs, mlaSizes)).toMatchObject({ kind: 'unknown' });
    expect(inferSplit('decoder.layers.0.self_attention.linear_q_down_proj.weight', [[6, 8], [6, 8]], plain, null)).toMatchObject({ kind: 'unknown' });
  });

  it("TEGroupedMLP's per-expert weight{E}: fc1 column (gated halves when gated), fc2 row, fc2's bias whole", () => {
    expect(inferSplit('decoder.layers.0.mlp.experts.linear_fc1.weight3', [[6, 8], [6, 8]], plain, sizes)).toMatchObject({ kind: 'split', dim: 0 });
    expect(inferSplit('decoder.layers.0.mlp.experts.linear_fc1.weight0', [[12, 8], [12, 8]], gated, sizes)).toMatchObject({ kind: 'split', dim: 0, blocks: 'gated' });
    expect(inferSplit('decoder.layers.0.mlp.experts.linear_fc2.weight12', [[8, 6], [8, 6]], plain, sizes)).toMatchObject({ kind: 'split', dim: 1 });
    expect(inferSplit('decoder.layers.0.mlp.experts.linear_fc2.bias1', [[8], [8]], plain, sizes)).toMatchObject({ kind: 'replicated' });
  });
});
