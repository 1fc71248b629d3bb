/**
 * Keys cut short by a fixed length (`k[7:]` applied to keys that never had `module.`): paired back by
 * the one length that explains them, said as the cause, and never confused with a prefix.
 */
import { describe, expect, test } from 'vitest';
import { inferPlan } from '../../../src/analysis/infer/index.js';
import { matchFixedCut } from '../../../src/analysis/infer/fixed-cut.js';
import { locate } from '../../../src/analysis/infer/types.js';
import type { KeyEntry } from '../../../src/formats/keys.js';
import { applyOpsToKeys } from '../../../src/analysis/op-keys.js';

const k = (key: string, shape: number[] | null = null): KeyEntry => ({ key, shape, dtype: null });
const pool = (source: string[], target: string[]) => ({ source: locate(source.map((s) => k(s))), target: locate(target.map((t) => k(t))) });

// an FCN whose checkpoint went through `k[7:]` without DataParallel (pytorch-semseg's helper)
const model = ['conv_block1.0.weight', 'conv_block1.0.bias', 'conv_block2.0.weight', 'conv_block2.0.bias', 'classifier.0.weight', 'classifier.0.bias'];
const cut = model.map((m) => m.slice(7));

describe('keys cut short by a fixed length', () => {
  test('pairs every key with the model key it was cut from, and says so', () => {
    const r = inferPlan({ source: cut.map((s) => k(s)), target: model.map((t) => k(t)), options: { partial: true } });
    expect(r.fixable).toBe(true);
    for (let i = 0; i < model.length; i++) expect(r.mapping[cut[i]!]).toBe(model[i]);
    expect(r.causes[0]).toMatchObject({ code: 'cut_keys' });
    expect(r.causes[0]!.message).toMatch(/first 7 characters/);
    // the ops reproduce the mapping
    const after = applyOpsToKeys(r.ops, cut.map((s) => k(s)));
    expect(after.errors).toEqual([]);
    expect(after.mapping).toEqual(Object.fromEntries(cut.map((s, i) => [s, model[i]])));
  });

  test('a model key shorter than the cut became the empty key, and is paired back too', () => {
    const m = ['t', 'layer_list.0.cl', 'layer_list.1.fc.weight', 'binary1.cl', 'lr3.fc1.weight'];
    const pairs = matchFixedCut(pool(m.map((x) => x.slice(7)), m));
    expect(Object.fromEntries(pairs.map((p) => [p.source, p.target]))).toEqual(Object.fromEntries(m.map((x) => [x.slice(7), x])));
  });

  test('the share is reached by the last model keys alone: hashing does not stop early (the bound is exact)', () => {
    // 8 cut keys and 2 others: the cut must explain 8 (80 %), and the 8 model keys it comes from come
    // after 30 that explain nothing, so before the first of them exactly 8 are left to hash
    const cutFrom = Array.from({ length: 8 }, (_, i) => `block${i % 2 ? 'A' : 'B'}_${i}.proj.weight`);
    const others = Array.from({ length: 30 }, (_, i) => `unrelated${i}.x.weight`);
    const source = [...cutFrom.map((m) => m.slice(7)), 'stray.a', 'stray.b'];
    const pairs = matchFixedCut(pool(source, [...others, ...cutFrom]));
    expect(Object.fromEntries(pairs.map((p) => [p.source, p.target]))).toEqual(Object.fromEntries(cutFrom.map((m) => [m.slice(7), m])));
    // one fewer to find (7 of 10 explained, below the share): nothing
    expect(matchFixedCut(pool([...source, 'stray.c'], [...others, ...cutFrom]))).toEqual([]);
  });

  test('a prefix every key lacks is not a cut (prefix rules add it)', () => {
    const m = ['module.conv1.weight', 'module.conv1.bias', 'module.fc.weight', 'module.fc.bias'];
    expect(matchFixedCut(pool(m.map((x) => x.slice(7)), m))).toEqual([]);
  });

  test('prefixes of equal length cut at the dot are prefixes, not a cut', () => {
    const m = ['enc.a.weight', 'enc.b.weight', 'dec.a.weight', 'dec.c.weight'];
    expect(matchFixedCut(pool(m.map((x) => x.slice(4)).filter((x, i, a) => a.indexOf(x) === i), m))).toEqual([]);
  });

  test('too few keys, or a length that explains only some, pairs nothing', () => {
    expect(matchFixedCut(pool(['ock1.weight', 'ier.weight'], ['conv_block1.weight', 'classifier.weight']))).toEqual([]);
    const m = ['conv_block1.0.weight', 'conv_block2.0.weight', 'classifier.0.weight', 'other.x', 'another.y', 'third.z'];
    expect(matchFixedCut(pool(['ock1.0.weight', 'totally.new', 'unrelated.key', 'more.keys', 'still.more'], m))).toEqual([]);
  });

  test('shapes that cannot correspond are not paired', () => {
    const p = { source: locate([k('ock1.w', [3]), k('ock2.w', [3]), k('ier.w', [3])]), target: locate([k('conv_block1.w', [4]), k('conv_block2.w', [4]), k('classifier.w', [4])]) };
    expect(matchFixedCut(p)).toEqual([]);
  });
});
