/** How two tensors' shapes and dtypes relate: the hard constraint on every match. */
import type { DType } from '../../formats/dtype.js';
import { type KeyEntry } from '../../formats/keys.js';
/**
 * equal; transposed (2-D, reversed, Conv1D vs Linear); reshaped (the same sizes once dims of size 1
 * are left out: `[768]` vs `[1, 1, 768]`, a 1×1 conv `[C, C, 1, 1]` vs a linear `[C, C]`);
 * unknown (a side does not say); different.
 */
export type ShapeRelation = 'equal' | 'transposed' | 'reshaped' | 'unknown' | 'different';
/** The dims that are not 1, in order. */
export declare function squeezed(shape: readonly number[]): number[];
export declare function shapeRelation(a: readonly number[] | null, b: readonly number[] | null): ShapeRelation;
/**
 * A layer with another number of outputs and the same inputs: its rows differ (the first dimension),
 * its input channels do not; a conv's kernel may differ too (a 3×3 head replaced by a 1×1 one is still
 * a head to re-initialise). A 1-D tensor (a bias) differs in its only dimension.
 */
export declare function outputsDiffer(m: {
    source: readonly number[];
    expected: readonly number[];
}): boolean;
/**
 * A convolution whose outputs and inputs are the same and whose kernel alone differs (a 3×3 head conv where
 * the model builds a 1×1 one): the layer is built another way, the same classes and the same features.
 */
export declare function kernelOnlyDiffers(m: {
    source: readonly number[];
    expected: readonly number[];
}): boolean;
export declare function formatShape(s: readonly number[] | null): string;
/**
 * load_state_dict casts floats to the parameter's dtype, so float16 vs float32 is no obstacle; an
 * integer buffer (num_batches_tracked) never corresponds to a float parameter.
 */
export declare function dtypesCompatible(a: DType | null, b: DType | null): boolean;
/** Shapes and dtypes allow the two tensors to be one (possibly transposed). */
export declare function canCorrespond(a: KeyEntry, b: KeyEntry): boolean;
/**
 * A string equal for shapes that can correspond (equal up to a 2-D transpose or to dims of size 1):
 * blocks group candidates by it.
 */
export declare function shapeClass(e: KeyEntry): string;
