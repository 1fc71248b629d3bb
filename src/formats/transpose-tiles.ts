/**
 * 2-D transposes of raw elements, as words: an element of 1, 2 or 4 bytes is one word of that width, an
 * element of 8 or 16 bytes is two or four 4-byte words. Words are copied as integers, never as floats,
 * so every bit pattern (NaN payloads, bf16, fp8, complex halves) survives.
 *
 * By tiles: element by element, every read of a column would touch another cache line and page (a
 * [6144, 4096] float32 weight reads 16 KB apart), which made transposes the bulk of apply's time.
 */

/** square tiles of this many elements a side: a tile's source rows and output rows stay in cache */
const TILE = 64;

export type Words = Uint8Array | Uint16Array | Uint32Array;

/** The widest word (4, 2 or 1 bytes) an element of `itemsize` bytes divides into, given both buffers' alignment and lengths. */
export function wordSize(a: Uint8Array, b: Uint8Array, itemsize: number): 1 | 2 | 4 {
  for (const w of [4, 2] as const) {
    if (itemsize % w === 0 && a.byteOffset % w === 0 && a.length % w === 0 && b.byteOffset % w === 0 && b.length % w === 0) return w;
  }
  return 1;
}

export function wordView(a: Uint8Array, w: 1 | 2 | 4): Words {
  if (w === 1) return a;
  if (w === 2) return new Uint16Array(a.buffer, a.byteOffset, a.length / 2);
  return new Uint32Array(a.buffer, a.byteOffset, a.length / 4);
}

/**
 * D[outBase + i·outStride + j·k + q] = S[base + i·k + j·step + q] for i < rows, j < cols, q < k (k words an
 * element; every index in words). Output rows are `outStride` words apart: cols·k for a whole
 * transposed matrix, more when a band of the source fills a band of columns of a larger output.
 */
export function transposeTiles(S: Words, D: Words, k: number, base: number, rows: number, cols: number, step: number, outBase = 0, outStride = cols * k): void {
  if (k === 1) transposeWords(S, D, base, rows, cols, step, outBase, outStride);
  else if (k === 2) transposePairs(S, D, base, rows, cols, step, outBase, outStride);
  else transposeItems(S, D, k, base, rows, cols, step, outBase, outStride);
}

/** Calls `tile` for each TILE × TILE block of rows × cols, row blocks outer. */
function eachTile(rows: number, cols: number, tile: (i0: number, i1: number, j0: number, j1: number) => void): void {
  for (let i0 = 0; i0 < rows; i0 += TILE) {
    const i1 = Math.min(rows, i0 + TILE);
    for (let j0 = 0; j0 < cols; j0 += TILE) tile(i0, i1, j0, Math.min(cols, j0 + TILE));
  }
}

/**
 * One word an element (every 1-, 2- and 4-byte dtype: fp32, fp16, bf16, int8, fp8, bool): eight output
 * rows at a time, so each source read takes eight neighbouring words of one cache line instead of one —
 * 2-3× faster than a row at a time on a [6144, 4096] float32 weight.
 */
function transposeWords(S: Words, D: Words, base: number, rows: number, cols: number, step: number, outBase: number, C: number): void {
  eachTile(rows, cols, (i0, i1, j0, j1) => {
    let i = i0;
    for (; i + 8 <= i1; i += 8) {
      let o = outBase + i * C + j0;
      let p = base + i + j0 * step;
      for (let j = j0; j < j1; j++, p += step, o++) {
        D[o] = S[p]!;
        D[o + C] = S[p + 1]!;
        D[o + 2 * C] = S[p + 2]!;
        D[o + 3 * C] = S[p + 3]!;
        D[o + 4 * C] = S[p + 4]!;
        D[o + 5 * C] = S[p + 5]!;
        D[o + 6 * C] = S[p + 6]!;
        D[o + 7 * C] = S[p + 7]!;
      }
    }
    for (; i < i1; i++) {
      let o = outBase + i * C + j0;
      for (let j = j0, p = base + i + j0 * step; j < j1; j++, p += step) D[o++] = S[p]!;
    }
  });
}

/** Two words an element (float64, int64, complex64): four output rows at a time, both words of an element unrolled. */
function transposePairs(S: Words, D: Words, base: number, rows: number, cols: number, step: number, outBase: number, C: number): void {
  eachTile(rows, cols, (i0, i1, j0, j1) => {
    let i = i0;
    for (; i + 4 <= i1; i += 4) {
      let o = outBase + i * C + j0 * 2;
      let p = base + i * 2 + j0 * step;
      for (let j = j0; j < j1; j++, p += step, o += 2) {
        D[o] = S[p]!;
        D[o + 1] = S[p + 1]!;
        D[o + C] = S[p + 2]!;
        D[o + C + 1] = S[p + 3]!;
        D[o + 2 * C] = S[p + 4]!;
        D[o + 2 * C + 1] = S[p + 5]!;
        D[o + 3 * C] = S[p + 6]!;
        D[o + 3 * C + 1] = S[p + 7]!;
      }
    }
    for (; i < i1; i++) {
      let o = outBase + i * C + j0 * 2;
      for (let j = j0, p = base + i * 2 + j0 * step; j < j1; j++, p += step, o += 2) {
        D[o] = S[p]!;
        D[o + 1] = S[p + 1]!;
      }
    }
  });
}

/** Any other number of words an element (complex128, odd-sized items as bytes): a word at a time. */
function transposeItems(S: Words, D: Words, k: number, base: number, rows: number, cols: number, step: number, outBase: number, C: number): void {
  eachTile(rows, cols, (i0, i1, j0, j1) => {
    for (let i = i0; i < i1; i++) {
      let o = outBase + i * C + j0 * k;
      let p = base + i * k + j0 * step;
      for (let j = j0; j < j1; j++, p += step) for (let q = 0; q < k; q++) D[o++] = S[p + q]!;
    }
  });
}
