/**
 * Random access to bytes without holding them: checkpoints can be tens of GB, so readers ask for the
 * ranges they need. Offsets are JS numbers (exact up to 2^53, i.e. 8 PiB).
 */
export interface ByteSource {
    /** what the user called it, for error messages */
    readonly name: string;
    readonly size: number;
    /** Exactly `length` bytes at `offset`; throws FormatError (truncated) when the range passes the end. */
    read(offset: number, length: number): Uint8Array;
    /**
     * Optional: the same bytes as `read(offset, into.length)`, copied into `into` (a buffer the caller
     * reuses). Fresh memory costs a page fault per 4 KiB on first touch (~15 µs each on a loaded VM,
     * issue 14): a caller reading many windows reuses one buffer instead of allocating each.
     */
    readInto?(offset: number, into: Uint8Array): void;
    close(): void;
}
export declare class FileSource implements ByteSource {
    readonly path: string;
    readonly name: string;
    readonly size: number;
    private fd;
    constructor(path: string, name?: string);
    read(offset: number, length: number): Uint8Array;
    readInto(offset: number, into: Uint8Array): void;
    private fill;
    close(): void;
}
/** Bytes already in memory (a decompressed zip entry, a nested pickle, a test vector). */
export declare class BufferSource implements ByteSource {
    readonly bytes: Uint8Array;
    readonly name: string;
    readonly size: number;
    constructor(bytes: Uint8Array, name: string);
    read(offset: number, length: number): Uint8Array;
    close(): void;
}
