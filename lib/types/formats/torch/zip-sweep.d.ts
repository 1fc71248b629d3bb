import type { ByteSource } from '../byte-source.js';
import type { ZipArchive } from '../zip/reader.js';
import { type PickleScan } from './container.js';
/**
 * The safety sweep every zip gets, whatever kind of checkpoint it is: each member that a loader or a
 * lenient tool could unpickle and that the format reader did not already scan — pickles by name or by
 * content, the payload of every npy member whose dtype holds objects (numpy.load runs it), the same in
 * every other reading of the archive (see ZipArchive.alternates) — plus a gap for each member that
 * cannot be read and each layout trick. `scanned` holds the data offsets of members already scanned.
 */
export declare function sweepZip(zip: ZipArchive, file: string, scanned: Set<number>, scans: PickleScan[], storageFolder?: string): void;
/**
 * A crafted header_len can stop short of the header's space/newline padding; neither byte is a pickle
 * opcode, so skipping them finds the payload a lenient reader (or a later numpy) would run.
 */
export declare function afterPadding(src: ByteSource, at: number): number;
