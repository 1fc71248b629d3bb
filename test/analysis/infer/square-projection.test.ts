import { describe, expect, test } from 'vitest';
import { squareProjectionFixes, type TensorFix } from '../../../src/analysis/infer/tensor-ops.js';
import { locate } from '../../../src/analysis/infer/types.js';
import type { KeyEntry } from '../../../src/formats/keys.js';

const e = (key: string, shape: number[]): KeyEntry => ({ key, shape, dtype: 'float32' });
const proven = (source: string, target: string): TensorFix => ({ kind: 'transpose', source, target, shape: [512, 768], evidence: 'shape', confidence: 0.9 });

describe('squareProjectionFixes: square bare matrices (x @ P) that become Linear weights', () => {
  const source = locate([e('visual.proj', [768, 512]), e('text_projection', [512, 512]), e('positional_embedding', [77, 512]), e('logit_scale', [])]);
  const goals = new Map([
    ['visual.proj', 'visual_projection.weight'],
    ['text_projection', 'text_projection.weight'],
    ['positional_embedding', 'text_model.embeddings.position_embedding.weight'],
  ]);

  test('a square projection follows its non-square sibling, whose shape proves the transpose', () => {
    const fixes = squareProjectionFixes([proven('visual.proj', 'visual_projection.weight')], goals, source);
    expect(fixes.map((f) => [f.source, f.kind, f.byName])).toEqual([['text_projection', 'transpose', true]]);
    expect(fixes[0]!.evidence).toContain('visual.proj');
  });

  test('no proof, no transpose: without a transposed sibling for the same job, the square one keeps its layout', () => {
    expect(squareProjectionFixes([], goals, source)).toEqual([]);
    // an embedding table kept as it is says nothing about projections
    expect(squareProjectionFixes([proven('visual.proj', 'visual_projection.weight')], goals, source)).toHaveLength(1);
  });

  test('a sibling for the same job that kept its layout vetoes it', () => {
    const s2 = locate([e('visual.proj', [768, 512]), e('audio_proj', [768, 256]), e('text_projection', [512, 512])]);
    const g2 = new Map([['visual.proj', 'visual_projection.weight'], ['audio_proj', 'audio_projection.weight'], ['text_projection', 'text_projection.weight']]);
    expect(squareProjectionFixes([proven('visual.proj', 'visual_projection.weight')], g2, s2)).toEqual([]);
  });
});
