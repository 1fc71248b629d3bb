/**
 * How findings word counts and the keys they are about, the same in every layer that writes them
 * (analysis, plan, report).
 */

/** `n` with the word in its number: `1 key`, `3 keys`, `2 batches` (`many` where adding an s is wrong). */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The first `n` keys, each in backticks, and `…` when there are more. */
export function keyExamples(keys: readonly string[], n = 3): string {
  const shown = keys.slice(0, n).map((k) => `\`${k}\``).join(', ');
  return keys.length > n ? `${shown}, …` : shown;
}
