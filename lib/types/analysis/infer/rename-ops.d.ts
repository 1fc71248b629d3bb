/**
 * Step 6b: regex renames that take each remaining key to its target, as few as possible. The renames
 * form a pipeline (each sees the names the previous ones left), so they compose: Detectron2's
 * `layer1` → `res2` and `bn1` → `conv1.norm` are two ops for every block, not one op per block and
 * module. Greedy: every round, the pairs still apart propose renames (rename-candidates.ts) and the
 * one that moves most keys is taken — if it is safe:
 *   - every name it matches belongs to a key still on its way, and brings that key strictly closer to
 *     its target (longer common head + tail: progress from the outside in, so it never undoes one),
 *     writing only text that is the target's own (it lands in the common head or tail);
 *   - it makes no two keys share a name.
 * So no op moves a key it should not, and each matches at least one key. What no general rename
 * reaches ends with exact renames; keys that swap names cannot be expressed and are reported.
 */
import type { PlanOp } from '../op-vocabulary.js';
import { type RenameCandidate } from './rename-candidates.js';
type RenameOp = Extract<PlanOp, {
    op: 'rename';
}>;
export interface RenameOpsResult {
    ops: RenameOp[];
    covers: string[][];
    /** pairs no safe rename expresses (e.g. two keys swapping names) */
    unexpressed: string[];
    /**
     * what the ops make of each name of `universe`, beside it, as the search followed them (every key each
     * op matches moved, no other); and the longest name any of them had on the way (the ops' regexes, run
     * natively on names that long, match as the search's did: regex.ts nativeUpTo)
     */
    final: string[];
    longest: number;
    /**
     * (speed only) per op, the indices of `universe` it moved, ascending, as the search followed them —
     * what a run of the ops over `universe` finds when their regexes match natively as the search's did
     * (merge-renames.ts takes them instead of that run); absent when two names of `universe` are one
     */
    moved?: number[][];
}
export declare function segmentCount(name: string): number;
/** What two names share at each end: whole segments, and the characters those cover (dots included). */
interface Ends {
    /** segments outside the common head and tail (prefix-ops' segmentDistance) */
    distance: number;
    headChars: number;
    tailChars: number;
}
/** The common head and tail of two names (endsOf, as an object). */
export declare function commonEnds(a: string, b: string, na?: number, nb?: number): Ends;
export declare function nameDistance(a: string, b: string, na?: number, nb?: number): number;
/**
 * (speed only) The keys on their way by the numbers of `universe`: goals[u] is the target of the key
 * named universe[u] (undefined: it is not on its way), keys[u] that key. A map of 1,000,000 tuples
 * keyed by key strings, each looked up again by its name, cost more than the rest of the set-up.
 */
export interface NumberedPending {
    goals: readonly (string | undefined)[];
    keys: readonly string[];
}
/**
 * pending: source key → [its name now, its target], or the same by the universe's numbers; universe:
 * the name now of every key present at this point (pending or not — those not pending must not move).
 */
export declare function findRenameOps(pending: ReadonlyMap<string, readonly [string, string]> | NumberedPending, universe: readonly string[], 
/** which general renames may be used at all (partial key sets: only scoped ones); exact renames always may */
allow?: (cand: RenameCandidate) => boolean, 
/**
 * riders: source key → [its name now, a direction]. Keys a split or concat takes as they are named
 * after the renames: a rename may carry them along when it brings them closer to the direction (the
 * module their pieces land in), so the renames of their neighbours stay general; they never need
 * to arrive.
 */
riders?: ReadonlyMap<string, readonly [string, string]>): RenameOpsResult;
export {};
