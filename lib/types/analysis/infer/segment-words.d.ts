/**
 * Which word of a small set a key's segment is, read in place (no substring made). The role veto
 * (role-names.ts keyRoles) reads every segment of every key of both sides for a few dozen convention
 * words; splitting each key into new strings and hashing each segment for a set look-up was ~5 % of a
 * plan at 100,000 keys (vit), where almost no segment is such a word. Here a segment is compared only
 * with the words of its length, in place.
 */
export declare class SegmentWords {
    /** the words by their length */
    private readonly byLength;
    constructor(words: Iterable<string>);
    /** The word that `key`'s characters from `start` to `end` (exclusive) spell, or null. */
    at(key: string, start: number, end: number): string | null;
}
