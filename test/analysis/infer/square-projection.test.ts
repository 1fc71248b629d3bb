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
    const { fixes, undecided } = squareProjectionFixes([proven('visual.proj', 'visual_projection.weight')], goals, source);
    expect(fixes.map((f) => [f.source, f.kind, f.byName])).toEqual([['text_projection', 'transpose', true]]);
    expect(fixes[0]!.evidence).toContain('visual.proj');
    expect(undecided).toEqual([]);
  });

  test('a sibling for the same job that kept its layout: the square one is undecided (listed), never renamed as if known', () => {
    expect(squareProjectionFixes([], goals, source)).toEqual({ fixes: [], undecided: ['text_projection'] });
    const s2 = locate([e('visual.proj', [768, 512]), e('audio_proj', [768, 256]), e('text_projection', [512, 512])]);
    const g2 = new Map([['visual.proj', 'visual_projection.weight'], ['audio_proj', 'audio_projection.weight'], ['text_projection', 'text_projection.weight']]);
    expect(squareProjectionFixes([proven('visual.proj', 'visual_projection.weight')], g2, s2)).toEqual({ fixes: [], undecided: ['text_projection'] });
  });

  test('both projections square (CLIP with embed dim = width): the x @ P convention transposes them, said as an assumption at a guess\'s confidence', () => {
    const s3 = locate([e('visual.proj', [512, 512]), e('text_projection', [512, 512]), e('positional_embedding', [512, 512])]);
    const g3 = new Map([
      ['visual.proj', 'visual_projection.weight'],
      ['text_projection', 'text_projection.weight'],
      // a square table becoming an Embedding's weight is looked up by row: no x @ P, kept as stored
      ['positional_embedding', 'text_model.embeddings.position_embedding.weight'],
    ]);
    const { fixes, undecided } = squareProjectionFixes([], g3, s3);
    expect(fixes.map((f) => [f.source, f.kind, f.confidence])).toEqual([
      ['visual.proj', 'transpose', 0.6],
      ['text_projection', 'transpose', 0.6],
    ]);
    expect(fixes[0]!.evidence).toMatch(/x @ P.*an assumption/);
    expect(undecided).toEqual([]);
  });

  test('the same way back: a square Linear weight becoming a bare matrix (HF -> OpenAI CLIP) is transposed too', () => {
    const s4 = locate([e('visual_projection.weight', [512, 512]), e('text_projection.weight', [512, 512])]);
    const g4 = new Map([['visual_projection.weight', 'visual.proj'], ['text_projection.weight', 'text_projection']]);
    expect(squareProjectionFixes([], g4, s4).fixes.map((f) => [f.source, f.target, f.kind])).toEqual([
      ['visual_projection.weight', 'visual.proj', 'transpose'],
      ['text_projection.weight', 'text_projection', 'transpose'],
    ]);
  });

  test('a Linear over-stripped to a bare-looking name (`enc.subweight`, its `enc.subbias` paired too) is no x @ P: loaded as stored, never transposed', () => {
    // review 20 F1: k.replace('module.', '') turns enc.submodule.{weight,bias} into enc.sub{weight,bias}
    const s5 = locate([e('enc.subweight', [4, 4]), e('enc.subbias', [4])]);
    const g5 = new Map([['enc.subweight', 'enc.submodule.weight'], ['enc.subbias', 'enc.submodule.bias']]);
    expect(squareProjectionFixes([], g5, s5)).toEqual({ fixes: [], undecided: [] });
    // and back: a Linear weight whose bias is paired too, becoming a bare-looking key
    const s6 = locate([e('enc.submodule.weight', [4, 4]), e('enc.submodule.bias', [4])]);
    const g6 = new Map([['enc.submodule.weight', 'enc.subweight'], ['enc.submodule.bias', 'enc.subbias']]);
    expect(squareProjectionFixes([], g6, s6)).toEqual({ fixes: [], undecided: [] });
  });
});
