import { describe, expect, test } from 'vitest';
import { applyOpsToKeys } from '../../src/analysis/op-keys.js';
import type { KeyEntry } from '../../src/formats/keys.js';
import type { PlanOp } from '../../src/plan/types.js';

const k = (key: string, shape: number[] | null = null): KeyEntry => ({ key, shape, dtype: 'float32' });

describe('applyOpsToKeys', () => {
  test('ops form a pipeline: each sees the names earlier ops left', () => {
    const ops: PlanOp[] = [
      { op: 'strip_prefix', prefix: 'module.' },
      { op: 'rename', pattern: '^layers\\.(\\d+)\\.attention\\.wq\\.', replacement: 'model.layers.$1.self_attn.q_proj.' },
      { op: 'drop', pattern: '^head\\.', reason: 'classifier' },
    ];
    const r = applyOpsToKeys(ops, [k('module.layers.3.attention.wq.weight'), k('module.head.weight'), k('module.norm.weight')]);
    expect(r.errors).toEqual([]);
    expect(r.mapping).toEqual({
      'module.layers.3.attention.wq.weight': 'model.layers.3.self_attn.q_proj.weight',
      'module.head.weight': null,
      'module.norm.weight': 'norm.weight',
    });
  });

  test('rename replaces the first match only; $$ is a literal dollar', () => {
    const r = applyOpsToKeys([{ op: 'rename', pattern: 'a', replacement: 'b$$' }], [k('a.a')]);
    expect(r.mapping['a.a']).toBe('b$.a');
  });

  test('an op matching nothing and a collision are errors', () => {
    const r = applyOpsToKeys(
      [
        { op: 'strip_prefix', prefix: 'nope.' },
        { op: 'strip_prefix', prefix: 'module.' },
      ],
      [k('module.x'), k('x')],
    );
    expect(r.errors).toEqual(["ops[0] (strip_prefix 'nope.'): matches no key", "collision: 'module.x' and 'x' both become 'x'"]);
  });

  test('transpose, split and concat build recipes and shapes', () => {
    const ops: PlanOp[] = [
      { op: 'transpose', key: 'c_attn.weight', dims: [1, 0] },
      { op: 'split', key: 'c_attn.weight', dim: 0, targets: ['q.weight', 'k.weight', 'v.weight'], sizes: [4, 4, 4] },
      { op: 'concat', keys: ['a', 'b'], dim: 0, target: 'ab' },
    ];
    const r = applyOpsToKeys(ops, [k('c_attn.weight', [8, 12]), k('a', [2, 3]), k('b', [5, 3])]);
    expect(r.errors).toEqual([]);
    expect(r.mapping['c_attn.weight']).toEqual(['q.weight', 'k.weight', 'v.weight']);
    expect(r.mapping.a).toBe('ab');
    const q = r.outputs.find((o) => o.key === 'q.weight')!;
    expect(q.shape).toEqual([4, 8]);
    expect(q.recipe).toEqual({ kind: 'split', of: { kind: 'transpose', of: { kind: 'source', key: 'c_attn.weight' }, dims: [1, 0] }, dim: 0, start: 0, size: 4, squeeze: false });
    expect(r.transposed.get('k.weight')).toEqual([1, 0]);
    expect(r.outputs.find((o) => o.key === 'ab')!.shape).toEqual([7, 3]);
  });

  test('a split with sizes 1 removes the dim (stacked experts)', () => {
    const r = applyOpsToKeys([{ op: 'split', key: 'experts.w1', dim: 0, targets: ['experts.0.w1', 'experts.1.w1'], sizes: [1, 1] }], [k('experts.w1', [2, 16, 8])]);
    expect(r.outputs.map((o) => o.shape)).toEqual([[16, 8], [16, 8]]);
  });

  test('shape problems are reported, not thrown', () => {
    const r = applyOpsToKeys(
      [
        { op: 'split', key: 'w', dim: 0, targets: ['a', 'b'], sizes: [3, 3] },
        { op: 'transpose', key: 'v', dims: [0, 0] },
        { op: 'concat', keys: ['x', 'y'], dim: 0, target: 'xy' },
        { op: 'transpose', key: 'missing', dims: [1, 0] },
      ],
      [k('w', [7, 2]), k('v', [2, 2]), k('x', [1, 2]), k('y', [1, 3])],
    );
    expect(r.errors).toEqual([
      "ops[0] (split w): sizes add up to 6 but dim 0 of [7, 2] is 7",
      "ops[1] (transpose v): dims [0, 0] is not a permutation of 0..1",
      "ops[2] (concat → xy): 'y' [1, 3] does not line up with [1, 2] outside dim 0",
      "ops[3] (transpose missing): no key 'missing' at this point",
    ]);
  });
});

describe('transpose and reshape by key or by pattern', () => {
  test('a pattern concerns every key it matches at that point; recipes nest', () => {
    const ops: PlanOp[] = [
      { op: 'rename', pattern: '^conv\\.', replacement: 'linear.' },
      { op: 'transpose', pattern: '^h\\.\\d+\\.c_fc\\.weight$', dims: [1, 0] },
      { op: 'reshape', pattern: '^linear\\.(?:q|k)\\.weight$', shape: [4, 4] },
      { op: 'reshape', key: 'cls', shape: [1, 1, 4] },
    ];
    const r = applyOpsToKeys(ops, [
      k('h.0.c_fc.weight', [2, 3]), k('h.1.c_fc.weight', [2, 3]), k('h.1.c_fc.bias', [3]),
      k('conv.q.weight', [4, 4, 1, 1]), k('conv.k.weight', [4, 4, 1, 1]), k('cls', [4]),
    ]);
    expect(r.errors).toEqual([]);
    const out = (key: string) => r.outputs.find((o) => o.key === key)!;
    expect(out('h.1.c_fc.weight')).toMatchObject({ shape: [3, 2], recipe: { kind: 'transpose', dims: [1, 0], of: { kind: 'source', key: 'h.1.c_fc.weight' } } });
    expect(out('h.1.c_fc.bias').recipe).toEqual({ kind: 'source', key: 'h.1.c_fc.bias' });
    expect(out('linear.k.weight')).toMatchObject({ shape: [4, 4], recipe: { kind: 'reshape', shape: [4, 4], of: { kind: 'source', key: 'conv.k.weight' } } });
    expect(out('cls')).toMatchObject({ shape: [1, 1, 4], recipe: { kind: 'reshape', shape: [1, 1, 4] } });
    expect(r.transposed.get('h.0.c_fc.weight')).toEqual([1, 0]);
  });

  test('a reshape keeps the number of elements; a pattern must match a key', () => {
    const r = applyOpsToKeys(
      [
        { op: 'reshape', key: 'w', shape: [3, 3] },
        { op: 'transpose', pattern: '^nothing$', dims: [1, 0] },
      ],
      [k('w', [2, 4])],
    );
    expect(r.errors).toEqual([
      'ops[0] (reshape w): shape [3, 3] has 9 elements but the tensor [2, 4] has 8',
      'ops[1] (transpose ^nothing$): matches no key',
    ]);
  });
});
