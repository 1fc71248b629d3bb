/**
 * Review 26 F9a (and F2 with TensorFlow's output index): Keras names its variables with the output index TF
 * appends (`conv2d_10/kernel:0`, `conv2d_10/bias:0`), as `model.weights` and h5 dumps spell them. The index is no
 * part of the name (transformers' converters drop it): before, `kernel:0` was renamed to `weight` but `bias:0`
 * never to `bias`, so every bias was left missing and a plain Keras dump never loaded.
 */
import { describe, expect, test } from 'vitest';
import { inferPlan } from '../../../src/analysis/infer/index.js';
import { applyOpsToKeys } from '../../../src/analysis/op-keys.js';
import { f32, H5_ORDER, KERAS_VGG, KERAS_VGG_TARGET, type KerasLayer } from './keras-vgg.js';

const keras = (order: readonly KerasLayer[]) => order.flatMap((l) => [f32(`${l.name}/kernel:0`, l.kernel), f32(`${l.name}/bias:0`, l.bias)]);

describe('TensorFlow output indices (`:0`) are dropped with the scope paths they end', () => {
  for (const [listing, order] of [
    ['in creation order', KERAS_VGG],
    ['as an .h5 file lists them (groups by name: conv2d_10 before conv2d_2)', H5_ORDER],
  ] as const) {
    test(`every kernel and every bias placed, each in its own layer (${listing})`, () => {
      const source = keras(order);
      const r = inferPlan({ source, target: KERAS_VGG_TARGET });
      expect(r.leftover).toEqual([]);
      expect(r.unmapped).toEqual([]);
      for (const l of KERAS_VGG) {
        expect(r.mapping[`${l.name}/kernel:0`]).toBe(`${l.home}.weight`);
        expect(r.mapping[`${l.name}/bias:0`]).toBe(`${l.home}.bias`);
      }
      // the ops themselves make those names from the file's (not only the mapping says so)
      const run = applyOpsToKeys(r.ops, source);
      expect(run.errors).toEqual([]);
      for (const l of KERAS_VGG) expect(run.mapping[`${l.name}/bias:0`]).toBe(`${l.home}.bias`);
    });
  }
});
