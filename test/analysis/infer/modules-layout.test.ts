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

describe('module alignment: equal blocks grouped differently', () => {
  const conv = (k: string, o: number, i: number, s = 1) => e(`${k}.weight`, [o, i, s, s]);
  const bn = (k: string, c: number) => [e(`${k}.weight`, [c]), e(`${k}.bias`, [c]), e(`${k}.running_mean`, [c]), e(`${k}.running_var`, [c])];
  /** pycls: the shortcut flat (proj, bn), the residual branch in `f` */
  const pycls = (p: string, c: number) => [conv(`${p}.proj`, c, c), ...bn(`${p}.bn`, c), conv(`${p}.f.a`, c, c), ...bn(`${p}.f.a_bn`, c), conv(`${p}.f.b`, c, c / 2, 3), ...bn(`${p}.f.b_bn`, c), conv(`${p}.f.c`, c, c), ...bn(`${p}.f.c_bn`, c)];
  /** mmdet: the branch flat (conv1, bn1, …), the shortcut in `downsample` */
  const mmdet = (p: string, c: number) => [conv(`${p}.conv1`, c, c), ...bn(`${p}.bn1`, c), conv(`${p}.conv2`, c, c / 2, 3), ...bn(`${p}.bn2`, c), conv(`${p}.conv3`, c, c), ...bn(`${p}.bn3`, c), conv(`${p}.downsample.0`, c, c), ...bn(`${p}.downsample.1`, c)];

  test('the shortcut (proj, bn) is downsample, the branch f is the flat convs, even listed first', () => {
    const pairs = pairsOf([...pycls('s1.b1', 8), ...pycls('s2.b1', 16)], [...mmdet('layer1.0', 8), ...mmdet('layer2.0', 16)]);
    expect(pairs['s1.b1.proj.weight']).toBe('layer1.0.downsample.0.weight');
    expect(pairs['s2.b1.bn.running_var']).toBe('layer2.0.downsample.1.running_var');
    expect(pairs['s1.b1.f.a.weight']).toBe('layer1.0.conv1.weight');
    expect(pairs['s2.b1.f.c_bn.bias']).toBe('layer2.0.bn3.bias');
    expect(pairs['s1.b1.f.b_bn.weight']).toBe('layer1.0.bn2.weight');
  });
});
