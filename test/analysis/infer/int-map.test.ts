import { describe, expect, test } from 'vitest';
import { IntMap, NameIndex, textHash } from '../../../src/analysis/infer/int-map.js';

describe('IntMap', () => {
  test('holds what a Map holds, past its first capacity, with keys that share low bits', () => {
    const m = new IntMap(4);
    const ref = new Map<number, number>();
    for (let i = 0; i < 5000; i++) {
      const key = (i * 1024) & 0x3fffffff; // multiples of 1024: equal low bits
      m.set(key, i);
      ref.set(key, i);
      if (i % 7 === 0) {
        m.set(key, -1);
        ref.set(key, -1);
      }
    }
    expect(m.size).toBe(ref.size);
    for (const [k, v] of ref) expect(m.get(k, -2)).toBe(v);
    expect(m.has(3)).toBe(false);
    expect(m.get(3, -2)).toBe(-2);
  });

  test('refuses a negative key (they mark empty slots)', () => {
    expect(() => new IntMap(1).set(-1, 0)).toThrow(RangeError);
  });
});

describe('NameIndex', () => {
  // `Aa` and `BB` have one textHash (65·31 + 97 = 66·31 + 66): names under one hash must still be told apart
  test('the first of equal names, and names that share a hash told apart', () => {
    expect(textHash('Aa', 0, 0)).toBe(textHash('BB', 0, 0));
    const names = ['x.Aa', 'x.BB', 'y', 'x.Aa', 'x.BB'];
    const index = new NameIndex(names);
    expect(index.find('x.Aa')).toBe(0);
    expect(index.find('x.BB')).toBe(1);
    expect(index.find('y')).toBe(2);
    expect(index.find('x.CC')).toBe(-1);
    expect(index.find('')).toBe(-1);
  });

  test('a prefix joined to the rest of a key is found without writing it out', () => {
    const index = new NameIndex(['enc.layer.0.weight', 'enc.Aa', 'enc.BB']);
    const add = 'enc.';
    const h = textHash(add, 0, 0);
    expect(index.findJoined(h, add, 'module.layer.0.weight', 'module.'.length)).toBe(0);
    expect(index.findJoined(h, add, 'module.BB', 'module.'.length)).toBe(2);
    expect(index.findJoined(h, add, 'module.Aa', 'module.'.length)).toBe(1);
    // the same characters cut elsewhere are not the name
    expect(index.findJoined(h, add, 'module.layer.0.weigh', 'module.'.length)).toBe(-1);
    expect(index.findJoined(textHash('en', 0, 0), 'en', 'c.layer.0.weight', 0)).toBe(0);
  });
});
