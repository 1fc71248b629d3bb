import type { TensorFix } from './tensor-ops.js';
import type { Located } from './types.js';
/**
 * What besides the shapes says the source stores its tensors in another library's layout: `sparse`, a
 * sparse-convolution library named by the error text (ErrorReport.sparseLibrary); `foreign`, a TensorFlow /
 * Flax checkpoint (scope paths, or its own variable names: sourceSaysForeign). Without either, a plain
 * weight whose dims are a permutation of the model's stays a size mismatch.
 */
export interface LayoutEvidence {
    sparse: boolean;
    foreign: boolean;
}
/** the source's own names say another library's checkpoint (a converter keeps some of them beside torch's `weight`) */
export declare function sourceSaysForeign(source: ReadonlyMap<string, Located>): boolean;
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
export declare function layoutFixes(goals: ReadonlyMap<string, string>, fixes: readonly TensorFix[], source: ReadonlyMap<string, Located>, target: ReadonlyMap<string, Located>, confidenceOf: (source: string) => number, said?: LayoutEvidence): {
    fixes: TensorFix[];
    settled: Set<string>;
    undecided: string[];
    heldBack: string[];
};
/** a table has no bias (review 9 B3: a square Linear with its own bias under an `emb` name is a Linear) */
export declare const isTable: (side: ReadonlyMap<string, Located>, key: string) => boolean;
/** The length of the 1-d `bias` beside a weight (a Linear's output size), or null when it has none. */
export declare function biasLength(side: ReadonlyMap<string, Located>, weightKey: string): number | null;
/**
 * Square 2-d weights under a plain name (`weight`, not `kernel`) in a checkpoint that stores that name's
 * Linear weights [in, out]: the shapes cannot tell a square, so it follows the checkpoint, but only on
 * evidence that is a layout and not another configuration (review 8 B2: fc1 / fc2 reversed in a model of
 * another width): at least two weights of the name stored reversed whose own biases are their dim 1 on
 * the checkpoint's side and dim 0 on the model's (a Linear's bias is its output size: stored [in, out],
 * the output is dim 1), no Linear of the name stored as the model has it (not square, its bias its dim 0),
 * and no pair anywhere of another size (another model). A bias-less checkpoint gives no such
 * witness: its squares load as stored, and where two or more weights of their name are stored reversed
 * they are returned as `undecided` (listed, so no success is claimed for their values).
 * With `noClasses` (neither side records its modules' classes), a square whose witnesses are all other
 * modules' is no more than a guess: a checkpoint may mix layouts (GPT-2's Conv1D beside an nn.Linear
 * `gate`, s20-verify 4: the gate transposed at 0.60, exit 0, torch wrong with no error). Only a witness of
 * its own module's name (the closest a name comes to its class) transposes it; the rest are `listed`
 * with what would decide them, loaded as stored.
 */
export declare function squaresStoredInOut(goals: ReadonlyMap<string, string>, fixes: readonly TensorFix[], source: ReadonlyMap<string, Located>, target: ReadonlyMap<string, Located>, confidenceOf: (source: string) => number, noClasses?: boolean): {
    fixes: TensorFix[];
    undecided: string[];
    listed: Map<string, string>;
};
export {};
