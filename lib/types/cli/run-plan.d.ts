import { type KeySource } from '../checkpoint/key-source.js';
import { type InferenceSides, type PlanOutcome } from '../plan/build.js';
import type { PlanEdits } from '../plan/edit.js';
import type { CliIO } from './io.js';
/** What `plan` and `explain` both need: the sides opened, resolved and turned into a plan. */
export interface PlanRun {
    outcome: PlanOutcome;
    /** the error text among the inputs, if any */
    error: Extract<KeySource, {
        kind: 'error-text';
    }> | null;
    /** stderr lines for dangerous checkpoints among the inputs ('' when none) */
    warnings: string;
    /** the keys inference saw, both sides (the HTML page draws them) */
    sides: InferenceSides;
}
/**
 * An error text must name some key to be explained. A list whose heading the paste cut is read
 * (analysis/headless-side.ts), never refused: its keys are what the paste shows.
 */
export declare function checkErrorHasKeys(src: Extract<KeySource, {
    kind: 'error-text';
}>): void;
export interface RunOptions {
    select?: string;
    selectExpected?: string;
    minConfidence: number;
    /** the model's head counts (`--heads`): rotary q/k renames made with a rope row permute */
    ropeHeads?: {
        heads: number;
        kvHeads?: number;
    };
    hash: boolean;
    /** `--drop/--keep-missing/--rename/--tie` */
    edits?: PlanEdits;
    /** which input must be the error text (explain); any other kind there is bad input */
    requireErrorAt?: 'source' | 'expected';
}
/**
 * Open and resolve the inputs, then infer. `expected` undefined: `source` must be an error text,
 * explained on its own. Standard input (`-`) is read once, by whichever side names it.
 */
export declare function runPlan(sourcePath: string, expectedPath: string | undefined, io: CliIO, opts: RunOptions): Promise<PlanRun>;
