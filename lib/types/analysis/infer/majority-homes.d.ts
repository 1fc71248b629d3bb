/**
 * Where most of each source group went: for pairs (source unit, target unit), the source group `from(u)`
 * → the target group `to(v)` that holds a strict majority of its weight (none when no destination has
 * one: no vote, no penalty). Units vote with their weight (their key count): a whole attention layer
 * outweighs a lone norm. Module alignment's block homes and the twin homes of a reordered parent both
 * ask this question, of different groupings.
 */
export declare function majorityHomes<U, V>(pairs: Iterable<readonly [U, V, ...unknown[]]>, from: (u: U) => string, to: (v: V) => string, weight: (u: U) => number): Map<string, string>;
