import type { ByteSource } from '../byte-source.js';
/**
 * Serves many small reads (central directory records, local headers) from one larger read, so listing
 * an archive of 100,000 entries costs a few hundred system calls instead of 200,000.
 * Callers check ranges against the source size first; a read past the end still raises FormatError.
 *
 * A source that can read into a given buffer (`readInto`: a local file) is read into two buffers
 * used in turn, not a fresh one per window: listing a 200,000-member torch zip reads its whole 68 MB
 * through the local-header window, and fresh memory faults once per 4 KiB page (issue 14: ~15 µs a
 * fault on this VM, a tenth of the listing). So a view this returns stays valid until the second
 * refill after it (one further window may be read while it is in use), not for ever: callers copy
 * what they keep (readCentralEntry copies a name into the directory before the next member).
 */
export declare class WindowedReader {
    private readonly src;
    private readonly windowSize;
    private start;
    private bytes;
    /** the two window buffers of a source with readInto, made on first use */
    private spare;
    private other;
    constructor(src: ByteSource, windowSize: number);
    read(offset: number, length: number): Uint8Array;
    /** the window read into the buffer not holding the current one (so the current one's views stay good) */
    private refill;
}
export declare function u16(b: Uint8Array, at: number): number;
export declare function u32(b: Uint8Array, at: number): number;
/** A little-endian u64 as a number, or null when it does not fit exactly (over 2^53). */
export declare function u64(b: Uint8Array, at: number): number | null;
