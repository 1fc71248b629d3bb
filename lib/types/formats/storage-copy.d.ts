import { locationLength, viewSpan, type ByteLocation, type TensorInfo } from './tensor.js';
export { locationLength, viewSpan };
/**
 * Moving storage bytes without holding them: renames and drops stream a storage from its source file to
 * the output in fixed-size chunks, and only operations that change bytes (transpose, split, concat)
 * read the one tensor they touch into memory.
 */
export declare const COPY_BUFFER_SIZE: number;
/** Keeps source files open across many storages (a checkpoint has up to 100,000 of them in one file). */
export declare class OpenFiles {
    private readonly fds;
    get(path: string): {
        fd: number;
        size: number;
    };
    close(): void;
}
export interface CopyOptions {
    /** first byte of the storage to copy (default 0) */
    start?: number;
    /** how many bytes (default: to the end of the storage) */
    length?: number;
    bufSize?: number;
    /** reuse open source files; when absent the files are opened and closed for this call */
    files?: OpenFiles;
}
/**
 * Streams bytes [start, start+length) of a storage to `sink`. Chunks are views of a reused buffer: the
 * sink must consume each one before returning.
 */
export declare function copyRange(loc: ByteLocation, sink: (chunk: Uint8Array) => void, opts?: CopyOptions): void;
/**
 * A chunked tensor's row-major bytes: each chunk's elements copied to its place. A chunk that is one run
 * of the output (whole trailing dims: rows of a row split, a range of a flat buffer) is read straight into
 * place, one read; any other is read whole in one read into a reused buffer and placed run by run, a run
 * being as many elements as are contiguous in both. The reader checked that the chunks tile the tensor
 * exactly, so every byte is written once.
 */
export declare function assembleChunks(loc: Extract<ByteLocation, {
    kind: 'chunks';
}>, files: OpenFiles, into?: Uint8Array): Uint8Array;
/** Bytes [start, start + dest.length) of a raw storage read straight into `dest` (no intermediate buffer). */
export declare function readRawInto(loc: Extract<ByteLocation, {
    kind: 'raw';
}>, start: number, dest: Uint8Array, files: OpenFiles): void;
/**
 * Bytes [start, start+length) of a storage, as a fresh array — or in `into` (exactly `length` bytes, every
 * one overwritten) when the storage is plain bytes in a file, read straight into place.
 */
export declare function readRange(loc: ByteLocation, start: number, length: number, files?: OpenFiles, into?: Uint8Array): Uint8Array;
/**
 * The tensor's elements in row-major order, reading only the part of the storage the view spans.
 * Bytes are moved as opaque items, so every dtype (bool, bf16, fp8, complex…) and NaN payload survives.
 * `into` (the tensor's size in bytes), when given, may be filled and returned instead of a fresh array.
 */
export declare function readTensorBytes(info: TensorInfo, files?: OpenFiles, into?: Uint8Array): Uint8Array;
/**
 * Copies the elements of a strided view of `src` (offset and strides in elements) into a new row-major
 * array, or into `into` when it has exactly their size. Elements are copied as 4-, 2- or 1-byte words,
 * never as floats, so bit patterns are exact.
 */
export declare function gatherStrided(src: Uint8Array, itemsize: number, shape: readonly number[], stride: readonly number[], offset: number, into?: Uint8Array): Uint8Array;
/**
 * Permutes the dims of a row-major tensor: output dim i is input dim `dims[i]` (torch's `permute`;
 * a 2-D transpose is `[1, 0]`), into `into` when it has the tensor's size.
 */
export declare function transposeBytes(bytes: Uint8Array, shape: readonly number[], itemsize: number, dims: readonly number[], into?: Uint8Array): Uint8Array;
/** Splits a row-major tensor along `dim` into parts of the given sizes (torch.split with a list). */
export declare function splitBytes(bytes: Uint8Array, shape: readonly number[], itemsize: number, dim: number, sizes: readonly number[]): Uint8Array[];
/** Concatenates row-major tensors along `dim` (torch.cat); all other dims must agree. */
export declare function concatBytes(parts: readonly {
    bytes: Uint8Array;
    shape: readonly number[];
}[], itemsize: number, dim: number): {
    bytes: Uint8Array;
    shape: number[];
};
