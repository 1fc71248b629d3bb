/**
 * 2-D transposes of raw elements, as words: an element of 1, 2 or 4 bytes is one word of that width, an
 * element of 8 or 16 bytes is two or four 4-byte words. Words are copied as integers, never as floats,
 * so every bit pattern (NaN payloads, bf16, fp8, complex halves) survives.
 *
 * By tiles: element by element, every read of a column would touch another cache line and page (a
 * [6144, 4096] float32 weight reads 16 KB apart), which made transposes the bulk of apply's time.
 */
export type Words = Uint8Array | Uint16Array | Uint32Array;
/** The widest word (4, 2 or 1 bytes) an element of `itemsize` bytes divides into, given both buffers' alignment and lengths. */
export declare function wordSize(a: Uint8Array, b: Uint8Array, itemsize: number): 1 | 2 | 4;
export declare function wordView(a: Uint8Array, w: 1 | 2 | 4): Words;
/**
 * D[outBase + i·outStride + j·k + q] = S[base + i·k + j·step + q] for i < rows, j < cols, q < k (k words an
 * element; every index in words). Output rows are `outStride` words apart: cols·k for a whole
 * transposed matrix, more when a band of the source fills a band of columns of a larger output.
 */
export declare function transposeTiles(S: Words, D: Words, k: number, base: number, rows: number, cols: number, step: number, outBase?: number, outStride?: number): void;
