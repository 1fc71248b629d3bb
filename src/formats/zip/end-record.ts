import type { ByteSource } from '../byte-source.js';
import { FormatError } from '../errors.js';
import { u16, u32, u64 } from './window.js';

const EOCD_SIG = 0x06054b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const ZIP64_EOCD_SIG = 0x06064b50;
const EOCD_SIZE = 22;
const ZIP64_LOCATOR_SIZE = 20;
const ZIP64_EOCD_MIN_SIZE = 56;
/** the comment is at most 65,535 bytes, so the record starts within this distance of the end */
const MAX_EOCD_SEARCH = 0xffff + EOCD_SIZE;

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
export function endRecordCandidates(src: ByteSource): number[] {
  const size = src.size;
  if (size < EOCD_SIZE) throw new FormatError(src.name, `not a zip archive: ${size} bytes is too short for an end-of-central-directory record`);
  const tailStart = size - Math.min(size, MAX_EOCD_SEARCH);
  const tail = src.read(tailStart, size - tailStart);
  const out: number[] = [];
  for (let i = tail.length - EOCD_SIZE; i >= 0; i--) {
    if (tail[i] === 0x50 && tail[i + 1] === 0x4b && tail[i + 2] === 0x05 && tail[i + 3] === 0x06) out.push(tailStart + i);
  }
  if (out.length === 0) {
    // A file that starts with a local header is a zip that lost its end: say so plainly.
    const startsAsZip = size >= 4 && u32(src.read(0, 4), 0) === 0x04034b50;
    throw new FormatError(
      src.name,
      startsAsZip
        ? `truncated zip: it starts as a zip archive but has no end-of-central-directory record (the file ends at ${size} bytes)`
        : 'not a zip archive: no end-of-central-directory record in the last 64 KiB',
    );
  }
  return out;
}

/**
 * Where the central directory is, as the end record at `eocdPos` says (default: the one loaders take).
 * `shift` adds Python zipfile's correction for data prepended to an archive (its `concat`): offsets
 * in the records are then relative to where the archive starts, not to the file.
 */
export function locateCentralDirectory(src: ByteSource, eocdPos?: number, shift = 0): CentralDirectoryLocation {
  const size = src.size;
  if (eocdPos === undefined) eocdPos = endRecordCandidates(src)[0]!;
  const at = 0;
  const tail = src.read(eocdPos, Math.min(size - eocdPos, EOCD_SIZE + 0xffff));
  const disk = u16(tail, at + 4);
  const cdDisk = u16(tail, at + 6);
  let entryCount = u16(tail, at + 10);
  let cdSize = u32(tail, at + 12);
  let cdOffset = u32(tail, at + 16);
  const commentLength = Math.min(u16(tail, at + 20), tail.length - at - EOCD_SIZE);
  const comment = tail.slice(at + EOCD_SIZE, at + EOCD_SIZE + commentLength);

  let zip64 = false;
  let limit = eocdPos;
  const locatorPos = eocdPos - ZIP64_LOCATOR_SIZE;
  if (locatorPos >= 0 && u32(src.read(locatorPos, 4), 0) === ZIP64_LOCATOR_SIG) {
    const locator = src.read(locatorPos, ZIP64_LOCATOR_SIZE);
    const recordPos = u64(locator, 8);
    if (recordPos === null || recordPos + ZIP64_EOCD_MIN_SIZE > locatorPos) {
      throw new FormatError(src.name, `bad zip64 locator: end record offset ${recordPos ?? 'over 2^53'} does not lie before the locator at ${locatorPos}`);
    }
    const rec = src.read(recordPos, ZIP64_EOCD_MIN_SIZE);
    if (u32(rec, 0) !== ZIP64_EOCD_SIG) throw new FormatError(src.name, `bad zip64 end-of-central-directory record at ${recordPos}: wrong signature`);
    const count = u64(rec, 32);
    const size64 = u64(rec, 40);
    const offset64 = u64(rec, 48);
    if (count === null || size64 === null || offset64 === null) {
      throw new FormatError(src.name, `zip64 end record at ${recordPos} declares sizes over 2^53 bytes`);
    }
    if (u32(rec, 16) !== 0 || u32(rec, 20) !== 0) throw new FormatError(src.name, 'multi-disk (spanned) zip archives are not supported');
    entryCount = count;
    cdSize = size64;
    cdOffset = offset64;
    zip64 = true;
    limit = recordPos;
  } else if (disk !== 0 || cdDisk !== 0) {
    throw new FormatError(src.name, 'multi-disk (spanned) zip archives are not supported');
  }

  // zipfile's concat: how far the records' offsets are from where the directory really is
  const concat = limit - cdSize - cdOffset;
  cdOffset += shift;
  if (cdOffset > size) throw new FormatError(src.name, `truncated zip: central directory at ${cdOffset} is past end of file (${size} bytes)`);
  if (cdOffset + cdSize > limit) {
    throw new FormatError(src.name, `truncated zip: central directory at ${cdOffset} (${cdSize} bytes) runs past its end record at ${limit} (file has ${size} bytes)`);
  }
  return { offset: cdOffset, size: cdSize, entryCount, zip64, comment, limit, concat, shift, eocdPos };
}
