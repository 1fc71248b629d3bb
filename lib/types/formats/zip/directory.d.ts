/**
 * An archive's central directory as columns (issue 14): one typed array per field and every name's
 * bytes in one pool, so a directory of 2,000,000 members costs ~50 bytes each instead of a ZipEntry
 * object, a name string and a map entry (~200 bytes). Names are decoded only when one is asked for
 * (`nameAt`); the questions a torch checkpoint's reading asks of every member (does its name start
 * with this folder, is it this record, could it be a pickle or an unsafe path) are answered on bytes.
 *
 * Byte questions and string questions agree exactly because every name is decoded byte for byte on
 * ASCII: in UTF-8 and in code page 437 an ASCII byte is the same character and a byte ≥ 0x80 never
 * decodes to an ASCII character, so an ASCII text is at the start, end or inside a decoded name exactly
 * where its bytes are in the name's bytes.
 */
export declare class ZipDirectory {
    count: number;
    private pool;
    private poolLength;
    nameStart: Float64Array;
    nameLength: Uint16Array;
    flags: Uint16Array;
    method: Uint16Array;
    crc32: Uint32Array;
    compressedSize: Float64Array;
    size: Float64Array;
    localHeaderOffset: Float64Array;
    dataOffset: Float64Array;
    /** decoded local-header names, only for the members whose local name differs from the central one */
    readonly localNames: Map<number, string>;
    constructor(capacity: number);
    /** Appends a member (its name bytes are copied); returns its index. */
    push(name: Uint8Array, flags: number, method: number, crc: number, compressedSize: number, size: number, localHeaderOffset: number, dataOffset: number): number;
    /** the name's raw bytes (a view into the pool: do not keep it past the directory) */
    nameBytes(i: number): Uint8Array;
    /** the central name, decoded as the loaders decode it */
    nameAt(i: number): string;
    localNameAt(i: number): string;
    /** whether member i's name starts with `ascii` (an ASCII text, as bytes) */
    startsWith(i: number, ascii: Uint8Array): boolean;
    /** whether member i's name is exactly `ascii` */
    is(i: number, ascii: Uint8Array): boolean;
    /** whether member i's name ends with `ascii` */
    endsWith(i: number, ascii: Uint8Array): boolean;
    /** the byte at position k of member i's name (k may be negative: from the end), or -1 */
    byteAt(i: number, k: number): number;
    /** position of the first `byte` in member i's name from `from`, or -1 */
    indexOf(i: number, byte: number, from?: number): number;
    /** whether every name is ASCII (then names are equal exactly when their bytes are) */
    allAscii(): boolean;
    private ascii;
    /** Whether two members share a name, on bytes (exact when every name is ASCII; the caller asks nameAt otherwise); kept. */
    hasDuplicateAsciiNames(): boolean;
    private duplicates;
    /** Whether two names are equal once ASCII A-Z are lowered (miniz's compare), on bytes; the same set as hasDuplicateAsciiNames when no name has a capital. */
    hasFoldedDuplicates(): boolean;
    /**
     * Views of the filled part (the columns were sized by the declared count, which an honest archive
     * gives exactly: a copy would cost ~140 MB of copying and a second set at 2,000,000 members).
     */
    trim(): void;
    private grow;
}
/** An ASCII text as bytes, or null when it holds another character (it then matches no name's bytes exactly). */
export declare function asciiBytes(s: string): Uint8Array | null;
