import { describe, expect, test } from 'vitest';
import { inferPlan } from '../../../src/analysis/infer/index.js';
import { storageConflicts } from '../../../src/analysis/infer/storage-conflicts.js';
import { locate } from '../../../src/analysis/infer/types.js';
import type { KeyEntry } from '../../../src/formats/keys.js';

const e = (key: string, shape: number[]): KeyEntry => ({ key, shape, dtype: 'float32' });
const V = 96;
const D = 16;
const layer = (p: string, i: number): KeyEntry[] => [
  e(`${p}.${i}.self_attn.q_proj.weight`, [D, D]),
  e(`${p}.${i}.fc1.weight`, [4 * D, D]),
  e(`${p}.${i}.fc2.weight`, [D, 4 * D]),
  e(`${p}.${i}.final_layer_norm.weight`, [D]),
];
// fairseq XGLM keeps its tied output projection under a name of its own; transformers' XGLMForCausalLM ties
// lm_head to the embeddings (one storage in a torch-written checkpoint) and its converter drops the projection
const fairseq = [e('decoder.embed_tokens.weight', [V, D]), ...layer('decoder.layers', 0), ...layer('decoder.layers', 1), e('decoder.layer_norm.weight', [D]), e('decoder.output_projection.weight', [V, D])];
const hf = [e('model.embed_tokens.weight', [V, D]), ...layer('model.layers', 0), ...layer('model.layers', 1), e('model.layer_norm.weight', [D]), e('lm_head.weight', [V, D])];

describe('a storage the model ties takes one tensor', () => {
  test('the second source tensor paired into it is dropped, the tied key is the copy of the first (XGLM output_projection)', () => {
    const r = inferPlan({ source: fairseq, target: hf, options: { targetStorages: [['model.embed_tokens.weight', 'lm_head.weight']] } });
    expect(r.mapping['decoder.output_projection.weight']).toBeNull();
    expect(r.mapping['decoder.embed_tokens.weight']).toEqual(['model.embed_tokens.weight', 'lm_head.weight']);
    expect(r.ops.some((op) => op.op === 'copy' && op.target === 'lm_head.weight')).toBe(true);
    expect(r.unmapped).toEqual([]);
    expect(r.leftover).toEqual([]);
    // a target that stores them apart holds both: the projection is its lm_head
    const apart = inferPlan({ source: fairseq, target: hf, options: { targetStorages: [] } });
    expect(apart.mapping['decoder.output_projection.weight']).toBe('lm_head.weight');
  });

  test('the surest pair of a storage stands; on equal confidence the one into the key the target lists first', () => {
    const target = locate([e('a.weight', [V, D]), e('b.weight', [V, D])]);
    const p = (source: string, t: string, confidence: number) => ({ source, target: t, stage: 'module' as const, confidence });
    const strong = p('x', 'b.weight', 0.95);
    const weak = p('y', 'a.weight', 0.9);
    expect([...storageConflicts([weak, strong], [['a.weight', 'b.weight']], target)]).toEqual([weak]);
    const first = p('y', 'a.weight', 0.9);
    const second = p('x', 'b.weight', 0.9);
    expect([...storageConflicts([second, first], [['a.weight', 'b.weight']], target)]).toEqual([second]);
    expect(storageConflicts([second, first], null, target).size).toBe(0);
  });

  test('a checkpoint that holds every name of the tie keeps its own tensors: nothing dropped, nothing copied, and what the tied model keeps is said (review 16 F1)', () => {
    // an untied checkpoint (head and embeddings trained apart) into a model that ties them: torch loads it
    // strict=True as it is, the head (loaded last) winning; dropping the head for a copy of the embeddings lost it
    const src = [e('embed.weight', [V, D]), e('block.weight', [D, D]), e('head.weight', [V, D])];
    const tied = [['embed.weight', 'head.weight']];
    for (const sourceStorages of [[], null]) {
      const r = inferPlan({ source: src, target: src, options: { targetStorages: tied, sourceStorages } });
      expect(r.ops).toEqual([]);
      expect(r.mapping['head.weight']).toBe('head.weight');
      expect(r.mapping['embed.weight']).toBe('embed.weight');
      const w = r.warnings.find((x) => x.includes('the model ties'));
      expect(w).toContain("keeps only `head.weight`'s (loaded last)");
      expect(w).toContain(sourceStorages === null ? 'whether they are one tensor it cannot show' : 'separate tensors');
    }
    // a checkpoint that stores them as one tensor itself: nothing is lost, nothing said
    const same = inferPlan({ source: src, target: src, options: { targetStorages: tied, sourceStorages: tied } });
    expect(same.ops).toEqual([]);
    expect(same.warnings.some((x) => x.includes('the model ties'))).toBe(false);
  });

  test('the same holds behind a prefix the plan strips or adds: the head is no "no counterpart" drop (review 24 F1)', () => {
    const src = [e('embed.weight', [V, D]), e('block.weight', [D, D]), e('head.weight', [V, D])];
    const tied = [['embed.weight', 'head.weight']];
    const pre = (p: string, es: KeyEntry[]) => es.map((x) => ({ ...x, key: p + x.key }));
    for (const [source, target] of [[pre('_orig_mod.', src), src], [pre('module.', src), src], [pre('model.', src), src], [src, pre('module.', src)]] as const) {
      const storages = target === src ? tied : tied.map((g) => g.map((k) => `module.${k}`));
      const r = inferPlan({ source, target, options: { targetStorages: storages, sourceStorages: [] } });
      expect(r.ops.some((op) => op.op === 'drop' || op.op === 'copy'), JSON.stringify(r.ops)).toBe(false);
      expect(r.mapping[source[2]!.key]).toBe(target[2]!.key);
      expect(r.mapping[source[0]!.key]).toBe(target[0]!.key);
      expect(r.warnings.find((x) => x.includes('the model ties'))).toContain(`keeps only \`${target[2]!.key}\`'s (loaded last)`);
    }
  });
});
