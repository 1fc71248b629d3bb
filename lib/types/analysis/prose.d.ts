/**
 * How findings word counts and the keys they are about, the same in every layer that writes them
 * (analysis, plan, report).
 */
/** `n` with the word in its number: `1 key`, `3 keys`, `2 batches` (`many` where adding an s is wrong). */
export declare function plural(n: number, one: string, many?: string): string;
/** The first `n` keys, each in backticks, and `…` when there are more. */
export declare function keyExamples(keys: readonly string[], n?: number): string;
