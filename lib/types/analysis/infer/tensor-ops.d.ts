import type { PlanOp } from '../op-vocabulary.js';
import type { Located, SplitMatch } from './types.js';
export interface TensorFix {
    kind: 'transpose' | 'reshape';
    source: string;
    /** the key's name when the op applies (its target) */
    target: string;
    /** the target's shape (what a reshape gives) */
    shape: number[];
    /** the source's shape, when known */
    from?: number[];
    evidence: string;
    confidence: number;
    /** the shapes cannot tell; the module's name says it (a square Conv1D weight): kept in an op of its own */
    byName?: boolean;
    /** a transpose's permutation (output dim i is input dim dims[i]); [1, 0] when absent */
    dims?: number[];
    /** a reshape that merges dims before the same key's transpose (layout-fixes.ts): its op comes first */
    before?: boolean;
    /** a reversed weight nothing witnesses (judge-shapes.ts): taken to be transposed, said so on its op */
    unwitnessed?: true;
    /**
     * a square weight taken to be transposed like a same-named module's (squareConv1dFixes): that module's weight and
     * name, so that words withdrawing the guess can say what it rested on (class-layouts.ts)
     */
    witness?: {
        key: string;
        module: string;
    };
}
type TensorOp = Extract<PlanOp, {
    op: 'transpose' | 'reshape';
}>;
/** From an error text alone: the square weights a Conv1D checkpoint also stores transposed are never named (their shape reads the same both ways). */
export declare const SQUARE_CONV1D_UNNAMED = "the plan transposes only the weights the error names: a square weight (as GPT-2's `attn.c_proj.weight`) has the same shape either way, so the error never names it; if the checkpoint stores it as a Conv1D too, it loads without an error and with wrong values: give the checkpoint (sdmatch explain CHECKPOINT ERROR.txt), which finds such weights, or check the model's code";
/**
 * The transpose a split of a whole that holds its parts transposed needs first (SplitMatch.transposeFirst:
 * Mistral's `w2` [E·F, D] → [D, E·F], then cut along dim 1), as a fix on the whole's name at that point:
 * it joins the other transposes, one op by pattern for every layer's whole.
 */
export declare function transposeFirstFix(split: Pick<SplitMatch, 'source' | 'confidence'>, name: string, shape: readonly number[] | null): TensorFix | null;
/**
 * +n when `to` is `from` with n dims of size 1 appended (linear → 1×1 conv), −n when the reverse,
 * 0 otherwise (or when a shape is unknown).
 */
export declare function trailingOnes(from: readonly number[] | undefined, to: readonly number[]): number;
/**
 * names: every key's name at the point the ops apply; exact: patterns list the index values they
 * cover instead of `\d+` (partial key sets: a layer the error did not name must not be touched).
 */
export declare function findTensorOps(fixes: readonly TensorFix[], names: readonly string[], exact?: boolean): {
    op: TensorOp;
    covers: string[];
}[];
/**
 * GPT-2's Conv1D stores every weight transposed, but `attn.c_proj` is square, so its shape proves
 * nothing. A square 2-D weight is taken to be transposed too when, in the same indexed block, a
 * module of the same name (`mlp.c_proj`) has a weight whose shape proves it.
 */
export declare function squareConv1dFixes(fixes: readonly TensorFix[], goals: ReadonlyMap<string, string>, source: ReadonlyMap<string, Located>, target: ReadonlyMap<string, Located>): TensorFix[];
/** A parameter held bare by its module (`text_projection`, `visual.proj`), not a layer's `weight`. */
export declare function isBareMatrix(key: string): boolean;
/**
 * A bare 2-D parameter used as `x @ P` (CLIP's `text_projection`, `visual.proj`) becomes an
 * nn.Linear's weight, which computes `x @ W.T`: stored transposed (and a Linear weight becoming a
 * bare matrix, the same way back). A square one's shape proves nothing, so it follows what the
 * checkpoint's other bare matrices that became weights (or came from them) show, those named for the
 * same job first: when every one whose shape can tell was transposed, the square one is taken to be
 * too; when one of them kept its layout, the checkpoint contradicts the convention and the square one
 * is undecided (listed, loaded as stored). With no such matrix at all (both of CLIP's projections square,
 * as when the embed dim is the width), the convention alone decides: a bare matrix is what code
 * multiplies as `x @ P` (a parameter meant for nn.Linear's `x @ W.T` would be a Linear's `weight`), so
 * it is transposed — said as that assumption, at the confidence of a guess, never silently left as stored.
 */
export declare function squareProjectionFixes(fixes: readonly TensorFix[], goals: ReadonlyMap<string, string>, source: ReadonlyMap<string, Located>): {
    fixes: TensorFix[];
    undecided: string[];
};
/** Why a TensorFlow checkpoint's square 2-d variable is listed (squareKernelFixes' `undecided`) */
export declare const TF_SQUARE_UNDECIDED = "values unverified: transpose? a square 2-d variable of a TensorFlow checkpoint, which stores dense kernels [in, out] (a Linear weight is [out, in]); its shape reads the same both ways, and neither its name's convention (one of its name here is stored as the model has it, or its name has none) nor two non-square variables here, all stored transposed, decide it: loaded as stored, which may be transposed; compare it with a trusted conversion";
/**
 * Square 2-d variables of a TensorFlow checkpoint (`tfLayout`, scope-paths.ts): TF stores a dense
 * kernel [in, out], PyTorch's Linear weight [out, in], so the converters transpose every 2-d variable
 * but the embedding tables. A square one's shape cannot say. Its name's convention can (dense-conventions.ts:
 * Keras `kernel`, TF-Slim `weights`, Haiku `w` are [in, out] whatever their shape), unless a non-square
 * weight of that name here is stored as the model has it; else the checkpoint's other 2-d variables can:
 * when at least two non-square ones are paired and every one of them (embeddings aside) is transposed,
 * the square ones are taken to be transposed too, said as resting on that. A square neither decides is
 * returned `undecided` (listed, loaded as stored: review 26 F6, never renamed silently); Keras kernels are
 * left to the layout stage, which reads them by their library's order.
 */
export declare function squareKernelFixes(fixes: readonly TensorFix[], goals: ReadonlyMap<string, string>, source: ReadonlyMap<string, Located>, target: ReadonlyMap<string, Located>): {
    fixes: TensorFix[];
    undecided: string[];
};
export {};
