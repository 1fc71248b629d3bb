/**
 * Missing keys that hold no weight, repeated module after module: what a model built as another variant or
 * version of the code lists when the checkpoint's weights did load.
 *
 * A wrapper prefix the checkpoint lacks (`module.`) leaves every key of the model missing, and torch lists them in
 * the model's own order, so each module shown brings its weights into the list. A list whose keys repeat the
 * same leaves under several modules and name no weight or bias among them cannot be that: the weights of those
 * modules loaded under the names the model gives them, and what is missing is state the checkpoint's model did
 * not have (CondenseNet's learned group convolutions keep `_count`, `_stage`, `_mask` buffers that its released,
 * converted model does not: ShichenLiu/CondenseNet#38; BatchNorm running statistics of a model saved with
 * track_running_stats=False).
 */

import { leafOf, moduleOf } from './key-tokens.js';

/** a leaf that names a trained tensor: `weight`, `bias` and their variants (`weight_g`, `in_proj_weight`, `bias_k`) */
const WEIGHT_LEAF = /weight|bias/i;

/** at least this many keys: fewer do not show that the modules listed have no weight among them */
const MIN_KEYS = 4;

export interface WeightlessMissing {
  /** the leaves of the first module listed, shown whole (the list went on to another module) */
  leaves: string[];
  /** how many modules the keys sit under */
  modules: number;
}

/**
 * The missing keys (counters and buffers already explained left out), when they name no weight and a leaf comes
 * back under another module (the list went on to the next module of the same kind: a cut list may show no more
 * than that); null otherwise.
 */
export function weightlessMissing(missing: readonly string[]): WeightlessMissing | null {
  if (missing.length < MIN_KEYS) return null;
  if (missing.some((k) => WEIGHT_LEAF.test(leafOf(k)))) return null;
  const modulesOfLeaf = new Map<string, Set<string>>();
  for (const k of missing) {
    const set = modulesOfLeaf.get(leafOf(k)) ?? new Set<string>();
    set.add(moduleOf(k));
    modulesOfLeaf.set(leafOf(k), set);
  }
  if (![...modulesOfLeaf.values()].some((mods) => mods.size >= 2)) return null;
  const first = moduleOf(missing[0]!);
  return { leaves: missing.filter((k) => moduleOf(k) === first).map(leafOf), modules: new Set(missing.map(moduleOf)).size };
}
