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
    close(): void;
}
export declare class FileSource implements ByteSource {
    readonly path: string;
    readonly name: string;
    readonly size: number;
    private fd;
    constructor(path: string, name?: string);
    read(offset: number, length: number): Uint8Array;
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
