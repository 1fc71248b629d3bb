/**
 * A set of keys held as byte ranges of one buffer (a safetensors header, a shard index), numbered in
 * the order they were added. 50,000 tensor names are checked distinct and looked up from another
 * file's bytes without a string, a Map entry or any object per name (issue 14): an open-addressing
 * table of entry numbers in an Int32Array, FNV-1a over the bytes, keys compared byte by byte.
 * Unlike ByteStringSet (byte-string-set.ts: a zip directory's names, whose places the directory already
 * holds in its own columns) this table keeps each key's place and hash itself and finds keys given as
 * another buffer's bytes (a shard index's names looked up in a header).
 */
export class ByteKeyTable {
  /** entry number + 1 per slot, 0 when empty; a power of two, at least twice the entries (grown as they come) */
  private slots: Int32Array;
  private mask: number;
  /** each entry's hash, so growing does not read the keys again */
  private hashes: Int32Array;
  start: Int32Array;
  length: Int32Array;
  size = 0;

  /**
   * Entries [0, placed) are hashed and in `slots`; the rest were added unchecked (`checkLater`) and are
   * placed, and checked distinct, by checkNow.
   */
  private placed = 0;

  /**
   * `expected` is a guess of the entry count: the table grows past it (a guess too large costs cache
   * misses on every probe). With `checkLater`, add neither hashes a key nor checks it distinct: it only
   * records where the key is, for a caller that proves the keys distinct another way (a sharded set whose
   * index lists its keys in ascending order, each header's names matched to them in order: issue 14,
   * hashing 100,000 names was a sixth of reading the bench's set) or calls checkNow before any lookup.
   */
  constructor(
    readonly bytes: Uint8Array,
    expected = 16,
    private checkLater = false,
  ) {
    let n = 16;
    while (n < expected * 2) n *= 2;
    // with checkLater the slots and hashes are made by checkNow, if ever: until then they are fresh
    // memory nothing writes (issue 14: 20 headers' unused tables)
    this.slots = new Int32Array(checkLater ? 0 : n);
    this.mask = n - 1;
    this.hashes = new Int32Array(checkLater ? 0 : n >> 1);
    this.start = new Int32Array(n >> 1);
    this.length = new Int32Array(n >> 1);
  }

  /** Adds bytes[start, start+length) as the next entry and returns its number, or -1 when the key is already there. */
  add(start: number, length: number): number {
    if (this.checkLater) {
      const e = this.size++;
      this.start[e] = start;
      this.length[e] = length;
      if (this.size === this.start.length) this.grow();
      return e;
    }
    const h = hash(this.bytes, start, length);
    let slot = h & this.mask;
    for (;;) {
      const e = this.slots[slot]! - 1;
      if (e < 0) break;
      if (this.hashes[e] === h && this.length[e] === length && sameBytes(this.bytes, this.start[e]!, this.bytes, start, length)) return -1;
      slot = (slot + 1) & this.mask;
    }
    const e = this.size++;
    this.hashes[e] = h;
    this.start[e] = start;
    this.length[e] = length;
    this.slots[slot] = e + 1;
    this.placed = this.size;
    if (this.size === this.start.length) this.grow();
    return e;
  }

  /**
   * Hashes and places the entries added unchecked, in order, and adds from now on as `add` does: false
   * when one of them equals an earlier key (the table is then not to be used). Nothing to do when every
   * entry was checked as it came.
   */
  checkNow(): boolean {
    this.checkLater = false;
    if (this.slots.length === 0) {
      this.slots = new Int32Array(this.start.length * 2);
      this.mask = this.slots.length - 1;
      this.hashes = new Int32Array(this.start.length);
    }
    for (let e = this.placed; e < this.size; e++) {
      const start = this.start[e]!;
      const length = this.length[e]!;
      const h = hash(this.bytes, start, length);
      let slot = h & this.mask;
      for (;;) {
        const o = this.slots[slot]! - 1;
        if (o < 0) break;
        if (this.hashes[o] === h && this.length[o] === length && sameBytes(this.bytes, this.start[o]!, this.bytes, start, length)) return false;
        slot = (slot + 1) & this.mask;
      }
      this.hashes[e] = h;
      this.slots[slot] = e + 1;
      this.placed = e + 1;
    }
    return true;
  }

  /** whether every entry is hashed and placed (find and hashOf may be used) */
  get checked(): boolean {
    return this.placed === this.size;
  }

  /** The number of the entry whose key is other[start, start+length), or -1 (every entry checked: see `checked`). */
  find(other: Uint8Array, start: number, length: number): number {
    return this.findHashed(other, start, length, hash(other, start, length));
  }

  /** find, for a key whose hash is known: entry e of another table (its `hashOf(e)`; both tables hash alike). */
  findHashed(other: Uint8Array, start: number, length: number, h: number): number {
    let slot = h & this.mask;
    for (;;) {
      const e = this.slots[slot]! - 1;
      if (e < 0) return -1;
      if (this.hashes[e] === h && this.length[e] === length && sameBytes(this.bytes, this.start[e]!, other, start, length)) return e;
      slot = (slot + 1) & this.mask;
    }
  }

  /** entry e's hash, for findHashed in another table */
  hashOf(e: number): number {
    return this.hashes[e]!;
  }

  /** twice the slots and room, the entries placed again by their hashes */
  private grow(): void {
    // the slots are twice the room (`start`), made or not yet
    const n = this.start.length * 4;
    const widen = (a: Int32Array): Int32Array => {
      const b = new Int32Array(n >> 1);
      b.set(a);
      return b;
    };
    this.start = widen(this.start);
    this.length = widen(this.length);
    // not made yet (checkLater): checkNow sizes them from `start`
    if (this.slots.length === 0) return;
    this.hashes = widen(this.hashes);
    this.slots = new Int32Array(n);
    this.mask = n - 1;
    for (let e = 0; e < this.placed; e++) {
      let slot = this.hashes[e]! & this.mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
      this.slots[slot] = e + 1;
    }
  }
}

function hash(b: Uint8Array, start: number, length: number): number {
  return hashBytes(b, start, start + length) | 0;
}

/** FNV-1a over bytes start..end (both byte tables hash with it) */
export function hashBytes(b: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let k = start; k < end; k++) h = Math.imul(h ^ b[k]!, 0x01000193);
  return h;
}

export function sameBytes(a: Uint8Array, aStart: number, b: Uint8Array, bStart: number, length: number): boolean {
  for (let k = 0; k < length; k++) if (a[aStart + k] !== b[bStart + k]) return false;
  return true;
}
