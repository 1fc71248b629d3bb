import { describe, expect, test } from 'vitest';
import { layoutFixes, relayouts } from '../../../src/analysis/infer/layout-fixes.js';
import { inferPlan } from '../../../src/analysis/infer/index.js';
import { locate } from '../../../src/analysis/infer/types.js';
import type { KeyEntry } from '../../../src/formats/keys.js';

const e = (key: string, shape: number[]): KeyEntry => ({ key, shape, dtype: 'float32' });

describe('relayouts: merge neighbouring dims, then permute', () => {
  test('a per-head q kernel [D, H, Dh] becomes [H·Dh, D] only by merging the last two dims and transposing', () => {
    expect(relayouts([96, 2, 64], [128, 96])).toEqual([{ merged: [96, 128], dims: [1, 0] }]);
  });
  test('an output kernel [H, Dh, D] merges its first two dims; square, so both orders fit the shapes', () => {
    expect(relayouts([2, 64, 128], [128, 128]).map((w) => w.dims.join()).sort()).toEqual(['0,1', '1,0']);
  });
  test('HWIO → OIHW: a square kernel leaves H and W interchangeable; another element count fits nothing', () => {
    expect(relayouts([3, 3, 16, 32], [32, 16, 3, 3]).map((w) => w.dims.join()).sort()).toEqual(['3,2,0,1', '3,2,1,0']);
    expect(relayouts([3, 3, 16, 32], [32, 16, 3, 4])).toEqual([]);
  });
});

describe('layoutFixes: one decision per parameter name and target rank', () => {
  const goals = new Map([
    ['a.fc1.kernel', 'a.fc1.weight'],
    ['a.fc2.kernel', 'a.fc2.weight'],
    ['a.proj.kernel', 'a.proj.weight'],
  ]);
  const source = locate([e('a.fc1.kernel', [8, 32]), e('a.fc2.kernel', [32, 8]), e('a.proj.kernel', [8, 8])]);
  const target = locate([e('a.fc1.weight', [32, 8]), e('a.fc2.weight', [8, 32]), e('a.proj.weight', [8, 8])]);

  test('a square kernel is transposed when two kernels whose shapes tell are stored transposed', () => {
    const r = layoutFixes(goals, [], source, target, () => 0.9);
    const square = r.fixes.filter((f) => f.source === 'a.proj.kernel');
    expect(square).toHaveLength(1);
    expect(square[0]).toMatchObject({ kind: 'transpose', dims: [1, 0], byName: true });
  });

  test('with one witness only, the square one stays as it is', () => {
    const one = new Map([...goals].filter(([s]) => s !== 'a.fc2.kernel'));
    const r = layoutFixes(one, [], source, target, () => 0.9);
    expect(r.fixes.some((f) => f.source === 'a.proj.kernel')).toBe(false);
  });

  test('a kernel of that name stored as is (non-square, same shape) leaves the squares alone: the checkpoint is not one layout', () => {
    const mixed = new Map([...goals, ['a.head.kernel', 'a.head.weight']]);
    const s2 = locate([...source.values()].map((x) => e(x.key, x.shape!)).concat(e('a.head.kernel', [10, 8])));
    const t2 = locate([...target.values()].map((x) => e(x.key, x.shape!)).concat(e('a.head.weight', [10, 8])));
    const r = layoutFixes(mixed, [], s2, t2, () => 0.9);
    expect(r.fixes.some((f) => f.source === 'a.proj.kernel')).toBe(false);
  });
});

describe('inferPlan on a Flax-layout checkpoint', () => {
  test('per-head kernels get a merging reshape, then the transpose the layer\'s other kernels prove; HWIO convs are permuted', () => {
    const layer = (i: number) => [
      e(`blocks.${i}.attn.q.kernel`, [128, 2, 64]),
      e(`blocks.${i}.attn.q.bias`, [2, 64]),
      e(`blocks.${i}.attn.o.kernel`, [2, 64, 128]),
      e(`blocks.${i}.mlp.fc1.kernel`, [128, 256]),
      e(`blocks.${i}.mlp.fc2.kernel`, [256, 128]),
      e(`blocks.${i}.norm.scale`, [128]),
    ];
    const tLayer = (i: number) => [
      e(`blocks.${i}.attn.q.weight`, [128, 128]),
      e(`blocks.${i}.attn.q.bias`, [128]),
      e(`blocks.${i}.attn.o.weight`, [128, 128]),
      e(`blocks.${i}.mlp.fc1.weight`, [256, 128]),
      e(`blocks.${i}.mlp.fc2.weight`, [128, 256]),
      e(`blocks.${i}.norm.weight`, [128]),
    ];
    const r = inferPlan({
      source: [e('stem.kernel', [4, 4, 3, 128]), ...layer(0), ...layer(1)],
      target: [e('stem.weight', [128, 3, 4, 4]), ...tLayer(0), ...tLayer(1)],
    });
    expect(r.leftover).toEqual([]);
    expect(r.unmapped).toEqual([]);
    expect(r.sizeMismatches).toEqual([]);
    const tensorOps = r.ops.filter((o) => o.op === 'transpose' || o.op === 'reshape');
    const stem = tensorOps.find((o) => o.op === 'transpose' && o.key === 'stem.weight');
    expect(stem).toMatchObject({ dims: [3, 2, 0, 1] });
    // every q / o kernel: a merge to [128, 128] before a transpose (no plain reshape, which would scramble them)
    const reshapeAt = tensorOps.findIndex((o) => o.op === 'reshape' && 'shape' in o && o.shape?.join() === '128,128');
    const transposeAt = tensorOps.findIndex((o) => o.op === 'transpose' && o.pattern !== undefined && new RegExp(o.pattern).test('blocks.0.attn.o.weight'));
    expect(reshapeAt).toBeGreaterThanOrEqual(0);
    expect(transposeAt).toBeGreaterThan(reshapeAt);
  });
});
