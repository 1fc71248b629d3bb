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

export const DENSE_IN_OUT: readonly DenseConvention[] = [
  { leaf: 'kernel', source: 'Keras / TF Dense and Flax nn.Dense kernel [in, out] (keras/layers/core/dense.py: add_weight("kernel", shape=[last_dim, units]); flax/linen/linear.py Dense: (jnp.shape(inputs)[-1], self.features))' },
  { leaf: 'weights', source: "TF-Slim fully_connected weights [in, out] (tf_slim/layers/layers.py fully_connected: weights_shape = [num_input_units, num_outputs])" },
  { leaf: 'w', source: 'Haiku / Sonnet Linear w [in, out] (haiku/_src/basic.py Linear: w_init shape [input_size, output_size]; sonnet/src/linear.py the same)' },
];

const BY_LEAF = new Map(DENSE_IN_OUT.map((r) => [r.leaf, r]));

/** The convention storing a 2-d weight of leaf `leaf` [in, out]; undefined where the name says nothing. */
export const denseInOut = (leaf: string): DenseConvention | undefined => BY_LEAF.get(leaf);
