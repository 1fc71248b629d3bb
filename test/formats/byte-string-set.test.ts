import { describe, expect, it } from 'vitest';
import { ByteStringSet } from '../../src/formats/byte-string-set.js';

/** strings laid end to end in one byte array, numbered as the caller chooses */
function pool(items: [number, string][]): { bytes: Uint8Array; at: Map<number, [number, number]> } {
  const enc = new TextEncoder();
  const parts = items.map(([, s]) => enc.encode(s));
  const bytes = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  const at = new Map<number, [number, number]>();
  let o = 0;
  items.forEach(([n], k) => {
    bytes.set(parts[k]!, o);
    at.set(n, [o, parts[k]!.length]);
    o += parts[k]!.length;
  });
  return { bytes, at };
}

describe('ByteStringSet', () => {
  it('says false exactly for a string met before, through growth and past 2^23 member numbers', () => {
    const items: [number, string][] = [];
    // many strings with shared prefixes (hash bits alike), a few repeats, then numbers where slots stop packing a tag
    for (let i = 0; i < 5000; i++) items.push([i, `archive/data/${i % 4900}`]);
    for (let i = 0; i < 300; i++) items.push([(1 << 23) - 150 + i, `big/${i % 280}`]);
    items.push([(1 << 23) + 500, 'archive/data/17']);
    const { bytes, at } = pool(items);
    const set = new ByteStringSet(4, () => bytes, (n) => at.get(n)![0], (n) => at.get(n)![1]);
    const seen = new Set<string>();
    for (const [n, s] of items) {
      const [start, length] = at.get(n)!;
      expect(set.add(n, start, start + length)).toBe(!seen.has(s));
      seen.add(s);
    }
  });
});
