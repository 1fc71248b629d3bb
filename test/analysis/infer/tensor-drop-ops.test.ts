import { describe, expect, test } from 'vitest';
import { findTensorOps, squareConv1dFixes, type TensorFix } from '../../../src/analysis/infer/tensor-ops.js';
import { findDropOps } from '../../../src/analysis/infer/drop-ops.js';
import { locate } from '../../../src/analysis/infer/types.js';

const fix = (target: string, kind: TensorFix['kind'] = 'transpose', shape: number[] = [4, 4]): TensorFix => ({
  kind, source: `src.${target}`, target, shape, evidence: 'shapes', confidence: 0.9,
});

describe('findTensorOps', () => {
  test('keys with the same fix are one op with a pattern that matches exactly them', () => {
    const names = ['a.q.weight', 'a.k.weight', 'a.v.weight', 'a.o.weight', 'b.q.weight', 'b.k.weight'];
    const ops = findTensorOps(['a.q.weight', 'a.k.weight', 'b.q.weight', 'b.k.weight'].map((t) => fix(t, 'reshape')), names);
    expect(ops).toHaveLength(1);
    expect(ops[0]!.op).toMatchObject({ op: 'reshape', pattern: '^(?:a|b)\\.(?:q|k)\\.weight$', shape: [4, 4] });
    expect(ops[0]!.covers).toHaveLength(4);
  });

  test('a shared pattern that would reach other keys falls back to indexed families, then to keys', () => {
    const names = ['h.0.x.weight', 'h.1.x.weight', 'h.0.y.weight', 'h.1.y.weight', 'h.0.z.weight', 'top.weight'];
    const ops = findTensorOps([fix('h.0.x.weight'), fix('h.1.x.weight'), fix('h.0.y.weight'), fix('h.1.y.weight'), fix('top.weight')], names).map((o) => o.op);
    // (?:x|y) with \d+ would be exact here, so it is one op; top.weight has other segments
    expect(ops).toEqual([
      expect.objectContaining({ op: 'transpose', pattern: '^h\\.\\d+\\.(?:x|y)\\.weight$', dims: [1, 0] }),
      expect.objectContaining({ op: 'transpose', key: 'top.weight' }),
    ]);
    const narrower = findTensorOps([fix('h.0.x.weight'), fix('h.1.x.weight'), fix('h.0.y.weight')], names).map((o) => o.op);
    expect(narrower).toEqual([
      expect.objectContaining({ pattern: '^h\\.\\d+\\.x\\.weight$' }),
      expect.objectContaining({ key: 'h.0.y.weight' }),
    ]);
  });

  test('a square Conv1D weight is transposed when a module of its name in the same block proves it', () => {
    const source = locate([
      { key: 'h.0.attn.c_proj.weight', shape: [8, 8], dtype: 'float32' },
      { key: 'h.0.mlp.c_proj.weight', shape: [32, 8], dtype: 'float32' },
      { key: 'h.0.mlp.other.weight', shape: [8, 8], dtype: 'float32' },
    ]);
    const goals = new Map([...source.keys()].map((k) => [k, k]));
    const proven = [{ ...fix('h.0.mlp.c_proj.weight'), source: 'h.0.mlp.c_proj.weight' }];
    // every non-square Conv1D-named weight stored transposed: GPT-2's convention decides
    // it, at the class line, so a model manifest recording a Linear does not withdraw it (review 26 F8)
    const target = locate([
      { key: 'h.0.attn.c_proj.weight', shape: [8, 8], dtype: 'float32' },
      { key: 'h.0.mlp.c_proj.weight', shape: [8, 32], dtype: 'float32' },
      { key: 'h.0.mlp.other.weight', shape: [8, 8], dtype: 'float32' },
    ]);
    const byConvention = squareConv1dFixes(proven, goals, source, target);
    expect(byConvention.map((f) => [f.source, f.confidence])).toEqual([['h.0.attn.c_proj.weight', 0.85]]);
    expect(byConvention[0]!.evidence).toMatch(/named as GPT-2 names its Conv1D layers/);
    // one non-square Conv1D-named weight stored as the model has it: no convention, the witness's guess as before
    const kept = locate([...source.values()].map((e) => e).concat([{ key: 'h.1.attn.c_attn.weight', shape: [24, 8], dtype: 'float32', pos: 3 }]).map(({ key, shape, dtype }) => ({ key, shape, dtype })));
    const keptGoals = new Map([...kept.keys()].map((k) => [k, k]));
    const keptTarget = locate([...target.values()].map(({ key, shape, dtype }) => ({ key, shape, dtype })).concat([{ key: 'h.1.attn.c_attn.weight', shape: [24, 8], dtype: 'float32' }]));
    expect(squareConv1dFixes(proven, keptGoals, kept, keptTarget)[0]!.confidence).toBeLessThan(0.7);
  });
});

describe('findDropOps', () => {
  const req = (name: string) => ({ name, source: name, detail: '', why: 'no counterpart in the model' });

  test('a name ending every dropped key shares, and only they: one op', () => {
    const universe = ['bn1.weight', 'bn1.num_batches_tracked', 'l1.0.bn1.weight', 'l1.0.bn1.num_batches_tracked', 'l2.0.down.1.num_batches_tracked'];
    const drops = findDropOps(['bn1.num_batches_tracked', 'l1.0.bn1.num_batches_tracked', 'l2.0.down.1.num_batches_tracked'].map(req), universe);
    expect(drops.ops).toEqual([{ op: 'drop', pattern: '(^|\\.)num_batches_tracked$', reason: expect.stringContaining('no counterpart in the model') }]);
  });

  test('a module prefix when everything under it goes; the exact key otherwise', () => {
    const universe = ['fc.weight', 'fc.bias', 'h.0.attn.bias', 'h.0.attn.c_attn.bias'];
    const drops = findDropOps(['fc.weight', 'fc.bias', 'h.0.attn.bias'].map(req), universe);
    expect(drops.ops.map((o) => o.pattern)).toEqual(['^fc\\.', '^h\\.0\\.attn\\.bias$']);
  });

  // STDC's ImageNet checkpoint: five aliases of the root (x2 … x32), the classifier's bn module and two
  // bare weights, all without a counterpart: one op per shared structure, not eight (stdc2mmseg.py says it
  // in one rule)
  test('drops of one structure are one op: root modules in one alternation, keys differing in one segment in another', () => {
    const dropped = ['x2.0.weight', 'x2.1.weight', 'x4.0.weight', 'x4.1.weight', 'x8.0.weight', 'x8.1.weight', 'bn.weight', 'bn.bias', 'fc.weight', 'linear.weight'];
    const universe = [...dropped, 'features.0.weight', 'features.1.weight', 'fc.bias', 'linear.bias'];
    const drops = findDropOps(dropped.map(req), universe);
    expect(drops.ops.map((o) => o.pattern)).toEqual(['^(?:x2|x4|x8|bn)\\.', '^(?:fc|linear)\\.weight$']);
    const matched = universe.filter((k) => drops.ops.some((o) => new RegExp(o.pattern).test(k)));
    expect(matched.sort()).toEqual([...dropped].sort());
    expect(drops.covers.flat().sort()).toEqual([...dropped].sort());
  });

  test('drops for other reasons, or one without a counterpart beside one with, stay apart', () => {
    const universe = ['a.weight', 'b.weight', 'c.weight', 'keep.weight'];
    const drops = findDropOps([
      { ...req('a.weight'), noCounterpart: true as const },
      req('b.weight'),
      { ...req('c.weight'), why: 'classifier of another class count' },
    ], universe);
    expect(drops.ops.map((o) => o.pattern)).toEqual(['^a\\.weight$', '^b\\.weight$', '^c\\.weight$']);
  });
});
