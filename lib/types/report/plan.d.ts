import { type PlanOutcome } from '../plan/build.js';
import type { Cause } from '../analysis/infer/causes.js';
import { type PlanOp } from '../plan/types.js';
import { type Answer } from './answer.js';
import { type Word } from './command-line.js';
import { type Style } from './style.js';
export interface RenderPlanOptions {
    /** every key of every list instead of at most `maxLines` lines per list */
    all?: boolean;
    /** lines per list (default 20) */
    maxLines?: number;
}
/**
 * The findings as lines, most important first; several ops of one kind make one line. Position
 * embedding warnings stay (they are what the user must know); nothing is dropped, only merged.
 */
export declare function summaryLines(causes: readonly Cause[], ops: readonly PlanOp[]): string[];
/** Several keys as one: their common leading and trailing dot segments around `{a,b,c}`. */
export declare function braced(keys: readonly string[]): string;
/** What an op does, in one cell. */
export declare function opWhat(op: PlanOp): string;
/** The ops table, one row per op. */
export declare function renderOpsTable(outcome: PlanOutcome, style: Style): string[];
/** "after the plan: N missing, M unexpected" with the lists, then ambiguities and warnings. */
export declare function renderAfterPlan(outcome: PlanOutcome, style: Style, options?: RenderPlanOptions): string[];
/** The ops (or that there are none) and what stays after them. */
export declare function renderPlanBody(outcome: PlanOutcome, style: Style, options?: RenderPlanOptions): string[];
/** Where the keys came from: both sides as the plan records them (an error text alone: that file). */
export declare function renderPlanSides(outcome: PlanOutcome, style: Style): string[];
export declare function planFixLine(outcome: PlanOutcome, written: string | null, python: string | null): string | null;
/** `sdmatch plan SOURCE EXPECTED` with the options that made `outcome` (report/command-line.ts), then `tail`. */
export declare function remadePlanLine(outcome: PlanOutcome, source: Word, tail: readonly string[]): string;
/** The end of a printed line whose plan command reads ERROR.txt for standard input: a shell comment saying what to save. */
export declare function stdinNote(outcome: PlanOutcome): string;
export declare function planAnswer(outcome: PlanOutcome, fix: string | null): Answer;
/**
 * A plan that would still fail a strict load (its verdict's `stillFails`): its fix line applies what it settles and is
 * never presented as the fix; these words follow it (text and HTML). Null where the verdict is not that.
 */
export declare function partialFixLeaves(outcome: PlanOutcome, verdict: {
    stillFails?: true;
}): string | null;
/** `sdmatch plan` for people: the answer (verdict, findings, the fix), then the sides, the plan and what stays wrong. */
export declare function renderPlan(outcome: PlanOutcome, style: Style, options?: RenderPlanOptions & {
    written?: string | null;
}): string;
/**
 * The last line of plan's and explain's report when they exit 1 for a head the error does not size (notShown):
 * apply's last line on the output of the same plan, so a CI log reads the same whichever command ran.
 */
export declare function notShownLast(outcome: PlanOutcome, style: Style): string[];
/** The plan's verdict as words and a tone (the first line of the text report and of the HTML page). */
/**
 * The verdict line. `fixShown`: whether the answer under it shows a fix (a checkpoint source's command line, or
 * the Python fix; by default it does): a trained-drop verdict points at it only then.
 */
export declare function planVerdict(outcome: PlanOutcome, fixShown?: boolean): {
    tone: 'green' | 'red' | 'yellow';
    text: string;
    stillFails?: true;
};
