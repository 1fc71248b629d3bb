/**
 * A Keras Sequential VGG (13 convs, 3 denses) as Keras names its layers — `conv2d`, `conv2d_1` … `conv2d_12`,
 * `dense`, `dense_1`, `dense_2`, the number the creation index — beside the torch port's `features.{i}` /
 * `classifier.{i}` (review 26 F2, F9a). Each layer: its Keras name, its kernel's shape (HWIO, [in, out]), its
 * bias's, the torch module it is and that module's weight shape.
 */
const WIDTHS = [8, 8, 16, 16, 32, 32, 32, 64, 64, 64, 64, 64, 64];
const AT = [0, 2, 5, 7, 10, 12, 14, 17, 19, 21, 24, 26, 28];

export const f32 = (key: string, shape: number[]) => ({ key, shape, dtype: 'float32' as const });

export interface KerasLayer {
  name: string;
  kernel: number[];
  bias: number[];
  home: string;
  weight: number[];
}

export const KERAS_VGG: readonly KerasLayer[] = [
  ...WIDTHS.map((c, j) => {
    const cin = j ? WIDTHS[j - 1]! : 3;
    return { name: j ? `conv2d_${j}` : 'conv2d', kernel: [3, 3, cin, c], bias: [c], home: `features.${AT[j]}`, weight: [c, cin, 3, 3] };
  }),
  ...[[3136, 32], [32, 32], [32, 10]].map(([i, o], j) => ({ name: j ? `dense_${j}` : 'dense', kernel: [i!, o!], bias: [o!], home: `classifier.${3 * j}`, weight: [o!, i!] })),
];

/** the layers as h5py lists an .h5 file's groups: by name (`conv2d_10` before `conv2d_2`) */
export const H5_ORDER: readonly KerasLayer[] = [...KERAS_VGG].sort((a, b) => (a.name < b.name ? -1 : 1));

/** the torch port's keys and shapes, in its state_dict order */
export const KERAS_VGG_TARGET = KERAS_VGG.flatMap((l) => [f32(`${l.home}.weight`, l.weight), f32(`${l.home}.bias`, l.bias)]);
