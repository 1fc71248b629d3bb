import type { ErrorReport } from '../formats/error-text.js';
import type { PyDict } from '../formats/pickle/values.js';
import type { ResolvedSide } from './sides.js';
/** The `_metadata` dict inside an OrderedDict's attributes, if it has one. */
export declare function metadataOf(dict: PyDict): PyDict | null;
/** Module name → the version `_metadata` records for it, for the state dict a side chose; empty when it records none. */
export declare function moduleVersions(side: ResolvedSide): Map<string, number>;
/** Module name → the version a state dict's `_metadata` records for it; empty when it records none. */
export declare function dictVersions(dict: PyDict | null): Map<string, number>;
/** The module a counter belongs to (`bn1` of `bn1.num_batches_tracked`; '' for the root's). */
export declare function counterModule(key: string): string;
/**
 * Does BatchNorm fill in the missing counter `key` when loading? `versions` is what `_metadata` records,
 * by the module names of the state dict being loaded; `moduleInSource` turns the counter's module into
 * that name when the state dict still has to be renamed (a plan's target name → its source's).
 */
export declare function counterFilledIn(key: string, versions: ReadonlyMap<string, number>, moduleInSource?: (module: string) => string): boolean;
/**
 * The counter a layer keeps beside its running statistics: `P.num_batches_tracked` when `key` is
 * `P.running_var`, `P.running_mean` is among the keys too and the counter is not (a BatchNorm or other
 * norm tracking running statistics has all three); null otherwise. plan (the target's implied counters)
 * and diff (a whole checkpoint passed, whose filled-in counters torch never names) ask this one rule.
 */
export declare function counterBeside(key: string, has: (key: string) => boolean): string | null;
/** counterFilledIn over a side's own names (a written output, a checkpoint compared as it is). */
export declare function countersFilledIn(side: ResolvedSide): (key: string) => boolean;
/**
 * `P.num_batches_tracked` the error calls unexpected while it calls `P.running_var` missing: the state dict passed
 * held no `P.*`, so BatchNorm's own load hook put that counter in (a dict without `_metadata` versions) and the
 * model refused it: the model's `P` keeps no counter (a frozen norm, a counter registered as None), whatever key
 * of the checkpoint a plan turns into `P.*`. Such a counter is never implied on the model's side.
 */
export declare function counterlessCounters(report: ErrorReport): string[];
