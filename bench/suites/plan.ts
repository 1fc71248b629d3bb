import { inferPlan } from '../../src/analysis/infer/index.js';
import { FAMILIES } from '../families/index.js';
import { scorePlan } from './plan-score.js';
import { floor, info, ms, pct, type Suite, type SuiteResult } from './suite.js';

/**
 * Issue 4, quality: inferPlan on every rename family with ground truth from public conversion code.
 * Precision and recall of the key mapping, micro-averaged over all pairs of all families, and the
 * number of ops against the patterns a person would write. A family whose inference throws is
 * scored as predicting nothing (its pairs still count as expected), never skipped.
 */

const PRECISION_FLOOR = 0.99;
const RECALL_FLOOR = 0.95;
const OPS_PER_PATTERN = 2;

interface FamilyRow {
  name: string;
  keys: [number, number];
  patterns: number;
  ops: number | null;
  ms: number;
  correct: number;
  predicted: number;
  expected: number;
  precision: number;
  recall: number;
  error?: string;
}

function runFamily(make: (typeof FAMILIES)[number]): FamilyRow {
  const f = make();
  const base = { name: f.name, keys: [f.source.length, f.target.length] as [number, number], patterns: f.patterns };
  globalThis.gc?.();
  const t0 = performance.now();
  try {
    const result = inferPlan({ source: f.source, target: f.target });
    const elapsed = performance.now() - t0;
    const s = scorePlan(f.truth, result);
    return { ...base, ops: result.ops.length, ms: elapsed, ...s };
  } catch (e) {
    const expected = Object.keys(f.truth).length;
    return { ...base, ops: null, ms: performance.now() - t0, correct: 0, predicted: 0, expected, precision: NaN, recall: 0, error: (e as Error).message };
  }
}

function failures(r: FamilyRow): string {
  if (r.error) return `error: ${r.error}`;
  const bad: string[] = [];
  if (r.precision < PRECISION_FLOOR) bad.push('precision');
  if (r.recall < RECALL_FLOOR) bad.push('recall');
  if (r.ops !== null && r.ops > OPS_PER_PATTERN * r.patterns) bad.push('ops');
  return bad.length ? `below: ${bad.join(', ')}` : 'ok';
}

export const planSuite: Suite = {
  name: 'plan',
  describe: 'inferPlan precision / recall / ops on every rename family',
  run(): SuiteResult {
    const rows = FAMILIES.map(runFamily);
    const sum = (f: (r: FamilyRow) => number): number => rows.reduce((a, r) => a + f(r), 0);
    const correct = sum((r) => r.correct);
    const predicted = sum((r) => r.predicted);
    const expected = sum((r) => r.expected);
    const precision = predicted === 0 ? 1 : correct / predicted;
    const recall = expected === 0 ? 1 : correct / expected;
    const tooManyOps = rows.filter((r) => r.ops === null || r.ops > OPS_PER_PATTERN * r.patterns);
    return {
      status: 'ok',
      tables: [{
        title: 'plan quality: inferPlan per rename family (per-family floors shown for reading; the issue\'s P/R floors are overall)',
        head: ['family', 'keys src / tgt', 'precision', 'recall', 'correct / pred / truth', 'ops', 'patterns', 'time', 'per family'],
        rows: [
          ...rows.map((r) => [
            r.name, `${r.keys[0]} / ${r.keys[1]}`, pct(r.precision), pct(r.recall), `${r.correct} / ${r.predicted} / ${r.expected}`,
            r.ops ?? 'n/a', r.patterns, ms(r.ms), failures(r),
          ]),
          ['overall (micro)', '', pct(precision), pct(recall), `${correct} / ${predicted} / ${expected}`, sum((r) => r.ops ?? 0), sum((r) => r.patterns), ms(sum((r) => r.ms)), ''],
        ],
      }],
      floors: [
        floor('plan precision (all families, micro)', precision, '', '>=', PRECISION_FLOOR),
        floor('plan recall (all families, micro)', recall, '', '>=', RECALL_FLOOR),
        {
          ...floor(`plan families with ops > ${OPS_PER_PATTERN} × patterns`, tooManyOps.length, '', '<=', 0),
          ...(tooManyOps.length ? { note: tooManyOps.map((r) => `${r.name} (${r.ops ?? 'error'} ops, ${r.patterns} patterns)`).join(', ') } : {}),
        },
        info('plan time, all families', sum((r) => r.ms), 'ms'),
      ],
      data: { rows, overall: { precision, recall, correct, predicted, expected } },
    };
  },
};
