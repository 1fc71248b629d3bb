import type { ByteSource } from '../byte-source.js';
/** Where the central directory is, as the end records say (validated against the file size). */
export interface CentralDirectoryLocation {
    offset: number;
    size: number;
    entryCount: number;
    zip64: boolean;
    comment: Uint8Array;
    /** the first byte the central directory may not reach (the zip64 record or the end record) */
    limit: number;
    /** end of the directory minus where the records say it ends: > 0 when data was prepended (zipfile shifts by it, miniz does not) */
    concat: number;
    /** the shift applied to every offset (0, or `concat` for Python zipfile's view) */
    shift: number;
    /** where the end record read is */
    eocdPos: number;
}
/**
 * Every end-record signature a reader could take, best first: the last one in the file with a full
 * record after it, which is the one miniz (PyTorch: mz_zip_reader_locate_header_sig scans backwards)
 * and Python's zipfile (numpy: _EndRecData's rfind) both take, then the earlier ones (a PK\5\6 in a
 * comment, in stored member data, or an older end record left by an append).
 */
export declare function endRecordCandidates(src: ByteSource): number[];
/**
 * Where the central directory is, as the end record at `eocdPos` says (default: the one loaders take).
 * `shift` adds Python zipfile's correction for data prepended to an archive (its `concat`): offsets
 * in the records are then relative to where the archive starts, not to the file.
 */
export declare function locateCentralDirectory(src: ByteSource, eocdPos?: number, shift?: number): CentralDirectoryLocation;
