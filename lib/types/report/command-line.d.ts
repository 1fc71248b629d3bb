/**
 * The sdmatch command lines the reports print (plan's and diff's fix lines, explain's folder step, the list-shift
 * readings, check's --plan-out step): each is made again from the options that shaped the output it follows, so
 * that run as printed it gives that output, not the unedited one (review 19's backlog: the fix line re-made the
 * plan without the user's --rename, and the other printed commands still did).
 *
 * CARRIED is the one table of which options carry over, and into which printed command: the CLI hands the
 * options as given (ShapingOptions), carriedWords turns them into words, sdmatchLine quotes them for the shell.
 */
import type { PlanEdits } from '../plan/edit.js';
/** What the user gave that shapes a plan or a check's verdict, under the options' own names. */
export interface ShapingOptions {
    select?: string;
    selectExpected?: string;
    /** check's CURRENT side */
    selectCurrent?: string;
    /** as given (plan's default 0 is not given) */
    minConfidence?: number;
    /** `--heads`: rotary q/k renames permuted per head */
    heads?: {
        heads: number;
        kvHeads?: number;
    };
    edits?: PlanEdits;
    /** check's policy: --allow, --fail-on, --ignore, --config */
    allow?: readonly string[];
    failOn?: string;
    ignore?: readonly string[];
    config?: string;
}
/** The sdmatch commands a report prints, made again with the options. */
export type Printed = 'plan' | 'check';
/** The words that give `o` again to a printed `sdmatch <into>`. */
export declare function carriedWords(o: ShapingOptions, into: Printed): string[];
/**
 * A word already written for the shell, left as it is: a download's path under the fresh folder `"$d"` the line
 * made (download-step.ts), which quoting would turn into a literal `$d`.
 */
export declare class ShellText {
    readonly text: string;
    constructor(text: string);
}
/** A word of a printed command: a path or option to quote, or shell text to keep. */
export type Word = string | ShellText;
/** The word as the shell is given it. */
export declare function shellText(word: Word): string;
/** The program every printed command line calls (cli/npx-note.ts says how to type it when npx ran it). */
export declare const PROGRAM = "sdmatch";
/** `sdmatch WORD…`, each word quoted for the shell when it needs it. */
export declare function sdmatchLine(words: readonly Word[]): string;
