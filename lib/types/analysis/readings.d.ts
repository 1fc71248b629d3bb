/**
 * Which readings an error text leaves open. After the hints and inference have made their plan, this
 * looks at what the plan rests on (a head dropped, parts kept missing, modules dropped, a cut list, one
 * key of an old KeyError) and, for each such situation (reading-priors.ts), lists every reading the text
 * is consistent with, the evidence the text gives for and against each, the reading taken (the prior,
 * or none) and what would decide. Readings the text singles out (a nested checkpoint's fields, a wrapper
 * on every key, buffers, a vocabulary resize) are not listed: nothing is open there.
 *
 * Pure: no I/O.
 */
import type { ErrorReport } from '../formats/error-text.js';
import type { Cause } from './infer/causes.js';
import { type KeyWithReason } from './error-hints.js';
export { partInsideBlocks, type PartInsideBlocks } from './block-parts.js';
export interface WeighedReading {
    id: string;
    says: string;
    fix: string;
    /** what in the text speaks for it */
    for: string[];
    /** what in the text speaks against it */
    against: string[];
}
export interface OpenReadings {
    situation: string;
    shows: string;
    /** the keys the situation is about */
    keys: string[];
    readings: WeighedReading[];
    /**
     * the reading the text points to: the row's prior, or the one the text's own evidence decides; null:
     * the text cannot tell. The plan follows the first reading: when this is another one (or null), the
     * plan is no fix on its own
     */
    chosen: string | null;
    why: string;
    decides: string;
    /** findings that state the taken reading as settled (reading-priors.ts) */
    asserts: readonly string[];
}
export interface ReadingFacts {
    report: ErrorReport;
    /** model keys the plan leaves missing on purpose */
    keptMissing: readonly KeyWithReason[];
    /** checkpoint keys the plan drops */
    dropped: readonly string[];
    /** the plan has ops that move or drop keys */
    moves: boolean;
    /** the plan renames keys (names of another code version) */
    renames?: boolean;
    /** the checkpoint was given too: it shows every key of its side, so a cut list or one KeyError key leaves nothing open there */
    withCheckpoint?: boolean;
}
/**
 * The side of a list whose heading the paste cut, where the text decides it or a stated prior does:
 * its keys are the missing keys' names under one wrapper prefix (the checkpoint's, said in a note); or
 * the text is nothing but such a list, every key of it a buffer the library stopped saving
 * (transformers' `position_ids` since 4.31): on the checkpoint's side as the prior has it
 * (reading-priors.ts headless_buffers), so that the plan can drop them; or a counter checkpoints often lack
 * (BatchNorm's `num_batches_tracked`): on the model's side (headless_counters), kept missing. Any other text
 * is returned as it is.
 */
export declare function sideOfHeadless(report: ErrorReport): ErrorReport;
export declare function trunkInputUnused(keys: readonly string[]): string | null;
export declare function openReadings(f: ReadingFacts): OpenReadings[];
/**
 * The situations where the plan is no fix on its own: the text cannot tell which reading holds (no
 * prior, nothing decides), or it points to a reading other than the plan's (the first).
 */
export declare function undecided(open: readonly OpenReadings[]): OpenReadings[];
/** The findings to keep beside the readings: none that states an undecided reading as settled. */
export declare function consistentCauses(causes: readonly Cause[], open: readonly OpenReadings[]): Cause[];
/** The finding that says what is open, for a person. */
export declare function readingsCause(open: readonly OpenReadings[]): Cause | null;
