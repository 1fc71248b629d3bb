import type { AddedKey, RemovedKey } from '../analysis/check.js';
import type { CheckPolicy, Severity, Verdict } from '../analysis/check-policy.js';
import type { CheckReport } from './check-json.js';
import { type Style, type Tone } from './style.js';
/**
 * `sdmatch check` for people: the verdict and whether the policy passes on the first line, the
 * reasons in plain words, then one table per kind of change. Keys come from files, so they are
 * printed through `printable`; colour marks the verdict and headings only.
 */
export interface RenderCheckOptions {
    /** every row of every table instead of at most `maxRows` */
    all?: boolean;
    maxRows?: number;
}
export declare const VERDICT_TONE: Record<Verdict, Tone>;
/** `fail on breaking`, `fail on any change` — the policy's threshold in words. */
export declare function failOnWords(p: CheckPolicy): string;
/** What each verdict means for old checkpoints. */
export declare const VERDICT_MEANING: Record<Verdict, string>;
/** The one-line verdict every format starts with. */
export declare function summaryLine(r: CheckReport): string;
/** How a change counts, in a table cell. */
export declare function countsAs(s: Severity, why?: string): string;
export declare function policyLine(r: CheckReport): string;
/** Added and removed keys, grouped by pattern: a new layer of 40 tensors is one row, not 40. */
export declare function groupedRows(list: readonly (AddedKey | RemovedKey)[], why: (s: Severity) => string | undefined): string[][];
export declare function renderCheck(r: CheckReport, style: Style, options?: RenderCheckOptions): string;
