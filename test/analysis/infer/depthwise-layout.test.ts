/**
 * TensorFlow's depthwise kernel [kh, kw, C, 1] (TF-Slim's `depthwise_weights`) is PyTorch's [C, 1, kh, kw]:
 * permuted [2, 3, 0, 1], not HWIO's [3, 2, 0, 1], which gives [1, C, kh, kw], a shape no model holds. The
 * layout view (layout-view.ts) read only HWIO, so MobileNet's depthwise kernels were paired with nothing.
 * Read per parameter class as HWIO is, on at least two witnesses; the transposes of a class permuted
 * otherwise than its neighbours are one op over the indices they have (tensor-ops.ts).
 */
import { describe, expect, test } from 'vitest';
import { inferPlan } from '../../../src/analysis/infer/index.js';
import type { KeyEntry } from '../../../src/formats/keys.js';
import { e } from './layouts.js';

const WIDTHS = [8, 16, 32, 64];

function sides(): { source: KeyEntry[]; target: KeyEntry[] } {
  const source: KeyEntry[] = [];
  const target: KeyEntry[] = [];
  WIDTHS.forEach((c, k) => {
    source.push(e(`Net.block_${k}.depthwise.depthwise_weights`, [3, 3, c, 1]), e(`Net.block_${k}.pointwise.weights`, [1, 1, c, 2 * c]));
    target.push(e(`net.layer.${2 * k}.weight`, [c, 1, 3, 3]), e(`net.layer.${2 * k + 1}.weight`, [2 * c, c, 1, 1]));
  });
  return { source, target };
}

describe("TensorFlow's depthwise kernels", () => {
  test('are paired and permuted [2, 3, 0, 1], in one op for the class', () => {
    const { source, target } = sides();
    const r = inferPlan({ source, target });
    WIDTHS.forEach((_, k) => {
      expect(r.mapping[`Net.block_${k}.depthwise.depthwise_weights`]).toBe(`net.layer.${2 * k}.weight`);
      expect(r.mapping[`Net.block_${k}.pointwise.weights`]).toBe(`net.layer.${2 * k + 1}.weight`);
    });
    const transposes = r.ops.filter((o) => o.op === 'transpose');
    expect(transposes.map((o) => (o as { dims: number[] }).dims).sort()).toEqual([[2, 3, 0, 1], [3, 2, 0, 1]]);
  });
});
