/**
 * What the plan's ops make of every tensor's shape, held against the model's: a plan that names a key
 * right but leaves it in the wrong shape (a transpose it lacks, a pattern that missed a look-alike block)
 * fails a strict load as surely as a missing key. Run on the ops themselves, so nothing the stages
 * decided on the way can hide it. Only keys whose shapes both sides give are checked.
 */
import { visitOutputs } from '../op-keys.js';
import { isNameOp, type PlanOp } from '../op-vocabulary.js';
import type { SizeMismatch } from './index.js';
import type { Located } from './types.js';
import { sameShape } from '../../formats/keys.js';

/**
 * Target keys the ops produce with another shape than the model's, as size mismatches (the shape after
 * the ops on the checkpoint's side), except those in `known` (already said: another size, a position
 * table). mapping: what the ops make of each key's name (settle's); read when every op is a name op.
 */
export function shapesAfterOps(
  ops: readonly PlanOp[],
  sourceKeys: readonly string[],
  source: ReadonlyMap<string, Located>,
  target: ReadonlyMap<string, Located>,
  mapping: Readonly<Record<string, string | string[] | null>>,
  known: ReadonlySet<string>,
): SizeMismatch[] {
  const out: SizeMismatch[] = [];
  // from: the source key, or the keys a tensor is made of (joined only for a mismatch: 100,000 checks at scale)
  const check = (from: string | readonly string[], to: string, shape: readonly number[] | null) => {
    const want = target.get(to)?.shape;
    if (!shape || !want || known.has(to) || sameShape(shape, want)) return;
    out.push({ source: typeof from === 'string' ? from : from.join(' + '), target: to, sourceShape: [...shape], targetShape: [...want] });
  };
  // names only (nearly every plan at scale): each tensor keeps its stored shape
  if (ops.every(isNameOp)) {
    for (const s of sourceKeys) {
      const v = mapping[s];
      if (typeof v === 'string') check(s, v, source.get(s)?.shape ?? null);
    }
    return out;
  }
  const entries = sourceKeys.map((k) => source.get(k)!);
  visitOutputs(ops, entries, (key, shape, sources) => check(sources, key, shape));
  return out;
}
