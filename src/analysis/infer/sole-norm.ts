/**
 * A normalisation layer renamed on its own: after every other step, one module under a top-level
 * container on each side still holds running statistics (`running_mean`, `running_var`) and the same
 * parameters, with nothing else of that kind left in the container (fast-reid's `heads.bnneck` became
 * `heads.bottleneck.0`). Running statistics make the pair specific where a weight and a bias alone would
 * not be (any linear or conv has those), and with one candidate on each side there is nothing to choose
 * among; the names need not read alike (`bnneck`, `bottleneck`), which is why this is a step of its own
 * rather than a similarity match.
 */
import { CONFIDENCE } from './confidence.js';
import { canCorrespond } from './shapes.js';
import { isCounter } from '../key-roles.js';
import type { KeyPair, Pool, Located } from './types.js';
import { firstSegmentOf } from '../key-tokens.js';
import { NORM_STATISTICS } from '../../formats/module-leaves.js';

const STATS = NORM_STATISTICS;

/** Modules with running statistics, by top-level container: module path → its keys by leaf. */
function normModules(side: ReadonlyMap<string, Located>): Map<string, Map<string, Map<string, string>>> {
  const modules = new Map<string, Map<string, string>>();
  for (const key of side.keys()) {
    const dot = key.lastIndexOf('.');
    if (dot < 0) continue;
    const mod = key.slice(0, dot);
    (modules.get(mod) ?? modules.set(mod, new Map()).get(mod)!).set(key.slice(dot + 1), key);
  }
  const byTop = new Map<string, Map<string, Map<string, string>>>();
  for (const [mod, leaves] of modules) {
    if (!STATS.every((s) => leaves.has(s))) continue;
    const top = firstSegmentOf(mod);
    (byTop.get(top) ?? byTop.set(top, new Map()).get(top)!).set(mod, leaves);
  }
  return byTop;
}

export function matchSoleNorms(pool: Pool): KeyPair[] {
  const source = normModules(pool.source);
  const target = normModules(pool.target);
  const pairs: KeyPair[] = [];
  for (const [top, mods] of source) {
    const other = target.get(top);
    if (mods.size !== 1 || other?.size !== 1) continue;
    const [, from] = [...mods][0]!;
    const [, to] = [...other][0]!;
    // the same parameters on both sides, a batch counter aside (the model's is implied, or absent)
    const own = (m: Map<string, string>) => [...m.keys()].filter((l) => !isCounter(l)).sort().join();
    if (own(from) !== own(to)) continue;
    const layer: KeyPair[] = [];
    for (const [leaf, key] of from) {
      const t = to.get(leaf);
      if (t !== undefined) layer.push({ source: key, target: t, stage: 'module', confidence: CONFIDENCE.soleNorm });
    }
    // shapes, where known, must agree on every parameter: a norm of another width is another layer
    if (layer.every((p) => canCorrespond(pool.source.get(p.source)!, pool.target.get(p.target)!))) pairs.push(...layer);
  }
  return pairs;
}
