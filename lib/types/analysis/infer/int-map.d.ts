/**
 * A map from small non-negative integers (hashes cut to 30 bits) to integers (key numbers), kept in two
 * typed arrays with open addressing: one allocation for 100,000 entries instead of a Map's growing tables
 * of boxed entries. Steps that look every key of a side up by a hash of its name (canonical.ts) spent most
 * of their time in a Map's probing and growth, and the collector in its old tables.
 */
export declare class IntMap {
    private keys;
    private values;
    private mask;
    private count;
    /** `expected`: about how many entries will be set (the table grows past it all the same) */
    constructor(expected: number);
    get size(): number;
    /** the slot holding `key`, or the empty slot where it would go */
    private slot;
    has(key: number): boolean;
    /** the value set for `key`, or `missing` */
    get(key: number, missing: number): number;
    set(key: number, value: number): void;
    private grow;
}
/** A polynomial hash of text.slice(from) continuing `h` (call with h = 0 for a text of its own). */
export declare function textHash(text: string, from: number, h: number): number;
/**
 * Names (a side's canonical keys) by their text: which is the first of them equal to a text, found by the
 * text's hash (textHash) in an IntMap and confirmed by comparing characters. A text made of a prefix and
 * the rest of a key (`add` + key.slice(from)) is looked up in place, never written out: a prefix rule
 * applied to 100,000 keys made and hashed 100,000 strings, and a map of 100,000 names was most of the rest.
 */
export declare class NameIndex {
    private readonly names;
    private readonly first;
    /** names under one hash that differ (rare): each distinct name once, with its first number */
    private readonly shared;
    constructor(names: readonly string[]);
    /** the number of the first name equal to `text`, or -1 */
    find(text: string): number;
    /**
     * The number of the first name equal to `add` + key.slice(from), or -1; `addHash` is textHash(add, 0, 0).
     */
    findJoined(addHash: number, add: string, key: string, from: number): number;
}
