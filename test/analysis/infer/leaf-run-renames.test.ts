/**
 * Keys with no segment in common (TF-slim's `Conv2d_1_depthwise.BatchNorm.beta` against HF's
 * `layer.0.normalization.bias`) were one exact rename each: every rename the search proposed spanned the
 * whole key. The run's last segment is now proposed alone too (rename-candidates.ts leafRun): the parameter
 * renamed wherever it occurs (`beta` → `bias`), then the heads, not one op per key. The heads were one per block;
 * since an index inside a scope name is read (index-arithmetic.ts innerIndexPass), `Conv2d_{i}_pointwise` → `layer.{i-1}`
 * is one templated rename.
 */
import { describe, expect, test } from 'vitest';
import { inferPlan } from '../../../src/analysis/infer/index.js';
import type { KeyEntry } from '../../../src/formats/keys.js';
import { e } from './layouts.js';

const BLOCKS = 6;
const BN: [string, string][] = [['beta', 'bias'], ['gamma', 'weight'], ['moving_mean', 'running_mean'], ['moving_variance', 'running_var']];

function sides(): { source: KeyEntry[]; target: KeyEntry[]; truth: Record<string, string> } {
  const source: KeyEntry[] = [];
  const target: KeyEntry[] = [];
  const truth: Record<string, string> = {};
  for (let b = 0; b < BLOCKS; b++) {
    const c = 8 * (b + 1);
    for (const [s, t] of BN) {
      const from = `Net.Conv2d_${b + 1}_pointwise.BatchNorm.${s}`;
      const to = `net.layer.${b}.normalization.${t}`;
      source.push(e(from, [c]));
      target.push(e(to, [c]));
      truth[from] = to;
    }
  }
  return { source, target, truth };
}

describe('a run of segments that ends both keys', () => {
  test('its parameter names are renamed once for every block, then the heads', () => {
    const { source, target, truth } = sides();
    const r = inferPlan({ source, target });
    for (const [from, to] of Object.entries(truth)) expect(r.mapping[from]).toBe(to);
    // at most a prefix op, four parameter renames and one head per block; before: one exact rename per key (25 ops)
    expect(r.ops.length).toBeLessThanOrEqual(1 + BN.length + BLOCKS);
    // the parameter renamed once for every block (`(^|\.)beta$`, or with the run's module, `(^|\.)BatchNorm\.beta$`)
    expect(r.ops.some((o) => o.op === 'rename' && o.pattern.startsWith('(^|\\.)') && o.pattern.endsWith('beta$') && !/\d/.test(o.pattern))).toBe(true);
    // the heads: one templated rename since the index inside `Conv2d_{i}_pointwise` is read (inner-index.test.ts), was one per block
    expect(r.ops.filter((o) => o.op === 'rename' && o.pattern.includes('Conv2d_'))).toHaveLength(1);
  });
});
