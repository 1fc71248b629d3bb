import { describe, expect, test } from 'vitest';
import { isTemplateOf, numericCount, TemplateCache, templateAtLevel } from '../../../src/analysis/infer/templates.js';
import { locate } from '../../../src/analysis/infer/types.js';
import type { KeyEntry } from '../../../src/formats/keys.js';

// TemplateCache finds a key's template among the level's known ones by a hash read in place (issue 14): every
// key must get exactly templateAtLevel's name and indices, also keys that spell a placeholder, hold numbers
// that are no index (`007`, ten digits) or empty segments

function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

describe('TemplateCache', () => {
  test('names and indices are templateAtLevel\'s at every level', () => {
    const segs = ['layers', '0', '3', '12', '007', '1234567890', '{}', '', 'w1', 'weight', 'experts', '{}0', 'x'];
    const rnd = lcg(3);
    const keys = new Set<string>();
    while (keys.size < 2000) keys.add(Array.from({ length: 1 + Math.floor(rnd() * 5) }, () => segs[Math.floor(rnd() * segs.length)]!).join('.'));
    const entries = locate([...keys].map((key): KeyEntry => ({ key, shape: [2], dtype: 'float32' }) as KeyEntry));
    const cache = new TemplateCache();
    for (const level of [3, 2, 1, 0]) {
      const names = new Map<string, string>();
      for (const e of entries.values()) {
        const got = cache.at(e, level);
        const want = templateAtLevel(e.key, level);
        expect([got.name, got.indices]).toEqual([want.name, want.indices]);
        // one string per template
        const first = names.get(got.name);
        if (first === undefined) names.set(got.name, got.name);
        else expect(Object.is(first, got.name)).toBe(true);
      }
      if (level > 0) expect(names.size).toBeLessThan(entries.size);
    }
  });

  test('a key is matched only against its own template, in place', () => {
    const segs = ['layers', '0', '3', '007', '{}', '', 'w1', 'x.', '{}0'];
    const rnd = lcg(9);
    const key = () => Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => segs[Math.floor(rnd() * segs.length)]!).join('.');
    let same = 0;
    for (let i = 0; i < 20000; i++) {
      const k = key();
      const level = Math.floor(rnd() * 3);
      // a candidate: this key's own template, another key's, or either cut or lengthened
      const own = templateAtLevel(k, level).name;
      const other = templateAtLevel(key(), Math.floor(rnd() * 3)).name;
      const base = rnd() < 0.5 ? own : other;
      const r = rnd();
      const name = r < 0.2 ? base.slice(0, -1) : r < 0.4 ? `${base}.x` : r < 0.5 ? `${base}{}` : base;
      expect(isTemplateOf(k, level, name)).toBe(name === own);
      if (name === own) same++;
    }
    expect(same).toBeGreaterThan(3000);
  });
  test('a key read once: its template at each level from its full template and later indices, as read off its text', () => {
    // brace-free keys go by their facts (full template + the indices past the level); keys spelling a
    // placeholder (`{}.3` and `3.{}` share a full template and indices) are read off their text per level
    const segs = ['layers', '0', '3', '12', '007', 'w1', 'weight', 'experts', '{}', 'x'];
    const rnd = lcg(17);
    const keys = new Set<string>();
    while (keys.size < 3000) keys.add(Array.from({ length: 1 + Math.floor(rnd() * 6) }, () => segs[Math.floor(rnd() * segs.length)]!).join('.'));
    keys.add('{}.3');
    keys.add('3.{}');
    const entries = locate([...keys].map((key): KeyEntry => ({ key, shape: [2, 3], dtype: 'float32' }) as KeyEntry));
    const cache = new TemplateCache();
    for (const e of entries.values()) expect(cache.indexCount(e)).toBe(numericCount(e.key));
    for (const level of [4, 2, 3, 1, 0]) {
      for (const e of entries.values()) {
        const got = cache.grouped(e, level);
        const want = templateAtLevel(e.key, level);
        if (numericCount(e.key) < level) expect(got).toBeNull();
        else expect([got!.name, got!.indices, got!.shape]).toEqual([want.name, want.indices, '2x3|float']);
        // `at` answers below a key's index count too (every index a placeholder)
        expect([cache.at(e, level).name, cache.at(e, level).indices]).toEqual([want.name, want.indices]);
      }
    }
  });
});
