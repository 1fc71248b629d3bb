/**
 * Whether the order of a group of look-alike siblings relates the two sides at all. Within the group,
 * a unit whose exact shape no other unit of its side has, met by exactly one such unit on the other
 * side, is paired by that shape (Meta's `w2` [D, F] is `down_proj`, the only [D, F] among `gate_proj`,
 * `up_proj`); the others stand before or after it. When they stand elsewhere on the two sides (`w1`
 * before `w2` and `w3` after it, but `gate_proj` and `up_proj` both before `down_proj`), the two
 * sides define the group in another order, and order tells none of the rest apart: only names (or a
 * known naming convention, role-names.ts) can. modules.ts lists them instead of pairing by rank.
 */
import type { Group, Node } from './modules.js';
import type { Located } from './types.js';
export declare function lookAlikesCrossed(g: Group): boolean;
/** The tensors under a node, in state-dict order. */
export declare function tensorsUnder(n: Node): Located[];
/**
 * Whether names differ only by one letter, the letters a run of the alphabet (`a`, `b`, `c`; `a_bn`,
 * `b_bn`): an enumeration, which a sort by name keeps in order, unlike T5's `k`, `o`, `q`, `v`, which
 * only the sort put in that order.
 */
export declare function letteredRun(names: readonly string[]): boolean;
