import type { KeyEntry } from '../formats/keys.js';
import { type ShapeContradiction } from './shape-check.js';
import type { Plan } from './types.js';
import { type GuessedOp } from './guesses.js';
export interface Coverage {
    /** the plan covers the expected keys exactly */
    exact: boolean;
    sources: number;
    expected: number;
    /** source keys a drop op removes */
    dropped: string[];
    /** expected keys the plan leaves missing on purpose (keepMissing) */
    keptMissing: string[];
    /** BatchNorm `num_batches_tracked` counters nothing writes that BatchNorm fills in as it loads (the source's
     * `_metadata` records no BatchNorm version 2 for their modules): plan, diff, apply and check's rule */
    filledCounters: string[];
    /** expected keys nothing writes and nothing declares */
    missing: string[];
    /** source keys left under a name the model does not expect: source → that name */
    unexpected: {
        source: string;
        name: string;
    }[];
    /** the ops' own problems (an op matching nothing, two tensors on one key, a split or transpose its tensor's shape contradicts) and mapping disagreements */
    errors: string[];
    /** the plan's ops that rest on a guess (plan/guesses.ts): exact coverage says nothing of their values (review 17 F2) */
    guesses: GuessedOp[];
    /**
     * EXPECTED's ties (one tensor under several names) the plan writes from separate source tensors, each in EXPECTED's
     * order (plan/tied-writes.ts; the plan's own `tiedApart` too): the model keeps the last one's values, so not exact
     * (review 23 F5). Without the source's storages at hand only the plan's record says it.
     */
    tiedApart: string[][];
    /** source keys the plan itself lists as written as stored although nothing decided their layout (plan.loadsAsStored): not exact */
    loadsAsStored: string[];
    /** whether the written tensors' shapes were held against EXPECTED's, and those of another shape */
    shapes: {
        checked: true;
        source: string;
        contradictions: ShapeContradiction[];
    } | {
        checked: false;
        why: string;
    };
}
/** The source's keys with their shapes (the plan records none), or why there are none to check with. */
export type SourceShapes = {
    file: string;
    entries: readonly KeyEntry[];
    versions?: ReadonlyMap<string, number>;
} | {
    why: string;
};
/** EXPECTED's ties (keys one storage holds; null: it cannot show them) and the source's (null: not at hand). */
export interface CoverageTies {
    target: readonly (readonly string[])[] | null;
    source: readonly (readonly string[])[] | null;
    /** the source's tensors written into a tie, read and grouped by equal bytes (checkpoint/equal-values.ts valueGroups); absent: not read */
    values?: readonly (readonly string[])[] | null;
}
export declare function planCoverage(plan: Plan, expected: readonly KeyEntry[], sourceShapes?: SourceShapes, ties?: CoverageTies): Coverage;
