/**
 * A TensorFlow scope whose name has an underscore of its own before the index glued to it (TF-slim's
 * `expanded_conv_4`, Keras' `batch_normalization_3`) is a layer of a repeated kind like `block_000`: read
 * as `expanded_conv.4`, its blocks are a list the matcher aligns with the target's (index arithmetic), not
 * sixteen unrelated names whose look-alike parts were paired by shape alone, across blocks and within them.
 */
import { describe, expect, test } from 'vitest';
import { inferPlan } from '../../../src/analysis/infer/index.js';
import { dottedScopePath } from '../../../src/analysis/infer/scope-paths.js';
import type { KeyEntry } from '../../../src/formats/keys.js';
import { e } from './layouts.js';

/** TF-slim inverted residuals `Net/expanded_conv_K` (K from 1, keys sorted as a TF listing sorts them) and the torch model's `layer.K−1` */
function slimBlocks(widths: readonly number[]): { source: KeyEntry[]; target: KeyEntry[] } {
  const source: KeyEntry[] = [];
  const target: KeyEntry[] = [];
  let inC = 4;
  widths.forEach((outC, i) => {
    const ex = inC * 2;
    const convs: [string, string, number[], number[], number][] = [
      ['expand', 'expand_1x1', [1, 1, inC, ex], [ex, inC, 1, 1], ex],
      ['depthwise', 'conv_3x3', [3, 3, ex, 1], [ex, 1, 3, 3], ex],
      ['project', 'reduce_1x1', [1, 1, ex, outC], [outC, ex, 1, 1], outC],
    ];
    for (const [tf, hf, tfShape, hfShape, c] of convs) {
      const s = `Net/expanded_conv_${i + 1}/${tf}`;
      source.push(e(`${s}/${tf === 'depthwise' ? 'depthwise_weights' : 'weights'}`, tfShape));
      for (const p of ['beta', 'gamma', 'moving_mean', 'moving_variance']) source.push(e(`${s}/BatchNorm/${p}`, [c]));
      const t = `layer.${i}.${hf}`;
      target.push(e(`${t}.convolution.weight`, hfShape));
      for (const p of ['weight', 'bias', 'running_mean', 'running_var']) target.push(e(`${t}.normalization.${p}`, [c]));
    }
    inC = outC;
  });
  source.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { source, target };
}

describe('TensorFlow scopes named with underscores before their index', () => {
  test('read as name and index like block_000; a name with digits or a number inside stays one scope', () => {
    expect(dottedScopePath('MobilenetV2/expanded_conv_4/expand/weights')).toBe('MobilenetV2.expanded_conv.4.expand.weights');
    expect(dottedScopePath('model/batch_normalization_12/gamma')).toBe('model.batch_normalization.12.gamma');
    expect(dottedScopePath('decoder/block_010/layer_001/k')).toBe('decoder.block.10.layer.1.k');
    for (const kept of ['MobilenetV1/Conv2d_1_depthwise/depthwise_weights', 'Net/Conv2d_0/weights', 'Net/conv_1x1/weights', 'Net/_1/w', 'Net/a__/w']) {
      expect(dottedScopePath(kept)).toBe(kept.replaceAll('/', '.'));
    }
  });

  test('blocks numbered from 1 pair with the list from 0, each part with its namesake, though twins share every shape', () => {
    const { source, target } = slimBlocks([8, 8, 8, 12, 12, 12, 12, 16, 16, 16, 16, 20]);
    const r = inferPlan({ source, target });
    const leftover = new Set(r.leftover);
    const wrong = Object.entries(r.mapping).filter(([k, v]) => {
      if (leftover.has(k)) return false;
      const m = /^Net\/expanded_conv_(\d+)\/(\w+)\/(\w+)(?:\/(\w+))?$/.exec(k)!;
      const hf = { expand: 'expand_1x1', depthwise: 'conv_3x3', project: 'reduce_1x1' }[m[2]!];
      const leaf = m[3] === 'BatchNorm' ? `normalization.${{ beta: 'bias', gamma: 'weight', moving_mean: 'running_mean', moving_variance: 'running_var' }[m[4]!]}` : 'convolution.weight';
      return v !== null && v !== `layer.${Number(m[1]) - 1}.${hf}.${leaf}`;
    });
    expect(wrong).toEqual([]);
    // the BatchNorm vectors of every block, twins included, are paired
    for (let k = 1; k <= 12; k++) expect(r.mapping[`Net/expanded_conv_${k}/expand/BatchNorm/gamma`]).toBe(`layer.${k - 1}.expand_1x1.normalization.weight`);
  });
});
