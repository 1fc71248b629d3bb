/**
 * An open-addressing set of byte strings named by number (a zip directory's names in its pool), to
 * find a string met twice without a JS string per member. At
 * 2,000,000 members the table is tens of megabytes and every probe is a cache miss: each slot packs
 * eight bits of the hash beside the member number while numbers fit in 23 bits, so a probe that meets
 * another string compares its bytes (three more misses) only when those bits agree.
 */
export declare class ByteStringSet {
    private readonly bytes;
    private readonly start;
    private readonly length;
    private table;
    private size;
    /** slots hold `tag << 23 | (number + 1)` while every number is below TAGGED_LIMIT, else `number + 1` */
    private tagged;
    /**
     * `bytes` holds every string; `start(n)` and `length(n)` say where string n is (called only to
     * compare with a string whose hash bits agree, and to rehash when the table grows).
     */
    constructor(capacity: number, bytes: () => Uint8Array, start: (n: number) => number, length: (n: number) => number);
    /** Adds string `n` (bytes start..end); false when an equal string is already in the set. */
    add(n: number, start: number, end: number): boolean;
    /** add() with the hash the caller computed (hashBytes of the same bytes) */
    addHashed(n: number, start: number, end: number, h: number): boolean;
    private same;
    private rehash;
}
