/**
 * Which word of a small set a key's segment is, read in place (no substring made). The role veto
 * (role-names.ts keyRoles) reads every segment of every key of both sides for a few dozen convention
 * words; splitting each key into new strings and hashing each segment for a set look-up was ~5 % of a
 * plan at 100,000 keys (vit), where almost no segment is such a word. Here a segment is compared only
 * with the words of its length, in place.
 */
export class SegmentWords {
  /** the words by their length */
  private readonly byLength: (readonly string[] | undefined)[] = [];

  constructor(words: Iterable<string>) {
    for (const w of words) {
      const list = (this.byLength[w.length] ??= []) as string[];
      if (!list.includes(w)) list.push(w);
    }
  }

  /** The word that `key`'s characters from `start` to `end` (exclusive) spell, or null. */
  at(key: string, start: number, end: number): string | null {
    const list = this.byLength[end - start];
    if (list === undefined) return null;
    for (const w of list) if (key.startsWith(w, start)) return w;
    return null;
  }
}
