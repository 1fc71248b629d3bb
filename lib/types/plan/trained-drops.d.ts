import type { KeyEntry } from '../formats/keys.js';
import type { Cause } from '../analysis/infer/causes.js';
import { type Ambiguity } from '../analysis/infer/types.js';
import type { PlanOp } from './types.js';
/** The cause's code: the report's verdict and the JSON's causes name the decision by it. */
export declare const TRAINED_DROP = "trained_drop";
export interface TrainedDrops {
    ops: PlanOp[];
    /** the trained keys dropped without a settled reason, in checkpoint order */
    keys: string[];
    /** the pattern `--drop` takes to accept them: one anchored module prefix per module */
    accept: string;
    cause: Cause | null;
    /**
     * the keys are the last of a numbered list of look-alikes (infer/list-ends.ts): gone at its end, or a layer
     * removed inside the list with the later ones moved down; the finding offers both, and neither is the fix.
     * Its words are the shift reading's edits (for the first look-alike removed), as `plan` takes them.
     */
    shift?: string[];
}
/**
 * The plan's ops with each no-counterpart drop of trained weights marked unsettled, unless the user's
 * `--drop` patterns already cover its keys. `dropped` are the checkpoint keys the plan maps to nothing;
 * `storages` the checkpoint's keys one storage holds (a tie's second name loses nothing); `placed`, the
 * checkpoint keys the plan gives a place (a bias whose module's weight is placed is a module the model has,
 * built without bias: said so, not as a module the model lacks).
 */
export declare function markTrainedDrops(ops: readonly PlanOp[], dropped: readonly string[], userDrops: readonly string[], storages: readonly (readonly string[])[] | null, placed?: ReadonlySet<string>, ambiguities?: readonly Ambiguity[], entries?: ReadonlyMap<string, KeyEntry>, copies?: ReadonlyMap<string, {
    of: string;
    what: string;
}>): TrainedDrops;
/** Why dropping saved copies loses nothing: what each is, and the original whose bytes it equals. */
export declare function copyWords(keys: readonly string[], copies: ReadonlyMap<string, {
    of: string;
    what: string;
}>): string;
