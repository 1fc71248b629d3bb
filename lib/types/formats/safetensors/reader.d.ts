import type { ByteSource } from '../byte-source.js';
import { type TensorInfo } from '../tensor.js';
/** The reference implementation's limit; a larger header is refused before it is read. */
export declare const MAX_HEADER_LENGTH = 100000000;
export interface SafetensorsTensor {
    name: string;
    info: TensorInfo;
}
export interface SafetensorsFile {
    /** in header (JSON) order */
    tensors: SafetensorsTensor[];
    metadata: Record<string, string> | null;
    /** N: the header's byte length; tensor data starts at 8 + N */
    headerLength: number;
}
export interface ReadOptions {
    /** read the header the exact way (JSON.parse and the key walk) even when the one-pass scan could: tests compare the two */
    exact?: boolean;
}
/** An 8-byte length that fits the file and stays under the limit, then `{`. */
export declare function looksLikeSafetensors(head: Uint8Array, size: number): boolean;
/**
 * Reads the header and validates it as the reference implementation does: every tensor's byte range
 * matches its shape and dtype, and the ranges tile the data section exactly (no overlap, no hole, no
 * trailing bytes: the spec forbids holes so that no other file can hide in one). Tensor bytes are not read.
 */
export declare function readSafetensors(src: ByteSource, file: string, opts?: ReadOptions): SafetensorsFile;
/** The 8-byte little-endian header length, or null when it is 2^53 or more. */
export declare function headerLengthOf(b: Uint8Array): number | null;
