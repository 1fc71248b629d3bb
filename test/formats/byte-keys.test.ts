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

  it('adds keys unchecked when asked, then checks and places them all at once (checkNow), as add would have', () => {
    const names = Array.from({ length: 300 }, (_, k) => `model.layers.${k}.weight`);
    const a = bytes(names.join('') + names[123]);
    const later = new ByteKeyTable(a, 16, true);
    let at = 0;
    for (const n of names) {
      expect(later.add(at, n.length)).toBe(later.size - 1);
      at += n.length;
    }
    // grown past its guess while unchecked: nothing is placed yet
    expect(later.checked).toBe(false);
    expect(later.checkNow()).toBe(true);
    expect(later.checked).toBe(true);
    for (let e = 0; e < names.length; e++) expect(later.find(a, later.start[e]!, later.length[e]!)).toBe(e);
    // from now on add checks as it goes
    expect(later.add(at, names[123]!.length)).toBe(-1);
    // a repeat among the unchecked keys is found by checkNow
    const twice = new ByteKeyTable(a, 16, true);
    at = 0;
    for (const n of names) {
      twice.add(at, n.length);
      at += n.length;
    }
    twice.add(at, names[123]!.length);
    expect(twice.checkNow()).toBe(false);
  });
});
