/**
 * A map from small non-negative integers (hashes cut to 30 bits) to integers (key numbers), kept in two
 * typed arrays with open addressing: one allocation for 100,000 entries instead of a Map's growing tables
 * of boxed entries. Steps that look every key of a side up by a hash of its name (canonical.ts) spent most
 * of their time in a Map's probing and growth, and the collector in its old tables.
 */
export class IntMap {
  private keys: Int32Array;
  private values: Int32Array;
  private mask: number;
  private count = 0;

  /** `expected`: about how many entries will be set (the table grows past it all the same) */
  constructor(expected: number) {
    let capacity = 16;
    while (capacity < expected * 2) capacity *= 2;
    this.keys = new Int32Array(capacity).fill(EMPTY);
    this.values = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  get size(): number {
    return this.count;
  }

  /** the slot holding `key`, or the empty slot where it would go */
  private slot(key: number): number {
    const keys = this.keys;
    // a multiplicative scramble: hashes of similar names differ in their low bits less than in their high
    let i = Math.imul(key, 0x9e3779b1) >>> 0;
    i = (i ^ (i >>> 15)) & this.mask;
    while (keys[i] !== EMPTY && keys[i] !== key) i = (i + 1) & this.mask;
    return i;
  }

  has(key: number): boolean {
    return this.keys[this.slot(key)] === key;
  }

  /** the value set for `key`, or `missing` */
  get(key: number, missing: number): number {
    const i = this.slot(key);
    return this.keys[i] === key ? this.values[i]! : missing;
  }

  set(key: number, value: number): void {
    if (key < 0) throw new RangeError(`IntMap keys are non-negative (got ${key})`);
    let i = this.slot(key);
    if (this.keys[i] !== key) {
      if ((this.count + 1) * 2 > this.keys.length) {
        this.grow();
        i = this.slot(key);
      }
      this.keys[i] = key;
      this.count++;
    }
    this.values[i] = value;
  }

  private grow(): void {
    const { keys, values } = this;
    this.keys = new Int32Array(keys.length * 2).fill(EMPTY);
    this.values = new Int32Array(keys.length * 2);
    this.mask = keys.length * 2 - 1;
    for (let i = 0; i < keys.length; i++) {
      if (keys[i] === EMPTY) continue;
      const j = this.slot(keys[i]!);
      this.keys[j] = keys[i]!;
      this.values[j] = values[i]!;
    }
  }
}

/** no key is negative */
const EMPTY = -1;

/** A polynomial hash of text.slice(from) continuing `h` (call with h = 0 for a text of its own). */
export function textHash(text: string, from: number, h: number): number {
  for (let i = from; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return h;
}

/** hashes cut to 30 bits: the non-negative keys of an IntMap */
const SMI = 0x3fffffff;

/**
 * Names (a side's canonical keys) by their text: which is the first of them equal to a text, found by the
 * text's hash (textHash) in an IntMap and confirmed by comparing characters. A text made of a prefix and
 * the rest of a key (`add` + key.slice(from)) is looked up in place, never written out: a prefix rule
 * applied to 100,000 keys made and hashed 100,000 strings, and a map of 100,000 names was most of the rest.
 */
export class NameIndex {
  private readonly first: IntMap;
  /** names under one hash that differ (rare): each distinct name once, with its first number */
  private readonly shared = new Map<number, { name: string; at: number }[]>();

  constructor(private readonly names: readonly string[]) {
    this.first = new IntMap(names.length);
    for (let j = 0; j < names.length; j++) {
      const name = names[j]!;
      const h = textHash(name, 0, 0) & SMI;
      const at = this.first.get(h, NONE);
      if (at === NONE) {
        this.first.set(h, j);
        continue;
      }
      if (at !== SHARED) {
        if (names[at] === name) continue;
        this.shared.set(h, [{ name: names[at]!, at }]);
        this.first.set(h, SHARED);
      }
      const list = this.shared.get(h)!;
      if (!list.some((x) => x.name === name)) list.push({ name, at: j });
    }
  }

  /** the number of the first name equal to `text`, or -1 */
  find(text: string): number {
    return this.findJoined(0, '', text, 0);
  }

  /**
   * The number of the first name equal to `add` + key.slice(from), or -1; `addHash` is textHash(add, 0, 0).
   */
  findJoined(addHash: number, add: string, key: string, from: number): number {
    const h = textHash(key, from, addHash) & SMI;
    const at = this.first.get(h, NONE);
    if (at === NONE) return -1;
    if (at !== SHARED) return joins(this.names[at]!, add, key, from) ? at : -1;
    for (const x of this.shared.get(h)!) if (joins(x.name, add, key, from)) return x.at;
    return -1;
  }
}

/** no name under a hash; several names under it (NameIndex.shared) */
const NONE = -2;
const SHARED = -1;

/** name === add + key.slice(from), compared in place */
function joins(name: string, add: string, key: string, from: number): boolean {
  if (name.length !== add.length + key.length - from || !name.startsWith(add)) return false;
  for (let i = add.length, k = from; i < name.length; i++, k++) if (name.charCodeAt(i) !== key.charCodeAt(k)) return false;
  return true;
}
