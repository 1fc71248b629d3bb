/**
 * From an error text (alone, or beside the checkpoint), "no key transform makes this checkpoint load" and
 * "the checkpoint is probably of another model" overstate what names show (review 17 F3): a flat
 * `blocks.{0..5}` regrouped into `stages.{0..2}.blocks.{0,1}`, or one attention split into q/k/v, pairs
 * nothing by name, and the model's full key list (its manifest) finds it exactly. So where the names alone
 * showed no transform, and no size says another model, the finding says that much and how to ask the
 * full question: `sdmatch plan CHECKPOINT MODEL`. With the model's full key list (mode `keys`) the words stay.
 */
import type { Cause } from '../analysis/infer/causes.js';
export declare const NAMES_ALONE = "the names alone show no transform: a regrouping (blocks into stages, one attention into q/k/v) pairs nothing by name, and shows only against the model's full key list: sdmatch plan CHECKPOINT MODEL (MODEL a manifest of the model, python/sdmatch_manifest.py), which finds it or says there is none";
/** Does the outcome rest on "another model" from names alone (no size, no layer count, says it)? */
export declare function anotherModelByNamesOnly(causes: readonly Cause[]): boolean;
/** The "another model" finding rewritten as what names alone can say. */
export declare function namesAloneCauses(causes: readonly Cause[]): Cause[];
/** The finding's code where the checkpoint is in hand but the error gives no shape for the model's keys left. */
export declare const NAMES_ALONE_UNSHAPED = "names_alone";
/**
 * With the checkpoint and an error (s24-verify F5): keys left on both sides that pair by no name, where the error
 * gives no shape for the model's, are no proof that no transform exists either: `extra.{0,1}` → `layers.{4,5}`
 * (blocks kept in another list) pairs only by shapes and order, which the model's key list gives and the error does
 * not. Said as the text alone says it, not "no key transform makes this checkpoint load", which `sdmatch plan
 * CHECKPOINT MODEL` refutes. Null where a size, layer numbers, another model's, a wrapper's flattened parameters' or
 * weightless checkpoint fields' finding already decides.
 */
export declare function unshapedLeftCause(causes: readonly Cause[], missing: readonly string[], unexpected: readonly string[], unshaped: (key: string) => boolean): Cause | null;
