/**
 * Decoders for opcode arguments that are not plain binary integers: the text forms of protocol 0
 * (INT, LONG, FLOAT, STRING, UNICODE) and the little-endian two's-complement longs of LONG1/LONG4.
 * Each returns null for an argument CPython would reject, so the machine can report it precisely.
 */
/** A Python int as the values contract wants it: number when exactly representable, else bigint. */
export declare function normalizeInt(v: bigint): number | bigint;
/** `int(text, 0)` as PyLong_FromString does it (LONG, and INT's fallback), or null where CPython raises. */
export declare function parseIntText(text: string): number | bigint | null;
/** PUT / GET indexes: PyLong_FromString(s, NULL, 10) (`g0x1` fails in CPython, `p010` is 10). */
export declare function parseIntText10(text: string): number | bigint | null;
/**
 * INT as CPython's load_int reads it (Modules/_pickle.c): `strtol(s, &end, 0)` when that takes the
 * whole line, so a leading `0` is octal (`I010` is 8; review 21 F5), `00`/`01` protocol 0's booleans;
 * else `int(text, 0)`.
 */
export declare function parseIntLine(line: Uint8Array): number | bigint | boolean | null;
/** LONG: Python 2 wrote a trailing `L`, which load_long drops before `int(text, 0)`. */
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
