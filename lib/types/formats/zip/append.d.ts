import type { ZipArchive, ZipEntry } from './reader.js';
/** An entry to append, held in memory (a pickle: kilobytes to megabytes). */
export interface AppendedEntry {
    name: string;
    data: Uint8Array;
}
/** Where the kept part of the archive ends, and what it holds that the new directory will not list. */
export interface TailLayout {
    /** the offset the new tail is written from: the end of the last kept entry (its data descriptor included) */
    keepUntil: number;
    /** unlisted local entries left before `keepUntil`, with the bytes each spans */
    orphans: {
        name: string;
        bytes: number;
    }[];
}
/**
 * The layout `rewriteTail` will use. The kept entries' bytes must all lie before the central directory
 * and before any dropped entry that follows them; a crafted archive whose entries overlap, or interleave
 * with its central directory, is refused with a FormatError.
 */
export declare function tailLayout(zip: ZipArchive, keep: readonly ZipEntry[]): TailLayout;
/**
 * `fd` is an open, writable, byte-identical copy of `zip`'s file. Truncates it after the kept entries,
 * appends `added`, then writes the central directory (added entries first, in order, then the kept
 * ones in their original order) and the end records (zip64 when the counts or offsets need it).
 * Returns the new file size and the layout used.
 */
export declare function rewriteTail(fd: number, zip: ZipArchive, keep: readonly ZipEntry[], added: readonly AppendedEntry[], opts?: {
    alignment?: number;
}): TailLayout & {
    size: number;
};
/** A little-endian record builder for headers. */
