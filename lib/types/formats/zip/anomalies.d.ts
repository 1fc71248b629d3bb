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
export declare function zipAnomalies(zip: ZipArchive): ZipAnomaly[];
