import type { ByteSource } from '../byte-source.js';
import type { ByteLocation } from '../tensor.js';
/**
 * Where a pickle's bytes live, so that offsets inside it (numpy payloads, nested legacy streams) can be
 * handed out as file locations: a range of the user's file when the bytes are stored plainly, or an
 * in-memory buffer when they had to be inflated.
 */
export interface Region {
    src: ByteSource;
    /** the location of `length` bytes at `offset` within `src` */
    locate(offset: number, length: number): ByteLocation;
}
/** A window onto part of another source: a stored zip entry or bytes embedded in a pickle, read in place. */
export declare class SliceSource implements ByteSource {
    private readonly base;
    private readonly start;
    readonly size: number;
    readonly name: string;
    constructor(base: ByteSource, start: number, size: number, name?: string);
    read(offset: number, length: number): Uint8Array;
    close(): void;
}
/** The whole user file (or a stored range of it at `base`): locations are raw file offsets. */
export declare function fileRegion(src: ByteSource, file: string, base?: number): Region;
/** Bytes that exist only in memory (an inflated entry, a pickle-embedded byte string). */
export declare function memoryRegion(src: ByteSource & {
    bytes: Uint8Array;
}): Region;
