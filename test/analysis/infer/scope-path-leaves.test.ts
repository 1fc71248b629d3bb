import { describe, expect, test } from 'vitest';
import { inferPlan } from '../../../src/analysis/infer/index.js';
import { leafName } from '../../../src/analysis/infer/synonyms.js';
import type { KeyEntry } from '../../../src/formats/keys.js';

/**
 * s24-verify finding F3: a model whose state-dict keys are TF-slim scope paths (`MobilenetV1/Conv2d_1_depthwise/
 * BatchNorm/beta`: a ported TF model registers its variables under `/` names, which torch allows) against a
 * transformers-style checkpoint (`….normalization.weight/bias/running_mean/running_var`). Every BatchNorm vector of a
 * layer has one shape, so only the leaf names tell gamma from beta from the running statistics; the model's leaves
 * were not read on `/` keys, and 21 of 60 tensors were paired across roles (running_mean into beta, weight into
 * moving_variance), exit 0. The key lists are those of s24-verify's gen_mobilenet_inv.py (6 blocks), in several
 * ported-TF naming styles.
 */
interface Style {
  scope: string;
  leaves: readonly [gamma: string, beta: string, mean: string, variance: string];
  /** the order the model lists a norm's four tensors in (indices into leaves) */
  order: readonly number[];
}
const SLIM: Style = { scope: 'BatchNorm', leaves: ['gamma', 'beta', 'moving_mean', 'moving_variance'], order: [1, 0, 2, 3] };
const STYLES: Record<string, Style> = {
  'TF-slim BatchNorm/ scope, beta listed first (the verify repro)': SLIM,
  'bn/ scope': { scope: 'bn', leaves: ['gamma', 'beta', 'moving_mean', 'moving_variance'], order: [0, 1, 2, 3] },
  'Keras batch_normalization/ scope': { scope: 'batch_normalization', leaves: ['gamma', 'beta', 'moving_mean', 'moving_variance'], order: [0, 1, 2, 3] },
  "torch's leaf names under / scopes": { scope: 'BatchNorm', leaves: ['weight', 'bias', 'running_mean', 'running_var'], order: [0, 1, 2, 3] },
};
const TORCH_LEAVES = ['weight', 'bias', 'running_mean', 'running_var'] as const;

function mobilenet(style: Style, opts: { prefix: string; counters: boolean; blocks?: number }) {
  const source: KeyEntry[] = [];
  const target: KeyEntry[] = [];
  const truth = new Map<string, string>();
  let c = 8;
  for (let i = 1; i <= (opts.blocks ?? 6); i++) {
    const out = i % 2 ? c * 2 : c;
    for (const [kind, k, w] of [
      ['depthwise', 2 * i - 2, [c, 1, 3, 3]],
      ['pointwise', 2 * i - 1, [out, c, 1, 1]],
    ] as const) {
      const hf = `${opts.prefix}layer.${k}`;
      const tf = `MobilenetV1/Conv2d_${i}_${kind}`;
      source.push({ key: `${hf}.convolution.weight`, shape: [...w], dtype: 'float32' });
      target.push({ key: `${tf}/weights`, shape: [...w], dtype: 'float32' });
      truth.set(`${hf}.convolution.weight`, `${tf}/weights`);
      for (const j of style.order) {
        source.push({ key: `${hf}.normalization.${TORCH_LEAVES[j]}`, shape: [w[0]], dtype: 'float32' });
        target.push({ key: `${tf}/${style.scope}/${style.leaves[j]}`, shape: [w[0]], dtype: 'float32' });
        truth.set(`${hf}.normalization.${TORCH_LEAVES[j]}`, `${tf}/${style.scope}/${style.leaves[j]}`);
      }
      if (opts.counters) source.push({ key: `${hf}.normalization.num_batches_tracked`, shape: [], dtype: 'int64' });
    }
    c = out;
  }
  return { source, target, truth };
}

/** the role a leaf plays where it is one of torch's (a TF conv's `weights` has none): gain, shift, mean, variance */
const roleOf = (key: string): string | null => {
  const leaf = leafName(key);
  return (TORCH_LEAVES as readonly string[]).includes(leaf) ? leaf : null;
};

describe('BatchNorm leaves under `/`-scoped model keys are read as under `.` keys (s24-verify F3)', () => {
  test('a TF scope path’s leaf is its last scope, synonyms applied', () => {
    expect(leafName('MobilenetV1/Conv2d_1_depthwise/BatchNorm/beta')).toBe('bias');
    expect(leafName('MobilenetV1/Conv2d_1_depthwise/BatchNorm/gamma')).toBe('weight');
    expect(leafName('MobilenetV1/Conv2d_1_depthwise/BatchNorm/moving_mean')).toBe('running_mean');
    expect(leafName('MobilenetV1/Conv2d_1_depthwise/BatchNorm/moving_variance')).toBe('running_var');
    expect(leafName('block_1/batch_normalization/moving_variance')).toBe('running_var');
    // Caffe2 blob names (no dot, no slash) are read as before
    expect(leafName('res2_0_branch2a_bn_riv')).toBe('running_var');
  });

  for (const [name, style] of Object.entries(STYLES)) {
    for (const opts of [
      { prefix: 'mobilenet_v1.', counters: false },
      { prefix: '', counters: true },
    ]) {
      test(`${name}; checkpoint ${opts.prefix ? `under ${opts.prefix}` : 'at the root'}${opts.counters ? ', with batch counters' : ''}: no tensor crosses a role`, () => {
        const { source, target, truth } = mobilenet(style, opts);
        const r = inferPlan({ source, target });
        const crossed: string[] = [];
        const wrong: string[] = [];
        for (const [s, t] of Object.entries(r.mapping)) {
          if (typeof t !== 'string' || !truth.has(s) || !target.some((e) => e.key === t)) continue;
          if (roleOf(s) !== null && roleOf(t) !== null && roleOf(s) !== roleOf(t)) crossed.push(`${s} → ${t}`);
          if (truth.get(s) !== t) wrong.push(`${s} → ${t}`);
        }
        expect(crossed).toEqual([]);
        expect(wrong).toEqual([]);
        // every BatchNorm vector is placed (the convs' `weights` are named unlike any torch leaf: placed or listed, never crossed)
        const norms = [...truth].filter(([s]) => s.includes('.normalization.'));
        expect(norms.filter(([s, t]) => r.mapping[s] !== t)).toEqual([]);
      });
    }
  }

  test('the verify repro itself: all 60 tensors placed, each in its own slot', () => {
    const { source, target, truth } = mobilenet(SLIM, { prefix: 'mobilenet_v1.', counters: false });
    const r = inferPlan({ source, target });
    expect(r.unmapped).toEqual([]);
    expect(Object.entries(r.mapping).filter(([s, t]) => truth.get(s) !== t)).toEqual([]);
  });
});
