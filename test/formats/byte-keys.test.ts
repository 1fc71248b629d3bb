import { describe, expect, it } from 'vitest';
import { ByteKeyTable } from '../../src/formats/byte-keys.js';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('ByteKeyTable', () => {
  it('finds a key given as another table\'s entry by that entry\'s hash, as find does from its bytes', () => {
    // more keys than the first guess, so both tables grow
    const names = Array.from({ length: 300 }, (_, k) => `model.layers.${k}.weight`);
    const a = bytes(names.join(''));
    const b = bytes([...names].reverse().join('') + 'extra.bias');
    const index = new ByteKeyTable(a);
    let at = 0;
    for (const n of names) {
      expect(index.add(at, n.length)).toBe(index.size - 1);
      at += n.length;
    }
    expect(index.add(0, names[0]!.length)).toBe(-1);
    const header = new ByteKeyTable(b);
    at = 0;
    for (const n of [...names].reverse()) {
      header.add(at, n.length);
      at += n.length;
    }
    const extra = header.add(at, 'extra.bias'.length);
    for (let t = 0; t < header.size; t++) {
      const start = header.start[t]!;
      const length = header.length[t]!;
      const found = index.findHashed(b, start, length, header.hashOf(t));
      expect(found).toBe(index.find(b, start, length));
      expect(found).toBe(t === extra ? -1 : names.length - 1 - t);
    }
  });
});
