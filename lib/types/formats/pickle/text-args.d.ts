/**
 * Decoders for opcode arguments that are not plain binary integers: the text forms of protocol 0
 * (INT, LONG, FLOAT, STRING, UNICODE) and the little-endian two's-complement longs of LONG1/LONG4.
 * Each returns null for an argument CPython would reject, so the machine can report it precisely.
 */
/** A Python int as the values contract wants it: number when exactly representable, else bigint. */
export declare function normalizeInt(v: bigint): number | bigint;
/** `int(text, 0)` as pickle's INT and LONG use it (decimal, 0x/0o/0b, underscores between digits). */
export declare function parseIntText(text: string): number | bigint | null;
/** INT: `00`/`01` are protocol 0's booleans (pickled True/False before NEWTRUE existed). */
export declare function parseIntLine(line: Uint8Array): number | bigint | boolean | null;
/** LONG: Python 2 wrote a trailing `L`. */
export declare function parseLongLine(line: Uint8Array): number | bigint | null;
/** FLOAT: `float(text)` — repr output, plus inf/nan spellings. */
export declare function parseFloatLine(line: Uint8Array): number | null;
/**
 * STRING: a Python 2 `repr()` of a byte string — quoted with ' or ", then `codecs.escape_decode`d.
 * Returns the raw bytes, or a reason string when CPython would reject the argument.
 */
export declare function decodeStringLine(line: Uint8Array): Uint8Array | string;
/**
 * UNICODE: raw-unicode-escape — every byte is a Latin-1 character except `\uXXXX` and
 * `\UXXXXXXXX`. Throws RawUnicodeEscapeError where CPython would reject it.
 */
export declare function decodeRawUnicodeEscape(line: Uint8Array): string;
/** Raised inside decodeRawUnicodeEscape; the machine turns it into a FormatError with the offset. */
export declare class RawUnicodeEscapeError extends Error {
}
/** pickle.decode_long: little-endian two's complement of any length. */
export declare function decodeLong(bytes: Uint8Array): number | bigint;
