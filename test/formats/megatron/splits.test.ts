import { describe, expect, it } from 'vitest';
import { inferSplit, modelSizes } from '../../../src/formats/megatron/splits.js';
import { trackerFolder, parseRankFolder } from '../../../src/formats/megatron/names.js';

const sizes = modelSizes(new Map<string, number | boolean>([['hidden_size', 8], ['ffn_hidden_size', 12], ['num_attention_heads', 4], ['kv_channels', 2], ['padded_vocab_size', 16], ['group_query_attention', true], ['num_query_groups', 2]]));

describe('Megatron tensor-parallel splits', () => {
  it('from the layer class a name belongs to, checked against the saved sizes', () => {
    expect(inferSplit('decoder.layers.0.self_attention.linear_qkv.weight', [[8, 8], [8, 8]], false, sizes)).toMatchObject({ kind: 'split', dim: 0 });
    expect(inferSplit('decoder.layers.0.self_attention.linear_proj.weight', [[8, 4], [8, 4]], false, sizes)).toMatchObject({ kind: 'split', dim: 1 });
    expect(inferSplit('decoder.layers.0.self_attention.linear_proj.bias', [[8], [8]], false, sizes)).toMatchObject({ kind: 'replicated' });
    expect(inferSplit('decoder.layers.0.self_attention.linear_qkv.layer_norm_weight', [[8], [8]], false, sizes)).toMatchObject({ kind: 'replicated' });
    expect(inferSplit('decoder.layers.0.mlp.linear_fc1.weight', [[12, 8], [12, 8]], true, sizes)).toMatchObject({ kind: 'split', dim: 0, gated: true });
    // 2 × 5 = 10 rows is none of the model's sizes: the name is not trusted
    expect(inferSplit('embedding.word_embeddings.weight', [[5, 8], [5, 8]], false, sizes)).toMatchObject({ kind: 'unknown' });
  });

  it('from shapes that differ across ranks in one dim; unknown names with equal shapes stay unknown', () => {
    expect(inferSplit('custom.proj', [[3, 8], [5, 8]], false, null)).toEqual({ kind: 'split', dim: 0, gated: false, why: 'shapes differ across ranks in dim 0' });
    expect(inferSplit('custom.proj', [[3, 8], [5, 7]], false, null)).toMatchObject({ kind: 'unknown' });
    expect(inferSplit('linear_proj.weight', [[3, 8], [5, 8]], false, null)).toMatchObject({ kind: 'unknown' }); // a row-parallel weight cannot differ in dim 0
    expect(inferSplit('custom.proj', [[4, 8], [4, 8]], false, null)).toMatchObject({ kind: 'unknown' });
    expect(inferSplit('custom.proj', [[4, 8]], false, null)).toMatchObject({ kind: 'replicated' });
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
