import { type Style, type Tone } from './style.js';
export interface Answer {
    tone: Tone;
    /** one line: does it load, did it pass, was it written */
    verdict: string;
    /** why, in plain words: a line per finding */
    diagnosis: readonly string[];
    /** the one line to run next, or null when there is nothing to fix */
    fix: string | null;
    /**
     * what the line leaves undone, where its output still fails a strict load (a plan that leaves keys missing,
     * unexpected or of another shape): the line is then labelled a partial fix, never "fix:", and this follows it
     */
    leaves?: string;
    /** where no line is the fix, the lines of equal readings, one per reading (`either:`, `or:`) */
    choices?: readonly {
        label: string;
        line: string;
    }[];
}
export declare function renderAnswer(style: Style, a: Answer): string[];
/**
 * Identical lines said once, with how many times: a warning raised for each of 40 layers reads
 * `… (×40)`. Order is that of each line's first appearance.
 */
export declare function mergeRepeated(lines: readonly string[]): string[];
/** A path as a shell word: quoted only when it needs to be. */
export declare function shellWord(path: string): string;
