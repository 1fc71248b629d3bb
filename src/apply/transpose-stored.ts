/**
 * A transpose of a tensor stored as plain bytes in a file, made band by band: a few MB of the source's
 * rows are read into one small reused buffer and transposed from there into their columns of the
 * output, so the only tensor-sized buffer is the result. Reading the whole source first took a second
 * tensor-sized buffer (peak memory: twice the largest transposed tensor) and one more trip of every
 * byte through memory; a band is still in cache when it is transposed.
 *
 * Any permutation that is one 2-D swap of the elements qualifies: [a, b] → [b, a], and every
 * permutation whose dims merge into one (Conv1D ↔ Linear, [a, b, c] → [c, a, b]). Others, and sources
 * that are strided views, compressed or assembled from pieces, return false for the caller's
 * whole-tensor path.
 */
import { itemSize } from '../formats/dtype.js';
import { locationLength, readRawInto, type OpenFiles } from '../formats/storage-copy.js';
import { contiguousStrides, isContiguous, numel, type TensorInfo } from '../formats/tensor.js';
import { transposeTiles, wordSize, wordView } from '../formats/transpose-tiles.js';

/** about this many bytes of source rows a band (at least one row) */
const BAND_BYTES = 4 << 20;

/** out[i][j] = source[i + j·rows] for i < rows, j < cols: the source read as `cols` rows of `rows` elements */
export interface Swap {
  rows: number;
  cols: number;
}

/**
 * The permutation `dims` of a contiguous tensor of `shape` as one 2-D swap, or null. Output dims that
 * are neighbours in the source too are merged and dims of size 1 dropped, as gatherStrided does.
 */
export function asSwap(shape: readonly number[], dims: readonly number[]): Swap | null {
  const strides = contiguousStrides(shape);
  const merged: { size: number; stride: number }[] = [];
  for (const d of dims) {
    const size = shape[d]!;
    const stride = strides[d]!;
    if (size === 1) continue;
    const prev = merged[merged.length - 1];
    if (prev && prev.stride === stride * size) {
      prev.size *= size;
      prev.stride = stride;
    } else merged.push({ size, stride });
  }
  if (merged.length !== 2) return null;
  const [outer, inner] = merged as [{ size: number; stride: number }, { size: number; stride: number }];
  return outer.stride === 1 && inner.stride === outer.size ? { rows: outer.size, cols: inner.size } : null;
}

/**
 * Writes the transpose `dims` of the stored tensor `info` into `out` (its size exactly) and returns
 * true, or returns false having read nothing (see the top of this file). `band(n)` gives a reusable
 * buffer of n bytes.
 */
export function transposeStored(info: TensorInfo, dims: readonly number[], files: OpenFiles, out: Uint8Array, band: (bytes: number) => Uint8Array): boolean {
  const loc = info.storage.bytes;
  const n = numel(info.shape);
  const size = itemSize(info.dtype);
  if (loc?.kind !== 'raw' || n === 0 || !isContiguous(info) || out.length !== n * size) return false;
  // a view past its storage: the whole-tensor path reports it as it always has
  if (!Number.isSafeInteger(info.storageOffset) || info.storageOffset < 0 || (info.storageOffset + n) * size > locationLength(loc)) return false;
  const swap = asSwap(info.shape, dims);
  if (!swap) return false;
  const rowBytes = swap.rows * size;
  const h = Math.max(1, Math.min(swap.cols, Math.floor(BAND_BYTES / rowBytes)));
  const buf = band(h * rowBytes);
  // every band's length is a whole number of elements, so the word width found for the first fits all
  const w = wordSize(buf, out, size);
  const k = size / w;
  const D = wordView(out, w);
  for (let j0 = 0; j0 < swap.cols; j0 += h) {
    const rows = Math.min(h, swap.cols - j0);
    const b = buf.subarray(0, rows * rowBytes);
    readRawInto(loc, (info.storageOffset + j0 * swap.rows) * size, b, files);
    transposeTiles(wordView(b, w), D, k, 0, swap.rows, rows, swap.rows * k, j0 * k, swap.cols * k);
  }
  return true;
}
