/**
 * Zip entry names are bytes: UTF-8 when general-purpose flag bit 11 is set, otherwise code page 437
 * (what Python's zipfile, and so numpy, assumes). Decoding the same way keeps our names equal to the
 * names the loaders look up.
 */
export declare const FLAG_UTF8 = 2048;
export declare function decodeEntryName(bytes: Uint8Array, flags: number): string;
