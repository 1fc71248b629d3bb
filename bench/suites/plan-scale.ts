import { inferPlan } from '../../src/analysis/infer/index.js';
import { MOE_PATTERNS, moeLayout } from '../families/index.js';
import { scorePlan } from './plan-score.js';
import { floor, info, ms, pct, type Suite, type SuiteResult } from './suite.js';

/**
 * Issue 4, scale: inferPlan on the MoE layout (Mixtral names vs Qwen2-MoE names, just over 100,000 keys
 * per side) in under 5 s. Measured in this process, first run, after a GC: the same cold-ish cost a
 * `sdmatch plan` would pay after reading both sides.
 */

const TIME_FLOOR_MS = 5000;

export const planScaleSuite: Suite = {
  name: 'plan-scale',
  describe: 'inferPlan on two 100,000-key sources (MoE layout)',
  run(): SuiteResult {
    const layout = moeLayout();
    globalThis.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    const result = inferPlan({ source: layout.source, target: layout.target });
    const elapsed = performance.now() - t0;
    const heapAfter = process.memoryUsage().heapUsed;
    const s = scorePlan(layout.truth, result);
    return {
      status: 'ok',
      tables: [{
        title: 'plan scale: inferPlan on the MoE layout (one in-process run)',
        head: ['keys src / tgt', 'time', 'precision', 'recall', 'ops', 'patterns', 'leftover', 'unmapped', 'heap growth'],
        rows: [[
          `${layout.source.length} / ${layout.target.length}`, ms(elapsed), pct(s.precision), pct(s.recall), result.ops.length, MOE_PATTERNS,
          result.leftover.length, result.unmapped.length, `${((heapAfter - heapBefore) / 2 ** 20).toFixed(0)} MiB`,
        ]],
      }],
      floors: [
        floor('plan scale time (100k keys)', elapsed, 'ms', '<', TIME_FLOOR_MS),
        info('plan scale precision', s.precision, ''),
        info('plan scale recall', s.recall, ''),
      ],
      data: { keys: [layout.source.length, layout.target.length], ms: elapsed, score: s, ops: result.ops, leftover: result.leftover.length, unmapped: result.unmapped.length },
    };
  },
};
