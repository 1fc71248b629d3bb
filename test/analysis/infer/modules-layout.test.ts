import { describe, expect, test } from 'vitest';
import { matchModules } from '../../../src/analysis/infer/modules.js';
import { locate } from '../../../src/analysis/infer/types.js';
import type { KeyEntry } from '../../../src/formats/keys.js';

const e = (key: string, shape: number[]): KeyEntry => ({ key, shape, dtype: 'float32' });
const pairsOf = (source: KeyEntry[], target: KeyEntry[]) =>
  Object.fromEntries(matchModules({ source: locate(source), target: locate(target) }).map((p) => [p.source, p.target]));

const D = 8;
/** Megatron-LM GPT layers (Linear: [out, in]) */
const megatron = (n: number) => [
  e('language_model.embedding.word_embeddings.weight', [50, D]),
  e('language_model.embedding.position_embeddings.weight', [16, D]),
  ...Array.from({ length: n }, (_, i) => [
    e(`language_model.encoder.layers.${i}.self_attention.query_key_value.weight`, [3 * D, D]),
    e(`language_model.encoder.layers.${i}.mlp.dense_h_to_4h.weight`, [4 * D, D]),
    e(`language_model.encoder.layers.${i}.mlp.dense_4h_to_h.weight`, [D, 4 * D]),
  ]).flat(),
];
/** GPT-2 layers (Conv1D: [in, out]) and a tied lm_head beside `transformer` */
const gpt2 = (n: number) => [
  e('transformer.wte.weight', [50, D]),
  e('transformer.wpe.weight', [16, D]),
  ...Array.from({ length: n }, (_, i) => [
    e(`transformer.h.${i}.attn.c_attn.weight`, [D, 3 * D]),
    e(`transformer.h.${i}.mlp.c_fc.weight`, [D, 4 * D]),
    e(`transformer.h.${i}.mlp.c_proj.weight`, [4 * D, D]),
  ]).flat(),
  e('lm_head.weight', [50, D]),
];

describe('module alignment: one side is the other\'s subtree plus extras', () => {
  test('Megatron\'s language_model is GPT-2\'s transformer; the tied lm_head is left to a copy, not paired with the embeddings', () => {
    const pairs = pairsOf(megatron(2), gpt2(2));
    expect(pairs['language_model.embedding.word_embeddings.weight']).toBe('transformer.wte.weight');
    expect(pairs['language_model.embedding.position_embeddings.weight']).toBe('transformer.wpe.weight');
    expect(pairs['language_model.encoder.layers.1.self_attention.query_key_value.weight']).toBe('transformer.h.1.attn.c_attn.weight');
    expect(pairs['language_model.encoder.layers.0.mlp.dense_h_to_4h.weight']).toBe('transformer.h.0.mlp.c_fc.weight');
    expect(Object.values(pairs)).not.toContain('lm_head.weight');
  });
});
