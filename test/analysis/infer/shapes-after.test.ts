import { describe, expect, test } from 'vitest';
import { shapesAfterOps } from '../../../src/analysis/infer/shapes-after.js';
import { transposeWords } from '../../../src/analysis/infer/causes.js';
import { inferPlan } from '../../../src/analysis/infer/index.js';
import { locate } from '../../../src/analysis/infer/types.js';
import type { PlanOp } from '../../../src/analysis/op-vocabulary.js';
import type { KeyEntry } from '../../../src/formats/keys.js';

const e = (key: string, shape: number[]): KeyEntry => ({ key, shape, dtype: 'float32' });

describe('shapesAfterOps: the shapes the ops leave, against the model', () => {
  const source = locate([e('a.kernel', [4, 8]), e('n.scale', [8])]);
  const target = locate([e('a.weight', [8, 4]), e('n.weight', [8])]);
  const rename: PlanOp[] = [
    { op: 'rename', pattern: '(^|\\.)kernel$', replacement: '$1weight' },
    { op: 'rename', pattern: '(^|\\.)scale$', replacement: '$1weight' },
  ];
  const mapping = { 'a.kernel': 'a.weight', 'n.scale': 'n.weight' };

  test('a key named right but left untransposed is a mismatch (names-only plan)', () => {
    expect(shapesAfterOps(rename, ['a.kernel', 'n.scale'], source, target, mapping, new Set())).toEqual([
      { source: 'a.kernel', target: 'a.weight', sourceShape: [4, 8], targetShape: [8, 4] },
    ]);
  });

  test('with its transpose, nothing; keys already said (a position table) are not said twice', () => {
    const ops: PlanOp[] = [...rename, { op: 'transpose', key: 'a.weight', dims: [1, 0] }];
    expect(shapesAfterOps(ops, ['a.kernel', 'n.scale'], source, target, mapping, new Set())).toEqual([]);
    expect(shapesAfterOps(rename, ['a.kernel', 'n.scale'], source, target, mapping, new Set(['a.weight']))).toEqual([]);
  });

  test('a tensor nothing paired that keeps a model key\'s name in another shape makes the plan no fix', () => {
    // another configuration (d_model and d_ff swapped): the fc biases keep their names in another shape
    const tf = (D: number, F: number) => [
      e('embed.weight', [1000, D]),
      ...[0, 1].flatMap((i) => [
        e(`layers.${i}.attn.q.weight`, [D, D]),
        e(`layers.${i}.attn.o.weight`, [D, D]),
        e(`layers.${i}.fc1.weight`, [F, D]),
        e(`layers.${i}.fc1.bias`, [F]),
        e(`layers.${i}.fc2.weight`, [D, F]),
        e(`layers.${i}.fc2.bias`, [D]),
        e(`layers.${i}.norm.weight`, [D]),
      ]),
    ];
    const r = inferPlan({ source: tf(512, 256), target: tf(256, 512) });
    expect(r.sizeMismatches.map((m) => m.target)).toContain('layers.0.fc1.bias');
    expect(r.fixable).toBe(false);
  });
});

describe('transposeWords: a transpose said by what it is', () => {
  test('Conv1D vs Linear only for a plain 2-d weight', () => {
    expect(transposeWords([1, 0], ['h.0.mlp.c_fc.weight'], false)).toContain('Conv1D');
    expect(transposeWords([1, 0, 2], ['deconv.weight'], false)).not.toContain('Conv1D');
    expect(transposeWords([1, 0], ['text_projection'], false)).not.toContain('Conv1D');
  });
  test('kernels: [in, out], HWIO, per head', () => {
    expect(transposeWords([1, 0], ['a.fc.kernel'], false)).toContain('[in, out]');
    expect(transposeWords([3, 2, 0, 1], ['stem.kernel'], false)).toContain('HWIO');
    expect(transposeWords([1, 0], ['attn.out.kernel'], true)).toContain('per head');
    expect(transposeWords([3, 2, 0, 1], ['stem.kernel'], false)).not.toContain('Conv1D');
  });
});
