/**
 * Step 6c: the rename pipeline said in fewer ops. The greedy search (rename-ops.ts) takes one rename per
 * round, for the keys still apart then, so it can say one rule twice: LeViT's stage 2 as
 * `^blocks\.(16|18|20|22)\.` and `^blocks\.(15|17|19|21|23)\.` with one replacement; MobileNet's
 * `layer2` … `layer7` each with its own copy of one rename; a rename a later, wider one repeats
 * (`^stages\.(\d+)\.(\d+)\.m\.` → `…block.` before `(^|\.)m\.` → `$1block.`). Here ops are merged
 * (rename-templates.ts mergedRename: a union of alternations, a literal a group takes, literals the
 * replacement copies captured as one group) or one is left out, each change kept only when the whole
 * pipeline, run again over the keys it can touch, names every key exactly as before. Then no key, on the
 * way, holds a name another key holds either (what a script renaming a dict op by op would lose): each op
 * names a key by its name alone, so two keys that met would end alike, and the search's ends are
 * distinct. The mapping never changes, only how many ops say it.
 */
import { type PlanOp } from '../op-vocabulary.js';
type RenameOp = Extract<PlanOp, {
    op: 'rename';
}>;
export interface MergedRenames {
    ops: RenameOp[];
    /** per op, the universe's indices it renames, ascending */
    moved: number[][];
    /** the longest name any key holds on the way */
    longest: number;
}
/**
 * The renames `ops` merged where that changes nothing they do to `universe` (every key's name before
 * them), whose names after them are `final`; null when nothing merges. `followed` (speed only): what the
 * run below would find — per op, the indices of `universe` it moves, ascending, and the longest name
 * on the way — when the caller knows it (the search's own moves, rename-ops.ts `moved`, where the ops'
 * regexes match natively as the search's did); then that run over every key is spared.
 */
export declare function mergeRenames(ops: readonly RenameOp[], universe: readonly string[], final: readonly string[], followed?: {
    moved: readonly (readonly number[])[];
    longest: number;
}): MergedRenames | null;
export {};
