import { type Selection } from '../analysis/select.js';
import type { KeyPath } from '../checkpoint/types.js';
import type { PlanOutcome } from './build.js';
/** The note's code when the rival holds the chosen state dict's very bytes. */
export declare const SELECTION_SAME = "selection_same";
/**
 * Names of a copy that a training framework evaluates and releases, beside the raw weights it trains (matched on
 * the last segment of the state dict's path). A convention, not a fact about one file: said as a suggestion.
 */
export declare const EVALUATED_COPIES: readonly {
    pattern: RegExp;
    why: string;
}[];
/**
 * The outcome with the tie said first (tied-selection.ts), the plan's `source.rivals` set and the plan not
 * complete: the choice is the user's. The rival is the one the finding names (selectionRival, the same rule).
 */
export declare function withSelectionChoice(outcome: PlanOutcome, selection: Selection | null, selectedByUser: boolean, format?: string, sameWeights?: (a: KeyPath, b: KeyPath) => boolean): PlanOutcome;
/** apply's words for a plan whose state dict was chosen by order: which was written, over which. */
export declare function orderChoiceWords(select: KeyPath, rivals: readonly KeyPath[]): string;
