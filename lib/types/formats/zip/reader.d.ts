import { type ByteSource } from '../byte-source.js';
import { ZipDirectory } from './directory.js';
export { crc32 } from './crc32.js';
export { readEntry, streamEntry, readEntryPrefix, entryLocation, DEFAULT_MAX_ENTRY_BYTES } from './entry-data.js';
export { zipAnomalies, isUnsafeEntryName, FLAG_UNREADABLE, FLAG_ENCRYPTED, FLAG_PATCHED, FLAG_STRONG_ENCRYPTION, type ZipAnomaly } from './anomalies.js';
export declare const METHOD_STORED = 0;
export declare const METHOD_DEFLATED = 8;
export interface ZipEntry {
    /** the name in the central directory: the one loaders look up */
    name: string;
    /** the name in the entry's local header (differs from `name` only in crafted archives) */
    localName: string;
    /** 0 stored, 8 deflate; anything else cannot be read */
    method: number;
    /** general-purpose flags from the central directory (0x1 encrypted, 0x8 data descriptor, 0x800 UTF-8 …) */
    flags: number;
    compressedSize: number;
    size: number;
    crc32: number;
    localHeaderOffset: number;
    /** absolute offset of the entry's (possibly compressed) bytes: after the LOCAL header's name and extra */
    dataOffset: number;
}
export interface ZipArchive {
    source: ByteSource;
    /** the central directory as columns: what the hot paths read, without a ZipEntry per member */
    readonly dir: ZipDirectory;
    /** in central-directory order (made on first use: an object and a string per member) */
    readonly entries: ZipEntry[];
    /** by central name; with duplicate names the first entry wins (see zipAnomalies); made on first use */
    readonly byName: Map<string, ZipEntry>;
    /** the entry at a directory index: the same object `entries` holds at that index */
    entryAt(i: number): ZipEntry;
    /** the directory index of the first member named `name`, or -1 */
    find(name: string): number;
    zip64: boolean;
    comment: string;
    /**
     * Other readings of the same file that list different members: another end record (miniz and
     * zipfile take the last one; a scanner taking another is bypassed), or zipfile's shifted view of an
     * archive with data in front. Each must be scanned too; `otherViews` says in words what differs.
     */
    alternates?: ZipArchive[];
    otherViews?: string[];
    /** the offset shift this reading applied (0 but in zipfile's view of an archive with data in front) */
    shiftedBy?: number;
}
/** the check lives in magic.ts, which detectKind imports without this reader */
export { isZip } from '../magic.js';
/**
 * Lists an archive from its central directory and each entry's local header, never touching entry
 * data. Every entry's data range is checked to lie inside the file, so locations handed out later
 * are readable. Flags and name mismatches are kept, not rejected: see zipAnomalies.
 */
export declare function openZip(src: ByteSource): ZipArchive;
