import { type AddedKey, type DTypeChange, type RemovedKey, type RenamedKey, type TieAdded } from '../analysis/check.js';
import type { CheckPolicy, Severity, Verdict } from '../analysis/check-policy.js';
import type { CheckReport } from './check-json.js';
import { type Style, type Tone } from './style.js';
/**
 * `sdmatch check` for people: the verdict and whether the policy passes on the first line, the
 * reasons in plain words and the fix, then the sides and one table per kind of change (renames grouped
 * by the template that produced them). Keys come from files, so they are
 * printed through `printable`; colour marks the verdict and headings only.
 */
export interface RenderCheckOptions {
    /** every row of every table instead of at most `maxRows` */
    all?: boolean;
    maxRows?: number;
    /** the options that shaped the verdict and its plan, for the check the fix line runs again (report/command-line.ts) */
    remake?: readonly string[];
}
export declare const VERDICT_TONE: Record<Verdict, Tone>;
/** `fail on breaking`, `fail on any change` — the policy's threshold in words. */
export declare function failOnWords(p: CheckPolicy): string;
/** What each verdict means for old checkpoints. */
export declare const VERDICT_MEANING: Record<Verdict, string>;
/**
 * The verdict and what it means for old checkpoints, as every format heads its report. The verdict is
 * the policy's; when changes it allows or ignores keep old checkpoints from loading as the verdict
 * says, the verdict reads `compatible by the policy` and the meaning says what torch will do instead.
 */
export declare function verdictWords(r: CheckReport): {
    verdict: string;
    meaning: string;
    tone: Tone;
};
/** The migrations the policy's minimum confidence counts as breaking: they load after the plan, were they trusted. */
export declare function belowMinimum(r: CheckReport): {
    key: string;
    confidence: number;
}[];
/** The one-line verdict every format starts with. */
export declare function summaryLine(r: CheckReport): string;
/** Why an added key counts as it does: only a BatchNorm counter the baseline lets torch fill in is compatible. */
export declare function addedWhy(s: Severity): string;
/** Why a dtype change counts as it does: the cast table's reason (src/analysis/check-casts.ts). */
export declare function dtypeWhy(d: DTypeChange): string;
/** Why a tie added counts as it does: the other tensors' trained values are lost on load. */
export declare function tieWhy(t: TieAdded): string;
/** How a change counts, in a table cell. */
export declare function countsAs(s: Severity, why?: string): string;
export declare function policyLine(r: CheckReport): string;
/** Why a migration counts as it does: below the minimum, or (allowed by a lower minimum) below the guess line. */
export declare function belowWhy(s: Severity, min: number, confidence?: number | null): string | undefined;
/** Added and removed keys, grouped by pattern: a new layer of 40 tensors is one row, not 40. */
export declare function groupedRows(list: readonly (AddedKey | RemovedKey)[], why: (s: Severity) => string | undefined): string[][];
/**
 * Renamed keys, grouped by the template that produced them (`blocks.{0..11}.attn.q → layers.{0..11}.q_proj`,
 * one row) among renames that read alike in the table (one-to-one, same confidence and verdict); splits and
 * concats stay a row each.
 */
export interface RenamedRow {
    /** the key, or a pattern standing for `count` keys; several keys for a split or concat */
    from: string[];
    to: string[];
    count: number;
    confidence: string;
    countsAs: string;
}
export declare function renamedRows(list: readonly RenamedKey[], min: number): RenamedRow[];
/**
 * What every format says when --plan-out asked for a plan that a breaking change does not get (analysis/check.ts
 * migrationOps): nothing written, and why; null when a plan was written or none was asked for.
 */
export declare function planDeclinedLine(r: CheckReport): string | null;
export declare function renderCheck(r: CheckReport, style: Style, options?: RenderCheckOptions): string;
