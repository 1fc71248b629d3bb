import { hashBytes, sameBytes } from './byte-keys.js';

/**
 * An open-addressing set of byte strings named by number (a zip directory's names in its pool), to
 * find a string met twice without a JS string per member. At
 * 2,000,000 members the table is tens of megabytes and every probe is a cache miss: each slot packs
 * eight bits of the hash beside the member number while numbers fit in 23 bits, so a probe that meets
 * another string compares its bytes (three more misses) only when those bits agree.
 */
export class ByteStringSet {
  private table: Int32Array;
  private size = 0;
  /** slots hold `tag << 23 | (number + 1)` while every number is below TAGGED_LIMIT, else `number + 1` */
  private tagged = true;

  /**
   * `bytes` holds every string; `start(n)` and `length(n)` say where string n is (called only to
   * compare with a string whose hash bits agree, and to rehash when the table grows).
   */
  constructor(
    capacity: number,
    private readonly bytes: () => Uint8Array,
    private readonly start: (n: number) => number,
    private readonly length: (n: number) => number,
  ) {
    let slots = 1 << 10;
    while (slots < capacity * 2) slots *= 2;
    this.table = new Int32Array(slots);
  }

  /** Adds string `n` (bytes start..end); false when an equal string is already in the set. */
  add(n: number, start: number, end: number): boolean {
    return this.addHashed(n, start, end, hashBytes(this.bytes(), start, end));
  }

  /** add() with the hash the caller computed (hashBytes of the same bytes) */
  addHashed(n: number, start: number, end: number, h: number): boolean {
    if (n >= TAGGED_LIMIT && this.tagged) this.rehash(this.table.length, false);
    if ((this.size + 1) * 2 > this.table.length) this.rehash(this.table.length * 2, this.tagged);
    const table = this.table;
    const mask = table.length - 1;
    const tagged = this.tagged;
    const tag = h >>> 24;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const entry = table[slot]!;
      if (entry === 0) {
        table[slot] = tagged ? (tag << 23) | (n + 1) : n + 1;
        this.size++;
        return true;
      }
      if (tagged && entry >>> 23 !== tag) continue;
      if (this.same((tagged ? entry & NUMBER_MASK : entry) - 1, start, end)) return false;
    }
  }

  private same(other: number, start: number, end: number): boolean {
    if (this.length(other) !== end - start) return false;
    const b = this.bytes();
    return sameBytes(b, this.start(other), b, start, end - start);
  }

  private rehash(slots: number, tagged: boolean): void {
    const old = this.table;
    const wasTagged = this.tagged;
    const table = new Int32Array(slots);
    const mask = slots - 1;
    const b = this.bytes();
    for (let k = 0; k < old.length; k++) {
      if (old[k] === 0) continue;
      const n = (wasTagged ? old[k]! & NUMBER_MASK : old[k]!) - 1;
      const s = this.start(n);
      const h = hashBytes(b, s, s + this.length(n));
      let slot = h & mask;
      while (table[slot] !== 0) slot = (slot + 1) & mask;
      table[slot] = tagged ? ((h >>> 24) << 23) | (n + 1) : n + 1;
    }
    this.table = table;
    this.tagged = tagged;
  }
}

const TAGGED_LIMIT = (1 << 23) - 1;
const NUMBER_MASK = (1 << 23) - 1;
