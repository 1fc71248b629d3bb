import type { TensorFix } from './tensor-ops.js';
import type { Located } from './types.js';
/** One way to build the target from the source: merge neighbouring dims into `merged`, then permute them by `dims`. */
interface Relayout {
    merged: number[];
    dims: number[];
}
/** every merge + permutation that turns `from` into `to` (same element count; `from` has at least as many dims) */
export declare function relayouts(from: readonly number[], to: readonly number[]): Relayout[];
/** a weight named as Flax / TensorFlow name theirs, where the model names it otherwise */
export declare const isForeignKernel: (source: string, target: string) => boolean;
/**
 * Fixes for the pairs in `goals` that a layout explains, replacing what `fixes` had for them (a plain
 * reshape, a [1, 0] transpose of a square: nothing) where the layout says otherwise. Returns the new
 * fixes (a merging reshape, marked `before`, precedes its transpose) and the source keys they settle.
 */
export declare function layoutFixes(goals: ReadonlyMap<string, string>, fixes: readonly TensorFix[], source: ReadonlyMap<string, Located>, target: ReadonlyMap<string, Located>, confidenceOf: (source: string) => number): {
    fixes: TensorFix[];
    settled: Set<string>;
    undecided: string[];
};
export {};
