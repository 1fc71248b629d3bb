import type { PlanOp } from '../../src/analysis/op-vocabulary.js';
import { applyOpsToKeys, type Recipe } from '../../src/analysis/op-keys.js';
import type { Family } from './types.js';
import { sameTensor } from './recipe-trace.js';

/**
 * The value half of a pair: a source key the plan sends to the right name but builds the wrong tensor for
 * (no transpose where the truth has one, a transpose of a square matrix the truth keeps, a plain transpose
 * where the truth reshapes per head first) is not a right pair. What each target tensor must be is the
 * family's `recipes` entry, or follows from `transposed` / `reshaped` for a one-to-one pair; where neither
 * decides (splits and joins the family states by name only, a pair whose shapes differ unflagged) the
 * name alone is checked.
 */
export function truthRecipe(f: Family, sourceKey: string, targetKey: string, shapes: Shapes = shapesOf(f)): Recipe | null {
  const given = f.recipes?.[targetKey];
  if (given) return given;
  const v = f.truth[sourceKey];
  if (typeof v !== 'string' || f.joined?.includes(targetKey)) return null;
  const src = shapes.source.get(sourceKey);
  const tgt = shapes.target.get(targetKey);
  if (!src || !tgt) return null;
  const t = f.transposed?.includes(sourceKey) ?? false;
  const r = f.reshaped?.includes(sourceKey) ?? false;
  const of: Recipe = { kind: 'source', key: sourceKey };
  if (t && !r) return src.length === 2 ? { kind: 'transpose', of, dims: [1, 0] } : null;
  if (r && !t) return { kind: 'reshape', of, shape: [...tgt] };
  if (!t && !r && src.length === tgt.length && src.every((d, i) => d === tgt[i])) return of;
  return null;
}

interface Shapes {
  source: ReadonlyMap<string, readonly number[] | null>;
  target: ReadonlyMap<string, readonly number[] | null>;
}

const shapesOf = (f: Family): Shapes => ({ source: new Map(f.source.map((e) => [e.key, e.shape])), target: new Map(f.target.map((e) => [e.key, e.shape])) });

/** source keys of the truth whose every target the plan names right but builds wrong */
export function valueMisses(f: Family, ops: readonly PlanOp[]): Set<string> {
  const out = applyOpsToKeys(ops, f.source);
  const built = new Map(out.outputs.map((o) => [o.key, o.recipe]));
  const shapes = shapesOf(f);
  const wrong = new Set<string>();
  for (const [k, v] of Object.entries(f.truth)) {
    if (v === null) continue;
    for (const t of typeof v === 'string' ? [v] : v) {
      const want = truthRecipe(f, k, t, shapes);
      const got = built.get(t);
      if (want && got && !sameTensor(want, got, shapes.source)) wrong.add(k);
    }
  }
  return wrong;
}
