import { type Answer } from './answer.js';
import { type DiffReport } from '../analysis/diff-model.js';
import { type Style } from './style.js';
import { printable } from './printable.js';
export { printable };
/**
 * `sdmatch diff` for people: both sides and how the compared state dict was chosen, the counts, the
 * differing keys grouped by module with numeric runs collapsed, shape and dtype tables, then what the
 * diff shows in plain words. Colour marks headings only, so keys copy-paste cleanly.
 */
export interface RenderDiffOptions {
    /** every line of every list, instead of at most `maxLines` per list */
    all?: boolean;
    /** collapse numeric runs and sibling keys into patterns (default true) */
    group?: boolean;
    /** lines per list without `all` (default 40) */
    maxLines?: number;
    /** the options that chose the state dicts compared, for the plan the fix line makes (report/command-line.ts) */
    remake?: readonly string[];
}
export declare const DEFAULT_MAX_LINES = 40;
/** The first line of the text report, as words and a tone (the HTML page leads with it too). */
export declare function diffVerdict(r: DiffReport): {
    tone: 'green' | 'red' | 'yellow';
    text: string;
};
export declare function diffAnswer(r: DiffReport, remake?: readonly string[]): Answer;
export declare function renderDiff(r: DiffReport, style: Style, options?: RenderDiffOptions): string;
