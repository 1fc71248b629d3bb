/**
 * A set of keys held as byte ranges of one buffer (a safetensors header, a shard index), numbered in
 * the order they were added. 50,000 tensor names are checked distinct and looked up from another
 * file's bytes without a string, a Map entry or any object per name (issue 14): an open-addressing
 * table of entry numbers in an Int32Array, FNV-1a over the bytes, keys compared byte by byte.
 * Unlike ByteStringSet (byte-string-set.ts: a zip directory's names, whose places the directory already
 * holds in its own columns) this table keeps each key's place and hash itself and finds keys given as
 * another buffer's bytes (a shard index's names looked up in a header).
 */
export declare class ByteKeyTable {
    readonly bytes: Uint8Array;
    private checkLater;
    /** entry number + 1 per slot, 0 when empty; a power of two, at least twice the entries (grown as they come) */
    private slots;
    private mask;
    /** each entry's hash, so growing does not read the keys again */
    private hashes;
    start: Int32Array;
    length: Int32Array;
    size: number;
    /**
     * Entries [0, placed) are hashed and in `slots`; the rest were added unchecked (`checkLater`) and are
     * placed, and checked distinct, by checkNow.
     */
    private placed;
    /**
     * `expected` is a guess of the entry count: the table grows past it (a guess too large costs cache
     * misses on every probe). With `checkLater`, add neither hashes a key nor checks it distinct: it only
     * records where the key is, for a caller that proves the keys distinct another way (a sharded set whose
     * index lists its keys in ascending order, each header's names matched to them in order: issue 14,
     * hashing 100,000 names was a sixth of reading the bench's set) or calls checkNow before any lookup.
     */
    constructor(bytes: Uint8Array, expected?: number, checkLater?: boolean);
    /** Adds bytes[start, start+length) as the next entry and returns its number, or -1 when the key is already there. */
    add(start: number, length: number): number;
    /**
     * Hashes and places the entries added unchecked, in order, and adds from now on as `add` does: false
     * when one of them equals an earlier key (the table is then not to be used). Nothing to do when every
     * entry was checked as it came.
     */
    checkNow(): boolean;
    /** whether every entry is hashed and placed (find and hashOf may be used) */
    get checked(): boolean;
    /** The number of the entry whose key is other[start, start+length), or -1 (every entry checked: see `checked`). */
    find(other: Uint8Array, start: number, length: number): number;
    /** find, for a key whose hash is known: entry e of another table (its `hashOf(e)`; both tables hash alike). */
    findHashed(other: Uint8Array, start: number, length: number, h: number): number;
    /** entry e's hash, for findHashed in another table */
    hashOf(e: number): number;
    /** twice the slots and room, the entries placed again by their hashes */
    private grow;
}
/** FNV-1a over bytes start..end (both byte tables hash with it) */
export declare function hashBytes(b: Uint8Array, start: number, end: number): number;
export declare function sameBytes(a: Uint8Array, aStart: number, b: Uint8Array, bStart: number, length: number): boolean;
