/**
 * Where most of each source group went: for pairs (source unit, target unit), the source group `from(u)`
 * → the target group `to(v)` that holds a strict majority of its weight (none when no destination has
 * one: no vote, no penalty). Units vote with their weight (their key count): a whole attention layer
 * outweighs a lone norm. Module alignment's block homes and the twin homes of a reordered parent both
 * ask this question, of different groupings.
 */
export function majorityHomes<U, V>(pairs: Iterable<readonly [U, V, ...unknown[]]>, from: (u: U) => string, to: (v: V) => string, weight: (u: U) => number): Map<string, string> {
  const votes = new Map<string, Map<string, number>>();
  for (const [u, v] of pairs) {
    const a = from(u);
    const m = votes.get(a) ?? votes.set(a, new Map()).get(a)!;
    const b = to(v);
    m.set(b, (m.get(b) ?? 0) + weight(u));
  }
  const out = new Map<string, string>();
  for (const [a, m] of votes) {
    let total = 0;
    for (const n of m.values()) total += n;
    for (const [b, n] of m) if (n * 2 > total) out.set(a, b);
  }
  return out;
}
