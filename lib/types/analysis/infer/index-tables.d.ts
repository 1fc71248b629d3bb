/**
 * Renames by index table (op-vocabulary.ts: a rename with `table`): a numbered list whose members move
 * by no arithmetic. torchvision's VGG is one flat `features.N` (conv, bn, relu, …, pool) that mmpretrain
 * holds as ConvModules `features.n.conv` / `features.n.bn`, n counting the pools too: conv and bn of one
 * module sit at consecutive N, every stage shifts the offset, so no `${…}` replacement says it and the
 * greedy search (rename-ops.ts) writes one op per module — 57 ops where mmpretrain's converter has one
 * index table. Here the decided pairs are read per list (the text before a key's first index segment):
 * each index whose keys all keep their tail and agree on what replaces `head.N.` is a row. A table is
 * offered only where rows differ in more than their numbers (renumbering is index arithmetic's job), and
 * taken only where it is fewer ops than the renames its keys alone would need.
 * It moves exactly the pairs decided before: the mapping does not change, only how the plan says it.
 */
import { type PlanOp } from '../op-vocabulary.js';
import type { NumberedPending, RenameOpsResult } from './rename-ops.js';
/** source key → [its name now, its target], as a map or by the universe's numbers (rename-ops.ts NumberedPending) */
type Pending = ReadonlyMap<string, readonly [string, string]> | NumberedPending;
type RenameOp = Extract<PlanOp, {
    op: 'rename';
}>;
interface Table {
    op: RenameOp;
    /** source keys it moves, per row in row order */
    covers: string[];
}
/**
 * The tables the pending renames offer: per list head, the rows every pending key of that index agrees
 * on, where no other name of the universe under that index would move.
 */
export declare function indexTables(pending: Pending, universe: readonly string[]): Table[];
/**
 * The renames for `pending`: index tables first and the search's renames (`search`) for the rest, where
 * the tables are fewer ops than the search needs for their keys alone (judged among the names under the
 * tables' lists: the rest is searched once, as without tables); else the search's renames for them all.
 * Either way the ops reproduce exactly the pending pairs.
 */
export declare function withIndexTables(given: Pending, universe: readonly string[], search: (pending: Pending, universe: readonly string[]) => RenameOpsResult): RenameOpsResult;
export {};
