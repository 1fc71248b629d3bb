import type { KeyEntry } from '../formats/keys.js';
export interface KeySetDigest {
    /** number of keys */
    count: number;
    /** hex sha256 of the sorted key lines */
    sha256: string;
}
export declare function keySetDigest(entries: readonly KeyEntry[]): KeySetDigest | null;
export declare function sameKeySet(a: KeySetDigest, b: KeySetDigest): boolean;
