/**
 * A set of keys held as byte ranges of one buffer (a safetensors header, a shard index), numbered in
 * the order they were added. 50,000 tensor names are checked distinct and looked up from another
 * file's bytes without a string, a Map entry or any object per name (issue 14): an open-addressing
 * table of entry numbers in an Int32Array, FNV-1a over the bytes, keys compared byte by byte.
 */
export class ByteKeyTable {
  /** entry number + 1 per slot, 0 when empty; a power of two at least twice the capacity */
  private readonly slots: Int32Array;
  private readonly mask: number;
  readonly start: Int32Array;
  readonly length: Int32Array;
  size = 0;

  constructor(
    readonly bytes: Uint8Array,
    capacity: number,
  ) {
    let n = 16;
    while (n < capacity * 2) n *= 2;
    this.slots = new Int32Array(n);
    this.mask = n - 1;
    this.start = new Int32Array(capacity);
    this.length = new Int32Array(capacity);
  }

  /** Adds bytes[start, start+length) as the next entry and returns its number, or -1 when the key is already there. */
  add(start: number, length: number): number {
    let slot = hash(this.bytes, start, length) & this.mask;
    for (;;) {
      const e = this.slots[slot]! - 1;
      if (e < 0) break;
      if (this.length[e] === length && sameBytes(this.bytes, this.start[e]!, this.bytes, start, length)) return -1;
      slot = (slot + 1) & this.mask;
    }
    const e = this.size++;
    this.start[e] = start;
    this.length[e] = length;
    this.slots[slot] = e + 1;
    return e;
  }

  /** The number of the entry whose key is other[start, start+length), or -1. */
  find(other: Uint8Array, start: number, length: number): number {
    let slot = hash(other, start, length) & this.mask;
    for (;;) {
      const e = this.slots[slot]! - 1;
      if (e < 0) return -1;
      if (this.length[e] === length && sameBytes(this.bytes, this.start[e]!, other, start, length)) return e;
      slot = (slot + 1) & this.mask;
    }
  }
}

function hash(b: Uint8Array, start: number, length: number): number {
  let h = 0x811c9dc5;
  for (let i = start, end = start + length; i < end; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  return h >>> 0;
}

export function sameBytes(a: Uint8Array, aStart: number, b: Uint8Array, bStart: number, length: number): boolean {
  for (let k = 0; k < length; k++) if (a[aStart + k] !== b[bStart + k]) return false;
  return true;
}
