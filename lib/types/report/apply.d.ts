/**
 * What `apply` says: with --dry-run, every change the plan would make (renamed, dropped, transposed,
 * split, concatenated, left missing) and where the output would go; after a real run, a short summary
 * of what was written and which checks passed.
 */
import { type TargetCheck } from '../apply/apply-target.js';
import type { ApplyPreview, ApplyResult, StorageCopy } from '../apply/apply.js';
import { type Style } from './style.js';
export declare function renderDryRun(style: Style, p: ApplyPreview, opts?: {
    all?: boolean;
}): string;
/**
 * How the storages were written. The source's old data.pkl, left in the copy when storages follow it,
 * is overwritten with zeros in the output and listed by no entry (apply-fast.ts zeroUnlisted): said as
 * what happens to the new file, never as if the source were touched (it is only read).
 */
export declare function storagesText(s: StorageCopy): string;
/**
 * What apply says after writing: the answer first (does the output load into the model, and what was
 * written), then where it came from and the checks that passed.
 */
export declare function renderApplied(style: Style, r: ApplyResult, target: TargetCheck): string;
export declare function renderApplySummary(style: Style, r: ApplyResult): string;
/**
 * apply's first line, the answer: whether the output loads with strict=True into the target the plan was
 * made against. "verified" is said only when it was compared with that target and nothing differs.
 */
export declare function renderTargetCheck(style: Style, c: TargetCheck, output?: string): string;
/**
 * apply's last line when it exits 1 (the output written, not shown to load into the target): why, in
 * one line a CI log ends with; null when it exits 0.
 */
export declare function exitLine(c: TargetCheck): string | null;
