import { describe, expect, test } from 'vitest';
import { classifyShapes } from '../../../src/analysis/infer/shape-mismatch.js';
import { findConcats, findSplits } from '../../../src/analysis/infer/fused.js';
import { locate, type Located } from '../../../src/analysis/infer/types.js';
import { e, splitMha, torchMha } from './layouts.js';

const at = (key: string, shape: number[] | null, pos = 0): Located => ({ ...e(key, shape), pos });

describe('classifyShapes', () => {
  test('classifier of another class count is dropped', () => {
    const v = classifyShapes(at('head.weight', [21843, 768]), at('head.weight', [6, 768]), 1);
    expect(v).toEqual({ kind: 'drop', cause: 'classifier', reason: 'shape [21843, 768] vs [6, 768]: classifier of another class count' });
  });

  test('the last layer is a classifier whatever it is called', () => {
    expect(classifyShapes(at('last.bias', [10]), at('last.bias', [5]), 1).kind).toBe('drop');
    expect(classifyShapes(at('mid.bias', [10]), at('mid.bias', [5]), 0.4).kind).toBe('size');
  });

  test('embedding of another vocabulary is dropped', () => {
    const v = classifyShapes(at('transformer.wte.weight', [50257, 768]), at('transformer.wte.weight', [50304, 768]), 0);
    expect(v.kind).toBe('drop');
    expect(v.kind === 'drop' && v.reason).toContain('embedding of another vocabulary');
  });

  test('transposed 2-D weights are transposed; position embeddings flagged; the rest is another size', () => {
    expect(classifyShapes(at('h.0.attn.c_attn.weight', [768, 2304]), at('h.0.attn.c_attn.weight', [2304, 768]), 0).kind).toBe('transpose');
    expect(classifyShapes(at('pos_embed', [1, 197, 768]), at('pos_embed', [1, 577, 768]), 0).kind).toBe('position_embedding');
    expect(classifyShapes(at('blocks.0.mlp.fc1.weight', [3072, 768]), at('blocks.0.mlp.fc1.weight', [4096, 1024]), 0.5).kind).toBe('size');
    expect(classifyShapes(at('a', [2]), at('a', null), 0).kind).toBe('compatible');
  });
});

describe('fused tensors', () => {
  test('with many layers of one shape, every qkv splits into its own layer\'s query, key, value', () => {
    // 300 blocks whose qkv all have one shape: candidates are looked up by shape and index, and each
    // whole still meets only its own layer's family
    const layers = 300;
    const src = locate(Array.from({ length: layers }, (_, i) => e(`blocks.${i}.attn.qkv.weight`, [96, 32])));
    const tgt = locate(Array.from({ length: layers }, (_, i) => ['query', 'key', 'value'].map((x) => e(`layer.${i}.attention.${x}.weight`, [32, 32]))).flat());
    const { splits, ambiguities } = findSplits(src, tgt);
    expect(ambiguities).toEqual([]);
    expect(splits).toHaveLength(layers);
    for (const s of splits) {
      const i = /^blocks\.(\d+)\./.exec(s.source)![1];
      expect(s.targets).toEqual(['query', 'key', 'value'].map((x) => `layer.${i}.attention.${x}.weight`));
      expect(s.sizes).toEqual([32, 32, 32]);
    }
  });

  test('in_proj_weight splits into q, k, v in that order', () => {
    const src = locate(torchMha(1).filter((x) => x.key.includes('in_proj')));
    const tgt = locate(splitMha(1).filter((x) => /[qkv]_proj/.test(x.key)));
    const { splits } = findSplits(src, tgt);
    expect(splits).toHaveLength(2);
    const w = splits.find((s) => s.source.endsWith('in_proj_weight'))!;
    expect(w.targets).toEqual(['encoder.layers.0.self_attn.q_proj.weight', 'encoder.layers.0.self_attn.k_proj.weight', 'encoder.layers.0.self_attn.v_proj.weight']);
    expect(w.sizes).toEqual([256, 256, 256]);
  });

  test('the reverse is a concat', () => {
    const src = locate(splitMha(1).filter((x) => /[qkv]_proj/.test(x.key)));
    const tgt = locate(torchMha(1).filter((x) => x.key.includes('in_proj')));
    const { concats } = findConcats(src, tgt);
    expect(concats.map((c) => c.target).sort()).toEqual(['encoder.layers.0.self_attn.in_proj_bias', 'encoder.layers.0.self_attn.in_proj_weight']);
  });

  test('stacked experts split into one tensor per expert (sizes 1: unbind)', () => {
    const src = locate([e('layers.0.moe.experts.w1', [4, 32, 16])]);
    const tgt = locate([0, 1, 2, 3].map((j) => e(`layers.0.moe.experts.${j}.w1`, [32, 16])));
    const { splits } = findSplits(src, tgt);
    expect(splits[0]).toMatchObject({ source: 'layers.0.moe.experts.w1', sizes: [1, 1, 1, 1], targets: [0, 1, 2, 3].map((j) => `layers.0.moe.experts.${j}.w1`) });
  });

  test('a sum that merely coincides is not a split (4·d MLP vs 3·d qkv + d proj)', () => {
    const src = locate([e('layer.0.intermediate.dense.weight', [768, 192])]);
    const tgt = locate([e('blocks.0.attn.qkv.weight', [576, 192]), e('blocks.0.attn.proj.weight', [192, 192])]);
    expect(findSplits(src, tgt).splits).toEqual([]);
  });
});
