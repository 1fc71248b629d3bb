import { type OpenFiles } from '../formats/storage-copy.js';
import { type TensorInfo } from '../formats/tensor.js';
/** out[i][j] = source[i + j·rows] for i < rows, j < cols: the source read as `cols` rows of `rows` elements */
export interface Swap {
    rows: number;
    cols: number;
}
/**
 * The permutation `dims` of a contiguous tensor of `shape` as one 2-D swap, or null. Output dims that
 * are neighbours in the source too are merged and dims of size 1 dropped, as gatherStrided does.
 */
export declare function asSwap(shape: readonly number[], dims: readonly number[]): Swap | null;
/**
 * Writes the transpose `dims` of the stored tensor `info` into `out` (its size exactly) and returns
 * true, or returns false having read nothing (see the top of this file). `band(n)` gives a reusable
 * buffer of n bytes.
 */
export declare function transposeStored(info: TensorInfo, dims: readonly number[], files: OpenFiles, out: Uint8Array, band: (bytes: number) => Uint8Array): boolean;
