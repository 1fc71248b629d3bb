import { describe, expect, it } from 'vitest';
import { KeyNumbers, KeyTable, ProducedTargets } from '../../../src/analysis/infer/key-numbers.js';
import { PairTable, opMeta, opMetaByNumber } from '../../../src/analysis/infer/confidence.js';
import { findRenameOps } from '../../../src/analysis/infer/rename-ops.js';
import { locate } from '../../../src/analysis/infer/types.js';
import type { KeyEntry } from '../../../src/formats/keys.js';

/** Key numbers (speed only): arrays and bits by number answer as the maps and sets by key string did. */

const e = (key: string, shape: number[] | null = [2]): KeyEntry => ({ key, shape, dtype: null });

describe('KeyNumbers', () => {
  it('numbers source keys by their place among the distinct keys, also where the file lists one twice', () => {
    const entries = [e('a'), e('b'), e('a'), e('c'), e('b'), e('d')];
    const source = locate(entries);
    const sourceKeys = [...source.keys()];
    const target = locate([e('x'), e('y'), e('x'), e('z')]);
    const n = new KeyNumbers(source, sourceKeys, target, 4);
    expect(sourceKeys.map((k) => n.source(source.get(k)!))).toEqual([0, 1, 2, 3]);
    // the model's list: a key's first position, a hole where it is listed again
    expect([...target.values()].map((t) => n.target(t))).toEqual([0, 1, 3]);
    expect(n.targetKeys[0]).toBe('x');
    expect(n.targetKeys[2]).toBeUndefined();
    expect(n.targetKeys[3]).toBe('z');
  });
});

describe('KeyTable', () => {
  it('splits a located key when first read and never again, by its number on its side; a name not located is split when asked', () => {
    const source = locate([e('a.0.w'), e('a.1.w'), e('a.0.w'), e('b.w')]);
    const sourceKeys = [...source.keys()];
    const targetEntries = [e('x.0.w'), e('x.1.w'), e('x.0.w'), e('y.2')];
    const target = locate(targetEntries);
    const numbers = new KeyNumbers(source, sourceKeys, target, 4);
    const table = new KeyTable(sourceKeys, numbers, source, target);
    const read = (k: number) => Array.from({ length: table.tokens.segmentCount(k) }, (_, i) => table.tokens.text(table.tokens.segment(k, i)));
    expect(table.tokens.size).toBe(0);
    // numbered in the order first read
    expect(table.targetKey('y.2')).toBe(0);
    expect(table.sourceAt(1)).toBe(1);
    expect(sourceKeys.map((k) => table.sourceKey(k))).toEqual([2, 1, 3]);
    expect(['x.0.w', 'x.1.w', 'y.2'].map((k) => table.targetKey(k))).toEqual([4, 5, 0]);
    expect(table.targetAt(numbers.target(target.get('x.1.w')!))).toBe(5);
    expect(table.tokens.size).toBe(6);
    for (const k of sourceKeys) expect(read(table.sourceKey(k))).toEqual(k.split('.'));
    for (const k of target.keys()) expect(read(table.targetKey(k))).toEqual(k.split('.'));
    expect(table.tokens.indices(table.targetKey('y.2'))).toEqual([2]);
    expect(table.tokens.size).toBe(6);
    // a name neither side locates (a pair re-pointed to a name the ops made): split when asked, on either side
    const made = table.targetKey('z.5.w');
    expect(made).toBe(6);
    expect(read(made)).toEqual(['z', '5', 'w']);
    expect(read(table.sourceKey('q.1'))).toEqual(['q', '1']);
  });
});

describe('ProducedTargets', () => {
  it('answers like a set of the model keys given, iterated in the order first given; names the model does not expect are not taken', () => {
    const source = locate([e('s')]);
    const target = locate([e('x'), e('y'), e('z')]);
    const p = new ProducedTargets(target, new KeyNumbers(source, ['s'], target, 3));
    expect(p.add('z')).toBe(true);
    expect(p.add('nope')).toBe(false);
    expect(p.add('x')).toBe(true);
    expect(p.add('z')).toBe(true);
    expect([...p]).toEqual(['z', 'x']);
    expect(p.size).toBe(2);
    expect([p.has('x'), p.has('y'), p.has('nope')]).toEqual([true, false, false]);
    expect([...target.values()].map((t) => p.hasEntry(t))).toEqual([true, false, true]);
  });
});

describe('PairTable', () => {
  it("holds each pair's confidence, shapes and order by number; a deleted or unknown key is in no pair", () => {
    const source = locate([e('a', [2, 3]), e('b', [4]), e('c', [4])]);
    const target = locate([e('y', [4]), e('x', [3, 2])]);
    const pairs = new PairTable(source, new KeyNumbers(source, [...source.keys()], target, 2), 3);
    pairs.set(source.get('a')!, target.get('x')!, 0.9);
    pairs.set(source.get('b')!, target.get('y')!, 0.5);
    expect([pairs.confidence('a'), pairs.confidence('b'), pairs.confidence('c'), pairs.confidence('zz')]).toEqual([0.9, 0.5, undefined, undefined]);
    // a before b in the source, x after y in the model: one crossing
    expect(opMeta(['a', 'b', 'c'], pairs)).toEqual({ confidence: 0.7, evidence: '3 keys, shapes equal up to transpose, order differs at 1 place' });
    // by the keys' numbers (their places among the source keys): the same answers
    expect(opMetaByNumber([0, 1, 2], pairs)).toEqual(opMeta(['a', 'b', 'c'], pairs));
    expect(opMetaByNumber([2], pairs)).toEqual({ confidence: 0.5, evidence: '1 key, shapes equal where known' });
    pairs.delete('a');
    expect(pairs.confidence('a')).toBeUndefined();
    expect(opMeta(['a', 'b'], pairs)).toEqual({ confidence: 0.5, evidence: '2 keys, shapes equal' });
    expect(opMetaByNumber([0, 1], pairs)).toEqual(opMeta(['a', 'b'], pairs));
  });
});

describe('findRenameOps by number', () => {
  it('finds the same renames from goals by the universe numbers as from the map of pending pairs', () => {
    const universe = ['blocks.0.a', 'blocks.1.a', 'blocks.2.a', 'blocks.0.b', 'head.w'];
    const goals = ['layers.0.a', 'layers.1.a', 'layers.2.a', undefined, 'fc.w'];
    const keys = universe.map((u) => `src.${u}`);
    const byMap = findRenameOps(new Map(universe.flatMap((u, i) => (goals[i] === undefined ? [] : [[keys[i]!, [u, goals[i]!] as const]]))), universe);
    const byNumber = findRenameOps({ goals, keys }, universe);
    expect(byNumber).toEqual(byMap);
    // blocks.0.b must stay: no general `blocks` → `layers` rename
    expect(byNumber.final).toEqual(['layers.0.a', 'layers.1.a', 'layers.2.a', 'blocks.0.b', 'fc.w']);
    expect(byNumber.covers.flat().sort()).toEqual(['src.blocks.0.a', 'src.blocks.1.a', 'src.blocks.2.a', 'src.head.w']);
  });
});
