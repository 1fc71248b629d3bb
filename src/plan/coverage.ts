/**
 * `sdmatch plan check PLAN EXPECTED`: does the plan cover the model exactly? Its ops are run over the
 * source keys it records (its mapping's keys) and the result is held against the expected key set:
 * - every source key is consumed: it lands on keys the model expects, or a drop op removes it — none is
 *   left over under a name the model does not expect;
 * - every expected key is written exactly once, or stays missing because the plan declares it may
 *   (`keepMissing`, `--keep-missing`);
 * - the ops run cleanly (each matches a key, no two tensors land on one key) and the stored mapping is
 *   what they give.
 * Only names are checked: the plan records no shapes (apply checks them on the real checkpoint).
 */
import { applyOpsToKeys } from '../analysis/op-keys.js';
import type { KeyEntry } from '../formats/keys.js';
import { keptMissingBy } from './edit.js';
import type { Plan } from './types.js';
import { checkPlanConsistency } from './validate.js';

export interface Coverage {
  /** the plan covers the expected keys exactly */
  exact: boolean;
  sources: number;
  expected: number;
  /** source keys a drop op removes */
  dropped: string[];
  /** expected keys the plan leaves missing on purpose (keepMissing) */
  keptMissing: string[];
  /** expected keys nothing writes and nothing declares */
  missing: string[];
  /** source keys left under a name the model does not expect: source → that name */
  unexpected: { source: string; name: string }[];
  /** the ops' own problems (an op matching nothing, two tensors on one key) and mapping disagreements */
  errors: string[];
}

export function planCoverage(plan: Plan, expected: readonly KeyEntry[]): Coverage {
  const source: KeyEntry[] = Object.keys(plan.mapping).map((key) => ({ key, shape: null, dtype: null }));
  const { mapping, outputs, errors } = applyOpsToKeys(plan.ops, source);
  const problems = [...errors, ...checkPlanConsistency(plan, source).filter((p) => !errors.includes(p))];
  const want = new Set(expected.map((e) => e.key));
  const written = new Set(outputs.map((o) => o.key));
  const unwritten = expected.map((e) => e.key).filter((k) => !written.has(k));
  const keptMissing = keptMissingBy(plan.keepMissing ?? [], unwritten);
  const kept = new Set(keptMissing);
  const unexpected: Coverage['unexpected'] = [];
  const dropped: string[] = [];
  for (const s of Object.keys(mapping)) {
    const v = mapping[s];
    if (v === null || v === undefined) dropped.push(s);
    else for (const name of typeof v === 'string' ? [v] : v) if (!want.has(name)) unexpected.push({ source: s, name });
  }
  const missing = unwritten.filter((k) => !kept.has(k));
  return {
    exact: problems.length === 0 && missing.length === 0 && unexpected.length === 0,
    sources: source.length,
    expected: want.size,
    dropped,
    keptMissing,
    missing,
    unexpected,
    errors: problems,
  };
}
