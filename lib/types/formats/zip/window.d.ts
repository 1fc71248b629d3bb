import type { ByteSource } from '../byte-source.js';
/**
 * Serves many small reads (central directory records, local headers) from one larger read, so listing
 * an archive of 100,000 entries costs a few hundred system calls instead of 200,000.
 * Callers check ranges against the source size first; a read past the end still raises FormatError.
 */
export declare class WindowedReader {
    private readonly src;
    private readonly windowSize;
    private start;
    private bytes;
    constructor(src: ByteSource, windowSize: number);
    read(offset: number, length: number): Uint8Array;
}
export declare function u16(b: Uint8Array, at: number): number;
export declare function u32(b: Uint8Array, at: number): number;
/** A little-endian u64 as a number, or null when it does not fit exactly (over 2^53). */
export declare function u64(b: Uint8Array, at: number): number | null;
