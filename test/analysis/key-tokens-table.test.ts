import { describe, expect, it } from 'vitest';
import { isIndexSegment, KeyTokens, TokenRuns } from '../../src/analysis/key-tokens.js';

/** key k's segments read back from the table */
const texts = (keys: KeyTokens, k: number) => Array.from({ length: keys.segmentCount(k) }, (_, i) => keys.text(keys.segment(k, i)));

describe('KeyTokens: keys split once into token ids', () => {
  const list = ['layers.3.attn.weight', 'layers.12.attn.weight', '', 'a.', '.a', 'a..b', 'blocks.01.x', 'blocks.1234567890.x', 'Aa.BB', 'BB.Aa', 'é.ü.3'];

  it('reads every key as split(".") does, index segments as isIndexSegment reads them', () => {
    const keys = new KeyTokens();
    const numbers = list.map((k) => keys.add(k));
    expect(numbers).toEqual(list.map((_, i) => i));
    expect(keys.size).toBe(list.length);
    list.forEach((key, k) => {
      expect(texts(keys, k), key).toEqual(key.split('.'));
      const indices = key.split('.').filter(isIndexSegment).map(Number);
      expect(keys.indices(k), key).toEqual(indices);
      expect(keys.indexCount(k)).toBe(indices.length);
      indices.forEach((v, i) => expect(keys.index(k, i)).toBe(v));
    });
  });

  it('gives equal segments one token and different segments different ones, also when their hashes collide', () => {
    // `Aa` and `BB` have the same polynomial hash (65·31 + 97 = 66·31 + 66)
    const keys = new KeyTokens();
    const a = keys.add('Aa.BB');
    const b = keys.add('BB.Aa');
    expect(keys.segment(a, 0)).not.toBe(keys.segment(a, 1));
    expect(keys.segment(a, 0)).toBe(keys.segment(b, 1));
    expect(keys.segment(a, 1)).toBe(keys.segment(b, 0));
    expect(keys.token('Aa')).toBe(keys.segment(a, 0));
    expect(keys.token('BB')).toBe(keys.segment(b, 0));
    const c = keys.add('layers.3.x');
    expect(keys.value(keys.segment(c, 1))).toBe(3);
    expect(keys.value(keys.segment(c, 0))).toBe(-1);
  });

  it('grows past its first arrays without losing a key', () => {
    const keys = new KeyTokens();
    const many = Array.from({ length: 3000 }, (_, i) => `model.layers.${i % 97}.block${i % 7}.w${i}.weight`);
    for (const k of many) keys.add(k);
    many.forEach((key, k) => expect(texts(keys, k)).toEqual(key.split('.')));
  });
});

describe('TokenRuns: runs numbered by their content, in the order first met', () => {
  it('numbers equal runs alike and different runs apart, also when their hashes collide', () => {
    const runs = new TokenRuns();
    // [0, 31] and [1, 0] hash alike: (2·31 + 0)·31 + 31 = (2·31 + 1)·31 + 0
    expect(runs.of([0, 31], 2)).toBe(0);
    expect(runs.of([1, 0], 2)).toBe(1);
    expect(runs.of([0, 31, 9], 2)).toBe(0);
    expect(runs.of([5], 1)).toBe(2);
    expect(runs.of([], 0)).toBe(3);
    expect(runs.of([1, 0], 2)).toBe(1);
    expect(runs.of([5, -1, 5], 3)).toBe(4);
    expect(runs.size).toBe(5);
  });
});
