/**
 * One tar header block read exactly as CPython's tarfile reads it (`TarInfo.frombuf`, `nti`, `nts`,
 * `calc_chksums`; Lib/tarfile.py of the Python 3.11 torch runs on). torch.load's `_legacy_load` asks
 * tarfile first and falls back to `pickle.load` from byte 0 on a TarError, so "is this a tar?" must be
 * tarfile's answer to the byte (review 21 F1, F3): a scanner with its own reading scans bytes torch
 * never runs and misses the ones it does.
 */
export declare const TAR_BLOCK = 512;
/** What `frombuf` raises, by the exception class tarfile's `next()` tells apart. */
export type TarHeaderError = 'empty' | 'truncated' | 'eof' | 'invalid';
export interface TarHeader {
    name: string;
    /** the type byte as a one-character string (`'0'`, `'\0'`, `'x'` …) */
    type: string;
    /** may be negative or beyond 2^53 (base-256 fields): the walker refuses those */
    size: bigint;
    linkname: string;
}
/** Python's `str.strip()` on ASCII text: what `int()` ignores around a number (nti's field, a pax record's value). */
export declare function pyStrip(s: string): string;
/** tarfile's `nti`: base-256 when the first byte is 0o200 / 0o377, else `int(nts(field).strip() or "0", 8)`; null where tarfile raises. */
export declare function nti(b: Uint8Array, at: number, n: number): bigint | null;
/** tarfile's `nts`: up to the first NUL, decoded (UTF-8; tarfile's surrogateescape keeps bad bytes, which never equal a torch name). */
export declare function nts(b: Uint8Array, at: number, n: number): string;
/** `TarInfo.frombuf` on the bytes read at a header position (fewer than 512 at the end of the file). */
export declare function parseTarHeader(buf: Uint8Array): TarHeader | TarHeaderError;
/** A first block tarfile.open(mode='r:') accepts: then torch.load reads the file as a tar-format checkpoint. */
export declare function isTar(head: Uint8Array): boolean;
