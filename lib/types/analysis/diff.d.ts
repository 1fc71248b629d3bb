import type { DType } from '../formats/dtype.js';
import type { ErrorReport } from '../formats/error-text.js';
import { type KeyEntry } from '../formats/keys.js';
/**
 * What loading SOURCE into a model that expects EXPECTED would find, key by key. Pure and O(n):
 * one Map per side, so two 100,000-key sources diff in tens of milliseconds.
 */
export interface ShapeMismatch {
    key: string;
    source: number[];
    expected: number[];
}
export interface DTypeMismatch {
    key: string;
    source: DType;
    expected: DType;
}
export interface KeyDiff {
    /** in both, shapes and dtypes equal where both sides know them; expected's order */
    matched: string[];
    /** in EXPECTED, not in SOURCE; expected's order */
    missing: string[];
    /** in SOURCE, not in EXPECTED; source's order */
    unexpected: string[];
    /** in both with different known shapes; expected's order */
    shapeMismatch: ShapeMismatch[];
    /** in both with different known dtypes (a key can also be in shapeMismatch); expected's order */
    dtypeMismatch: DTypeMismatch[];
}
export interface DiffOptions {
    /** leave dtypes out of the comparison (load_state_dict casts on copy) */
    ignoreDtype?: boolean;
}
export declare function diffKeys(source: readonly KeyEntry[], expected: readonly KeyEntry[], opts?: DiffOptions): KeyDiff;
/**
 * The error came from passing the whole checkpoint: what it calls unexpected are top-level fields the
 * chosen state dict does not hold. Nothing loaded then, so what it calls missing is the model's every key.
 */
export declare function passedWhole(entries: readonly KeyEntry[], report: ErrorReport): boolean;
export interface ErrorReportDiff extends KeyDiff {
    /** checkpoint keys whose fate the error does not tell (it was cut short); empty without a checkpoint */
    unknown: string[];
    /** what the error alone could not tell, and where it disagrees with the checkpoint */
    notes: string[];
}
/** Whether `note` is that note (a caller that reads those keys otherwise leaves it out). */
export declare function isAssumedMatchedNote(note: string): boolean;
/**
 * The diff when the expected side is an error text. The error tells missing, unexpected and size
 * mismatches; a checkpoint (the source) supplies every other key, shapes and dtypes. Each way the
 * error and the checkpoint disagree is a note, since it means the error came from another file
 * or from keys renamed before loading.
 */
export declare function diffWithErrorReport(source: readonly KeyEntry[] | null, report: ErrorReport): ErrorReportDiff;
