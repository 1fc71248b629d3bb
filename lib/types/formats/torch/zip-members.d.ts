import { type ZipArchive, type ZipEntry } from '../zip/reader.js';
import { type Region } from './region.js';
/** Pickles inside archives are small (data.pkl is kilobytes to megabytes); refuse to inflate more than this. */
export declare const MAX_PICKLE_ENTRY_BYTES: number;
/**
 * The bytes of a zip member as a Region: a stored member is read in place (offsets map to the file),
 * a deflated one is inflated into memory. Flags claiming encryption are ignored on purpose: the safety
 * scan must see what a lenient loader would see, and the zip anomalies are reported separately.
 */
export declare function entryRegion(zip: ZipArchive, e: ZipEntry, file: string): Region;
/**
 * Deflate bombs: inflating members to read them whole is what a small file can make expensive (deflate
 * reaches ~1030:1, so 1 MB can claim 1 GB). A member that claims more than INFLATE_RATIO times its
 * compressed size beyond INFLATE_FLOOR is refused, and all members inflated from one archive share a
 * budget of INFLATE_BUDGET_FLOOR plus INFLATE_BUDGET_PER_BYTE per byte of the archive. A refusal is a
 * FormatError: the member was not read, so callers record a gap and the verdict is at best incomplete.
 */
export declare const INFLATE_RATIO = 256;
export declare const INFLATE_FLOOR: number;
export declare const INFLATE_BUDGET_FLOOR: number;
export declare const INFLATE_BUDGET_PER_BYTE = 32;
/** `archive/data.pkl` → `archive/`; '' for a member at the root. */
export declare function folderOf(name: string): string;
/** Members a loader or scanner would unpickle: by extension, or a name the torch loaders open. */
export declare function isPickleName(name: string): boolean;
/**
 * What a member is to a loader, by name and by content (never by name alone: a pickle stored as
 * `data.txt` is still unpickled by a loader that opens it, and numpy reads any member that starts with
 * the npy magic): a pickle by name or by content, an npy array (whose object payload is a pickle),
 * something else, or a member sdmatch cannot read (a compression method it does not inflate).
 */
export type MemberKind = 'pickle-name' | 'pickle-content' | 'npy' | 'other' | 'unreadable' | 'folder';
export declare function memberKind(zip: ZipArchive, e: ZipEntry): MemberKind;
