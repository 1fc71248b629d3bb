/**
 * Leaf names under which a library stores a dense (fully connected) weight [in, out] — PyTorch's Linear
 * holds [out, in] — as a property of the library's naming convention, not of one tensor's shape. A
 * square weight's shape cannot show its layout, so where a checkpoint's variables are named so (a
 * TensorFlow / Flax / Haiku checkpoint: scope paths, or its own leaf names) the convention decides for
 * every weight of the name, square or not, unless a non-square weight of the same name is stored as the
 * model has it (then the convention does not hold here and its squares are listed). Review 26 F6: TF-Slim
 * `weights` whose matrices were all square loaded untransposed at exit 0. One row per name, with its source.
 */
export interface DenseConvention {
    leaf: string;
    source: string;
}
export declare const DENSE_IN_OUT: readonly DenseConvention[];
/** The convention storing a 2-d weight of leaf `leaf` [in, out]; undefined where the name says nothing. */
export declare const denseInOut: (leaf: string) => DenseConvention | undefined;
