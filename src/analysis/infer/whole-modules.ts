/**
 * Parameters of one module move together (review 18 F4). BatchNorms inserted into a Sequential of convs
 * shift the convs' indices (`features.4` → `features.6`) and put a BatchNorm at `features.4`. Its bias is a
 * [C] vector like the conv's, so exact names pair the conv's `features.4.bias` with the BatchNorm's, while
 * the conv's weight, whose exact namesake clashes in shape, is paired by structure with `features.6.weight`:
 * one module's weight and bias split across two, the conv's bias loaded into the BatchNorm, and
 * `features.6.bias` reported missing. A pair that renames `X.weight` to `Y.weight` makes the exact match of
 * `X.bias` a contradiction: where `Y.bias` is free and holds the same shape, `X.bias` follows its module, and
 * the model's `X.bias` is left to what else is there (here nothing: the new BatchNorm's, missing).
 */
import { leafOf, moduleOf } from '../key-tokens.js';
import { canCorrespond } from './shapes.js';
import type { KeyPair, Located, Pool } from './types.js';

/** [module, leaf]: the key tokenizer's moduleOf and leafOf. */
function split(key: string): [string, string] {
  return [moduleOf(key), leafOf(key)];
}

/**
 * The exact pairs of a module whose other parameters moved, re-paired to follow them (old pair → new), and
 * `pool`'s target keys updated to match (the freed model key back in, the taken one out); null when none.
 */
export function keepModulesWhole(pairs: readonly KeyPair[], source: ReadonlyMap<string, Located>, target: ReadonlyMap<string, Located>, pool: Pool): Map<KeyPair, KeyPair> | null {
  // only a module with an exact pair can be re-paired: the others' moves are not collected (a renamed model
  // pairs 100,000 keys, none exactly, and splitting all of them into module and leaf was this step's cost)
  const exactModules = new Set<string>();
  for (const p of pairs) if (p.source === p.target) exactModules.add(moduleOf(p.source));
  if (exactModules.size === 0) return null;
  // modules a non-exact pair moves one of whose parameters to another module, leaf name kept: X → the pairs
  const moved = new Map<string, KeyPair[]>();
  for (const p of pairs) {
    if (p.source === p.target || !exactModules.has(moduleOf(p.source))) continue;
    const [x, leaf] = split(p.source);
    const [y, tleaf] = split(p.target);
    if (x === '' || x === y || leaf !== tleaf) continue;
    (moved.get(x) ?? moved.set(x, []).get(x)!).push(p);
  }
  if (moved.size === 0) return null;
  const replace = new Map<KeyPair, KeyPair>();
  for (const q of pairs) {
    if (q.source !== q.target) continue;
    const [x, leaf] = split(q.source);
    const along = moved.get(x);
    if (!along) continue;
    // the module it follows: the one every moved parameter went to
    const homes = new Set(along.map((p) => moduleOf(p.target)));
    if (homes.size !== 1) continue;
    const y = [...homes][0]!;
    const to = `${y}.${leaf}`;
    const t = target.get(to);
    const s = source.get(q.source);
    if (!t || !s || !pool.target.has(to) || !canCorrespond(s, t)) continue;
    const carrier = along[0]!;
    replace.set(q, { source: q.source, target: to, stage: carrier.stage, confidence: carrier.confidence });
    pool.target.delete(to);
    pool.target.set(q.target, target.get(q.target)!);
  }
  return replace.size === 0 ? null : replace;
}
