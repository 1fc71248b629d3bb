import type { KeyEntry } from '../formats/keys.js';
import type { KeyDiff, ShapeMismatch } from './diff.js';
/**
 * Known patterns behind a diff, each explained in one plain paragraph. Only what the diff shows:
 * a diagnosis names the evidence (counts, an example key) and the usual cause, never a fix —
 * remapping is the plan inference's job.
 */
export type DiagnosisCode = 'extra-prefix' | 'missing-prefix' | 'prefix-swap' | 'renamed' | 'nested' | 'not-a-state-dict' | 'head-size' | 'vocab-size' | 'transposed' | 'num-batches-tracked' | 'missing-module' | 'unused-module' | 'dtype' | 'zero3-placeholder' | 'disjoint' | 'unexplained';
export interface Diagnosis {
    code: DiagnosisCode;
    message: string;
    /** the keys the diagnosis accounts for (expected-side for missing/shape findings, source-side otherwise) */
    keys: string[];
}
/** Shapes that differ in their first dimension alone (rows: classes, tokens). */
export declare function onlyFirstDimDiffers(m: Pick<ShapeMismatch, 'source' | 'expected'>): boolean;
export declare function diagnose(diff: KeyDiff, source: readonly KeyEntry[], expected: readonly KeyEntry[], countersFilled?: (key: string) => boolean): Diagnosis[];
