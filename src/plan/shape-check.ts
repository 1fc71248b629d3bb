/**
 * plan check's shapes: the plan's ops are run over the source's shapes by the executor apply runs
 * (applyOpsToKeys, in planCoverage), and the tensors they make are held against EXPECTED's shapes with
 * the comparison apply's target check uses (diffKeys): each tensor of another shape is a load apply
 * would refuse. Each is named with the op that last gave it its shape, found by running the ops one at
 * a time over just the source keys such tensors come from (none when it keeps the source's own shape).
 */
import { diffKeys } from '../analysis/diff.js';
import { applyOpsToKeys, type OutputTensor } from '../analysis/op-keys.js';
import { describeOp, type PlanOp } from '../analysis/op-vocabulary.js';
import type { KeyEntry } from '../formats/keys.js';

export interface ShapeContradiction {
  /** the key the ops write */
  key: string;
  /** the shape the ops give it */
  have: number[];
  /** the shape EXPECTED gives it */
  want: number[];
  /** `ops[i] (…)`: the op that last gave it its shape; null when it is the source tensor's own shape */
  op: string | null;
  /** the source keys it is made from */
  from: string[];
}

/** `run`: what applyOpsToKeys(ops, source) gave (its outputs, and its errors: ops that failed changed nothing). */
export function shapeContradictions(ops: readonly PlanOp[], source: readonly KeyEntry[], run: { outputs: readonly OutputTensor[]; errors: readonly string[] }, expected: readonly KeyEntry[]): ShapeContradiction[] {
  const { outputs } = run;
  const made = outputs.map((o) => ({ key: o.key, shape: o.shape, dtype: null }));
  const wrong = diffKeys(made, expected, { ignoreDtype: true }).shapeMismatch;
  if (wrong.length === 0) return [];
  const fromOf = new Map(outputs.map((o) => [o.key, o.sources]));
  const involved = new Set(wrong.flatMap((m) => fromOf.get(m.key) ?? []));
  // an op that failed over every key left them as they were; over a few it may not fail: it is not run
  const failed = new Set(run.errors.map((e) => /^ops\[(\d+)\]/.exec(e)?.[1]).filter((i) => i !== undefined).map(Number));
  const shapers = lastShapingOps(ops.map((op, i) => (failed.has(i) ? null : op)), source.filter((e) => involved.has(e.key)));
  return wrong.map((m) => ({ key: m.key, have: m.source, want: m.expected, op: shapers.get(m.key) ?? null, from: [...(fromOf.get(m.key) ?? [])] }));
}

/**
 * Final key → the op that last changed its tensor's shape or made it (a split, concat, stack), the ops
 * run one by one over `source`: a name op or a tie keeps each tensor as it was (its recipe is the
 * source's), every other op makes a new shape. Over a subset of the source keys, ops that concern none
 * of them match nothing here: their errors are planCoverage's to report, not this attribution's.
 */
function lastShapingOps(ops: readonly (PlanOp | null)[], source: readonly KeyEntry[]): Map<string, string> {
  let items = source.map((e) => ({ key: e.key, shape: e.shape, by: null as string | null }));
  ops.forEach((op, i) => {
    if (op === null) return;
    const before = new Map(items.map((it) => [it.key, it]));
    const r = applyOpsToKeys([op], items.map((it) => ({ key: it.key, shape: it.shape, dtype: null })));
    items = r.outputs.map((o) => ({
      key: o.key,
      shape: o.shape,
      by: o.recipe.kind === 'source' ? before.get(o.recipe.key)?.by ?? null : `ops[${i}] (${describeOp(op)})`,
    }));
  });
  const out = new Map<string, string>();
  for (const it of items) if (it.by !== null) out.set(it.key, it.by);
  return out;
}
