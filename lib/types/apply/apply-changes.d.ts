import type { KeyEntry } from '../formats/keys.js';
import { type OutputTensor } from '../analysis/op-keys.js';
import type { Plan } from '../plan/types.js';
export interface KeyChanges {
    /** output tensors in output order */
    outputs: OutputTensor[];
    /** kept under their own name, bytes untouched */
    kept: string[];
    renamed: {
        from: string;
        to: string;
    }[];
    /** output key ← the output that shares its tensor (a tie, a copy op): a second name, no second tensor */
    tied: {
        from: string;
        to: string;
    }[];
    dropped: string[];
    /** output key ← source key, permutation (and a reshape, if any, after or before it) */
    transposed: {
        from: string;
        to: string;
        dims: number[];
    }[];
    /** output key ← source key viewed with another shape (same elements, same order) */
    reshaped: {
        from: string;
        to: string;
        shape: number[];
    }[];
    split: {
        from: string;
        into: string[];
    }[];
    concat: {
        from: string[];
        into: string;
        stacked?: true;
    }[];
    /** target keys the plan leaves without a source */
    missing: string[];
    /** source → mapping value the ops produce */
    mapping: Record<string, string | string[] | null>;
}
/** How many source tensors' bytes must be read and rebuilt (transpose, split, concat). */
export declare function rebuilds(c: KeyChanges): number;
/**
 * Runs the plan's ops over the source's keys. Ops that match nothing, collisions, impossible
 * transposes/splits are errors naming the plan file: a plan that does not do what it says is refused.
 */
export declare function planKeyChanges(plan: Plan, planFile: string, source: readonly KeyEntry[]): KeyChanges;
