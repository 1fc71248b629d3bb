import type { ByteSource } from '../byte-source.js';
import { FormatError } from '../errors.js';
/**
 * A forward cursor over a ByteSource that reads it in windows, so a pickle is never assumed to be in
 * memory and the machine never issues one source read per byte. Views returned by `take`/`line` are
 * valid only until the next call; callers copy what they keep.
 */
export declare class PickleReader {
    private readonly src;
    private buf;
    /** `buf` as a Buffer (same memory), to make strings straight from the window without a view per string */
    private chars;
    private bufStart;
    private bufEnd;
    /** absolute offset of the next unread byte */
    pos: number;
    readonly size: number;
    constructor(src: ByteSource, start: number);
    get name(): string;
    remaining(): number;
    /** One byte, or -1 at the end of the source. */
    byte(): number;
    /**
     * A view of the next `n` bytes. The caller has checked `n <= remaining()` (so a declared length is
     * validated before anything is allocated for it).
     */
    take(n: number): Uint8Array;
    /**
     * Little-endian unsigned integer of `n` ≤ 4 bytes read straight from the window (no view object: the
     * machine reads millions of these). The caller has checked `n <= remaining()`.
     */
    uint(n: number): number;
    /**
     * The next `n` bytes as a string when they are all ASCII (UTF-8 and Latin-1 then read them alike),
     * consuming them; null, consuming nothing, when one is not or `n` is large. Keys and storage names
     * are short ASCII: this spares a view object and a decoder call for each of 200,000 of them. The
     * caller has checked `n <= remaining()`.
     */
    ascii(n: number): string | null;
    skip(n: number): void;
    /**
     * The bytes up to (not including) the next `\n`, consuming the newline; null when the source ends
     * first, 'too-long' past `maxLength` bytes (a newline-free file must not be pulled into memory
     * whole). Protocol-0 arguments are lines.
     */
    line(maxLength: number): Uint8Array | null | 'too-long';
    private fill;
}
/** The one-line error for a stream that ends early. */
export declare function truncated(src: string, what: string, offset: number): FormatError;
