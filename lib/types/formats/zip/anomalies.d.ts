import type { ZipArchive } from './reader.js';
export declare const FLAG_ENCRYPTED = 1;
export declare const FLAG_PATCHED = 32;
export declare const FLAG_STRONG_ENCRYPTION = 64;
/** flags with which miniz (PyTorch) and Python's zipfile (numpy) refuse to read an entry */
export declare const FLAG_UNREADABLE: number;
export declare function describeUnreadableFlags(flags: number): string;
/**
 * Something a crafted archive does to make scanners and loaders see different things. Reported, not
 * rejected: the safety scanner decides what they mean.
 */
export type ZipAnomaly = {
    kind: 'unreadable-flags';
    entry: string;
    flags: number;
    detail: string;
} | {
    kind: 'name-mismatch';
    entry: string;
    localName: string;
} | {
    kind: 'duplicate-name';
    entry: string;
    count: number;
}
/** two names equal but for ASCII case: torch's reader (miniz) compares names lowercased, so it may read either */
 | {
    kind: 'case-twin';
    entry: string;
    other: string;
} | {
    kind: 'unsafe-path';
    entry: string;
} | {
    kind: 'unsupported-method';
    entry: string;
    method: number;
};
/** `../x`, `/etc/x`, `C:\x`, `a/../../x`: names that escape the extraction directory. */
export declare function isUnsafeEntryName(name: string): boolean;
/**
 * Read from the directory's columns: a name is decoded only for a member with something to report (or
 * whose bytes hold `/`, `\\`, `:` or `..` where isUnsafeEntryName looks: those are ASCII, which the
 * decoders map byte for byte, so the byte test passes every name the string test could flag).
 */
export declare function zipAnomalies(zip: ZipArchive): ZipAnomaly[];
/** A name as miniz compares it: ASCII letters folded to lower case (MZ_TOLOWER), nothing else. */
export declare const asciiLower: (s: string) => string;
/**
 * Pairs of member names that differ only in ASCII case (miniz's MZ_TOLOWER compare, by which torch's
 * PyTorchFileReader finds `data.pkl` and `data/<key>`: a binary search that may land on either; review
 * 21 F4). Checked on the name bytes folded to lower case when every name is ASCII; named only then.
 */
export declare function caseTwins(zip: ZipArchive): [string, string][];
