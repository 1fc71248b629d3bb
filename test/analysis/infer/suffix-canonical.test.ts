import { describe, expect, test } from 'vitest';
import { matchBySuffix } from '../../../src/analysis/infer/suffix.js';
import { matchCanonical } from '../../../src/analysis/infer/canonical.js';
import { squashedKey } from '../../../src/analysis/infer/synonyms.js';
import { locate } from '../../../src/analysis/infer/types.js';
import { e } from './layouts.js';

describe('matchBySuffix (Detectron2-style)', () => {
  test('aligns ResNet stages to Detectron2 names by suffix and shape', () => {
    const src = [e('layer1.0.conv1.weight', [64, 64, 1, 1]), e('layer2.0.conv1.weight', [128, 256, 1, 1])];
    const tgt = [e('backbone.bottom_up.res2.0.conv1.weight', [64, 64, 1, 1]), e('backbone.bottom_up.res3.0.conv1.weight', [128, 256, 1, 1])];
    const { pairs } = matchBySuffix({ source: locate(src), target: locate(tgt) });
    expect(pairs.map((p) => [p.source, p.target])).toEqual([
      ['layer1.0.conv1.weight', 'backbone.bottom_up.res2.0.conv1.weight'],
      ['layer2.0.conv1.weight', 'backbone.bottom_up.res3.0.conv1.weight'],
    ]);
  });

  test('two equally good sources are an ambiguity, not a guess', () => {
    const src = [e('a.block.conv.weight', [8, 8]), e('b.block.conv.weight', [8, 8])];
    const tgt = [e('x.block.conv.weight', [8, 8])];
    const r = matchBySuffix({ source: locate(src), target: locate(tgt) });
    expect(r.pairs).toEqual([]);
    expect(r.ambiguities[0]!.candidates.sort()).toEqual(['a.block.conv.weight', 'b.block.conv.weight']);
  });

  test('a suffix that is only an index and a leaf is no evidence', () => {
    const r = matchBySuffix({ source: locate([e('mlp.0.weight', [4, 4])]), target: locate([e('conv.0.weight', [4, 4])]) });
    expect(r.pairs).toEqual([]);
  });
});

describe('matchCanonical', () => {
  test('torchvision legacy DenseNet names (norm.1 → norm1) and gamma/beta', () => {
    expect(squashedKey('features.denseblock1.denselayer1.norm.1.weight')).toBe(squashedKey('features.denseblock1.denselayer1.norm1.weight'));
    const src = [e('features.denseblock1.denselayer1.norm.1.weight', [64]), e('features.denseblock1.denselayer1.conv.2.weight', [32, 128, 3, 3]), e('bert.LayerNorm.gamma', [768])];
    const tgt = [e('features.denseblock1.denselayer1.norm1.weight', [64]), e('features.denseblock1.denselayer1.conv2.weight', [32, 128, 3, 3]), e('bert.LayerNorm.weight', [768])];
    const pairs = matchCanonical({ source: locate(src), target: locate(tgt) }, []);
    expect(pairs.map((p) => p.target)).toEqual(tgt.map((t) => t.key));
  });

  test('also after a prefix rule already found', () => {
    const pairs = matchCanonical({ source: locate([e('module.norm.1.weight', [4])]), target: locate([e('norm1.weight', [4])]) }, [{ strip: 'module.', add: '' }]);
    expect(pairs).toHaveLength(1);
  });

  test('shapes still decide', () => {
    expect(matchCanonical({ source: locate([e('norm.1.weight', [4])]), target: locate([e('norm1.weight', [5])]) }, [])).toEqual([]);
  });
});
