/**
 * A state dict's `_metadata` (an OrderedDict attribute: module name → {'version': n}) and the one thing
 * it decides here: whether BatchNorm fills in a missing `num_batches_tracked` when loading. torch's
 * BatchNorm._load_from_state_dict adds the counter (a zero) only when the version recorded for its
 * module is absent or below 2; BatchNorm has been version 2 since PyTorch 0.4.1, which also started
 * writing the counter. So a state dict without `_metadata` (or without an entry for that module) loads
 * without its counters, and one whose `_metadata` says 2 does not: strict loading lists them missing.
 * plan, diff and apply's verdict all ask this table, so they cannot disagree on one file.
 */
import { valueAt } from '../checkpoint/walk.js';
import type { ErrorReport } from '../formats/error-text.js';
import type { PyDict } from '../formats/pickle/values.js';
import { isCounter } from './key-roles.js';
import type { ResolvedSide } from './sides.js';

const COUNTER_LEAF = '.num_batches_tracked';

/** The `_metadata` dict inside an OrderedDict's attributes, if it has one. */
export function metadataOf(dict: PyDict): PyDict | null {
  const attrs = dict.attrs;
  if (typeof attrs !== 'object' || attrs === null || attrs.kind !== 'dict') return null;
  const m = attrs.entries.find(([k]) => k === '_metadata')?.[1];
  return typeof m === 'object' && m !== null && m.kind === 'dict' ? m : null;
}

/** Module name → the version `_metadata` records for it, for the state dict a side chose; empty when it records none. */
export function moduleVersions(side: ResolvedSide): Map<string, number> {
  const dict = side.checkpoint?.root && side.selected ? valueAt(side.checkpoint.root, side.selected) : undefined;
  return dictVersions(dict && typeof dict === 'object' && dict.kind === 'dict' ? dict : null);
}

/** Module name → the version a state dict's `_metadata` records for it; empty when it records none. */
export function dictVersions(dict: PyDict | null): Map<string, number> {
  const versions = new Map<string, number>();
  const meta = dict ? metadataOf(dict) : null;
  for (const [module, info] of meta?.entries ?? []) {
    if (typeof module !== 'string' || typeof info !== 'object' || info === null || info.kind !== 'dict') continue;
    const v = info.entries.find(([k]) => k === 'version')?.[1];
    if (typeof v === 'number' || typeof v === 'bigint') versions.set(module, Number(v));
  }
  return versions;
}

/** The module a counter belongs to (`bn1` of `bn1.num_batches_tracked`; '' for the root's). */
export function counterModule(key: string): string {
  return key.endsWith(COUNTER_LEAF) ? key.slice(0, -COUNTER_LEAF.length) : '';
}

/**
 * Does BatchNorm fill in the missing counter `key` when loading? `versions` is what `_metadata` records,
 * by the module names of the state dict being loaded; `moduleInSource` turns the counter's module into
 * that name when the state dict still has to be renamed (a plan's target name → its source's).
 */
export function counterFilledIn(key: string, versions: ReadonlyMap<string, number>, moduleInSource: (module: string) => string = (m) => m): boolean {
  if (!isCounter(key)) return false;
  if (versions.size === 0) return true;
  return (versions.get(moduleInSource(counterModule(key))) ?? 1) < 2;
}

/**
 * The counter a layer keeps beside its running statistics: `P.num_batches_tracked` when `key` is
 * `P.running_var`, `P.running_mean` is among the keys too and the counter is not (a BatchNorm or other
 * norm tracking running statistics has all three); null otherwise. plan (the target's implied counters)
 * and diff (a whole checkpoint passed, whose filled-in counters torch never names) ask this one rule.
 */
export function counterBeside(key: string, has: (key: string) => boolean): string | null {
  if (key !== 'running_var' && !key.endsWith('.running_var')) return null;
  const module = key.slice(0, -'running_var'.length);
  const counter = `${module}num_batches_tracked`;
  return has(`${module}running_mean`) && !has(counter) ? counter : null;
}

/** counterFilledIn over a side's own names (a written output, a checkpoint compared as it is). */
export function countersFilledIn(side: ResolvedSide): (key: string) => boolean {
  const versions = moduleVersions(side);
  return (key) => counterFilledIn(key, versions);
}

/**
 * `P.num_batches_tracked` the error calls unexpected while it calls `P.running_var` missing: the state dict passed
 * held no `P.*`, so BatchNorm's own load hook put that counter in (a dict without `_metadata` versions) and the
 * model refused it: the model's `P` keeps no counter (a frozen norm, a counter registered as None), whatever key
 * of the checkpoint a plan turns into `P.*`. Such a counter is never implied on the model's side.
 */
export function counterlessCounters(report: ErrorReport): string[] {
  const missing = new Set(report.missing);
  return report.unexpected.filter((k) => isCounter(k) && missing.has(`${k.slice(0, -'num_batches_tracked'.length)}running_var`));
}
