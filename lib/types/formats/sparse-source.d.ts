import type { ByteSource } from './byte-source.js';
/**
 * A read of bytes a SparseSource does not hold. Deliberately not a FormatError: readers that turn
 * FormatErrors into "member not read" notes must not swallow it. Readers that swallow everything are
 * still caught, because every miss is also recorded on the source (see `misses`).
 */
export declare class MissingBytes extends Error {
    readonly source: string;
    readonly offset: number;
    readonly length: number;
    readonly name = "MissingBytes";
    constructor(source: string, offset: number, length: number);
}
/**
 * A file of known size of which only some ranges are held in memory: the bytes fetched from a remote
 * file. The synchronous readers run on it unchanged; a read of a range not held throws MissingBytes
 * and is recorded, so the caller can fetch exactly what was asked for and run the reader again. What a
 * reader sees is therefore always the file's real bytes, never a guess.
 */
export declare class SparseSource implements ByteSource {
    readonly name: string;
    readonly size: number;
    /** sorted, non-overlapping, non-adjacent held ranges */
    private ranges;
    /** ranges asked for and not held, since the last clearMisses() */
    misses: {
        offset: number;
        length: number;
    }[];
    constructor(name: string, size: number);
    read(offset: number, length: number): Uint8Array;
    close(): void;
    clearMisses(): void;
    /** bytes held, in total */
    get held(): number;
    /** Whether [offset, offset+length) is held entirely. */
    has(offset: number, length: number): boolean;
    /** The held range ending exactly at `offset`, if any (a reader walking forward through the file). */
    rangeEndingAt(offset: number): {
        start: number;
        length: number;
    } | undefined;
    /** Held ranges as [start, bytes] for the cache. */
    entries(): [number, Uint8Array][];
    /** Adds the real bytes at `start`, merging with ranges it touches or overlaps. */
    add(start: number, bytes: Uint8Array): void;
    private rangeAt;
}
