/**
 * A stacked whole whose name says which of two sibling tensors it holds is not split into the other one
 * because the other's shape happens to fit: T5X's Switch experts store `wi` as [E, d, f] (every expert's
 * [f, d] `wi` transposed) and `wo` as [E, f, d], so each fitted the other's experts untransposed. And
 * one expert's tensor (`experts.expert_0.wi`) is no fused whole: the word `experts` is about the stack.
 */
import { describe, expect, test } from 'vitest';
import { inferPlan } from '../../../src/analysis/infer/index.js';
import { findConcats, findSplits } from '../../../src/analysis/infer/fused.js';
import { locate } from '../../../src/analysis/infer/types.js';
import type { KeyEntry } from '../../../src/formats/keys.js';
import { e } from './layouts.js';

const E = 4;
const [d, f] = [8, 24];

function switchLike(layers: number): { source: KeyEntry[]; target: KeyEntry[] } {
  const source: KeyEntry[] = [];
  const target: KeyEntry[] = [];
  for (let l = 0; l < layers; l++) {
    source.push(e(`layers.${l}.attention.query.kernel`, [d, 2 * d]), e(`layers.${l}.mlp.expert.wi.kernel`, [E, d, f]), e(`layers.${l}.mlp.expert.wo.kernel`, [E, f, d]));
    target.push(e(`block.${l}.attention.q.weight`, [2 * d, d]));
    for (let x = 0; x < E; x++) target.push(e(`block.${l}.mlp.experts.expert_${x}.wi.weight`, [f, d]), e(`block.${l}.mlp.experts.expert_${x}.wo.weight`, [d, f]));
  }
  return { source, target };
}

const expertsOf = (l: number, w: string) => Array.from({ length: E }, (_, x) => `block.${l}.mlp.experts.expert_${x}.${w}.weight`);

describe('a stacked whole named after one of two sibling tensors', () => {
  test('is not split into the sibling its name does not say, whose shape alone fits', () => {
    const { source, target } = switchLike(1);
    const { splits } = findSplits(locate(source), locate(target));
    const wi = splits.find((s) => s.source === 'layers.0.mlp.expert.wi.kernel');
    const wo = splits.find((s) => s.source === 'layers.0.mlp.expert.wo.kernel');
    expect(wi?.targets).not.toEqual(expertsOf(0, 'wo'));
    expect(wo?.targets).not.toEqual(expertsOf(0, 'wi'));
  });

  test('inferPlan pairs neither stacked whole with the other sibling\'s experts', () => {
    const { source, target } = switchLike(3);
    const r = inferPlan({ source, target });
    for (let l = 0; l < 3; l++) {
      expect(r.mapping[`layers.${l}.mlp.expert.wi.kernel`]).not.toEqual(expertsOf(l, 'wo'));
      expect(r.mapping[`layers.${l}.mlp.expert.wo.kernel`]).not.toEqual(expertsOf(l, 'wi'));
    }
  });
});

describe('one expert\'s tensor is no fused whole', () => {
  test('a layer\'s four attention kernels [d, d] are not joined into an expert\'s [4·d, d] on the word `experts` alone', () => {
    const source: KeyEntry[] = ['key', 'out', 'query', 'value'].map((x) => e(`encoder.layers.1.attention.${x}.kernel`, [d, d]));
    const target: KeyEntry[] = [];
    for (let x = 0; x < E; x++) target.push(e(`encoder.block.1.layer.1.mlp.experts.expert_${x}.wi.weight`, [4 * d, d]));
    expect(findConcats(locate(source), locate(target)).concats).toEqual([]);
  });

  test('a stacked experts tensor is still cut into its experts', () => {
    const { splits } = findSplits(locate([e('layers.0.mlp.experts.w1', [E, f, d])]), locate(Array.from({ length: E }, (_, x) => e(`layers.0.mlp.experts.${x}.w1.weight`, [f, d]))));
    expect(splits.map((s) => s.targets)).toEqual([Array.from({ length: E }, (_, x) => `layers.0.mlp.experts.${x}.w1.weight`)]);
  });
});
