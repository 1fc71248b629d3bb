/**
 * A model's size in the words people use for it: how many layers its main stack has and how wide it
 * is. "The checkpoint has 12 layers of width 768; the model 24 of 1024" says what differs between two
 * models at a glance, where a list of mismatched keys does not.
 */
import type { ReportedSizeMismatch } from '../../formats/error-text.js';
export interface Dims {
    /** the numbered container with the most members (`encoder.layer`), and how many it holds */
    stack: {
        name: string;
        layers: number;
    } | null;
    /** the most common size among 1-D weights (norms, biases): the hidden width */
    width: number | null;
}
export declare function modelDims(entries: Iterable<{
    key: string;
    shape: readonly number[] | null;
}>): Dims;
/** `the checkpoint has 12 layers of width 768; the model 24 of 1024`, or null when nothing differs that both show. */
export declare function dimsDiffer(a: Dims, b: Dims, sizes?: readonly ReportedSizeMismatch[]): string | null;
