export declare const DEFAULT_ALIGNMENT = 64;
export interface ZipWriterOptions {
    /** data alignment in bytes (PyTorch: 64) */
    alignment?: number;
}
export declare class ZipWriter {
    private readonly entries;
    private readonly names;
    private finished;
    private writing;
    private readonly alignment;
    private readonly out;
    constructor(fd: number, opts?: ZipWriterOptions);
    /** Bytes written so far (the offset the next entry's local header starts at). */
    get offset(): number;
    /**
     * Adds an entry of exactly `size` bytes, which `write` streams through `sink` (in as many chunks as it
     * likes; chunks may be reused buffers, they are consumed before `sink` returns). `knownCrc`, when the
     * caller has it (bytes copied whole from another zip entry), is trusted instead of computed.
     */
    addEntry(name: string, size: number, write: (sink: (chunk: Uint8Array) => void) => void, knownCrc?: number): void;
    /** Adds an entry from memory (its CRC is known before the header is written). */
    addBytes(name: string, data: Uint8Array): void;
    /** Writes the central directory (zip64 records when anything needs them) and flushes. */
    finish(): void;
    private checkOpen;
    private startEntry;
}
/**
 * Sequential positioned writes to a file descriptor, small chunks coalesced into one buffer (a
 * checkpoint has up to 100,000 entries with tiny headers), large chunks written straight through.
 * Already-written bytes can be patched in place.
 */
export declare class BufferedOutput {
    private readonly fd;
    private pending;
    private pendingLength;
    private pendingStart;
    private pos;
    constructor(fd: number);
    get position(): number;
    write(chunk: Uint8Array): void;
    /** Overwrites bytes already written (a header field known only afterwards). */
    patch(at: number, bytes: Uint8Array): void;
    flush(): void;
}
