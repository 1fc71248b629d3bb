import { FileSource, type ByteSource } from '../byte-source.js';
import { FormatError } from '../errors.js';
import { endRecordCandidates, locateCentralDirectory, type CentralDirectoryLocation } from './end-record.js';
import { decodeEntryName, FLAG_UTF8 } from './names.js';
import { WindowedReader, u16, u32, u64 } from './window.js';

export { crc32 } from './crc32.js';
export { readEntry, streamEntry, readEntryPrefix, entryLocation, DEFAULT_MAX_ENTRY_BYTES } from './entry-data.js';
export { zipAnomalies, isUnsafeEntryName, FLAG_ENCRYPTED, FLAG_PATCHED, FLAG_STRONG_ENCRYPTION, type ZipAnomaly } from './anomalies.js';

export const METHOD_STORED = 0;
export const METHOD_DEFLATED = 8;

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
  /** in central-directory order */
  entries: ZipEntry[];
  /** by central name; with duplicate names the first entry wins (see zipAnomalies) */
  byName: Map<string, ZipEntry>;
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

/** end records tried at most (each one that parses costs a read of its central directory) */
const MAX_END_RECORDS = 16;

const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;
const CENTRAL_FIXED = 46;
const LOCAL_FIXED = 30;
const ZIP64_EXTRA_ID = 0x0001;

/** PK\3\4 (a first local header) or PK\5\6 (an empty archive is only its end record). */
export function isZip(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6));
}

/**
 * Lists an archive from its central directory and each entry's local header, never touching entry
 * data. Every entry's data range is checked to lie inside the file, so locations handed out later
 * are readable. Flags and name mismatches are kept, not rejected: see zipAnomalies.
 */
export function openZip(src: ByteSource): ZipArchive {
  const candidates = endRecordCandidates(src);
  let primary: ZipArchive | null = null;
  let firstError: FormatError | null = null;
  const alternates: ZipArchive[] = [];
  const views: string[] = [];
  const tried = candidates.slice(0, MAX_END_RECORDS);
  if (candidates.length > tried.length) views.push(`${candidates.length} end-of-central-directory signatures: only the last ${tried.length} were read`);
  for (const at of tried) {
    for (const shift of [0, null]) {
      let archive: ZipArchive;
      try {
        const loc = locateCentralDirectory(src, at);
        if (shift === null && loc.concat <= 0) continue;
        archive = listArchive(src, shift === null ? locateCentralDirectory(src, at, loc.concat) : loc);
      } catch (e) {
        if (!(e instanceof FormatError)) throw e;
        if (at === candidates[0] && shift === 0) firstError = e;
        continue;
      }
      if (!primary) {
        primary = archive;
        if (at !== candidates[0] || shift !== 0) views.push(`the end record loaders read (at ${candidates[0]}) does not parse (${firstError?.message ?? 'no directory'}); sdmatch read the one at ${at}${shift === null ? ' with zipfile\'s offset shift' : ''}`);
      } else if (!sameMembers(primary, archive)) {
        alternates.push(archive);
        const who = shift === null ? `Python zipfile, shifting offsets by the ${archive.shiftedBy} bytes in front of the archive,` : `another end record, at ${at},`;
        views.push(`${who} lists ${archive.entries.length} member(s) (${archive.entries.slice(0, 3).map((e) => e.name).join(', ')}) unlike the central directory miniz and zipfile read: they were scanned too`);
      }
    }
  }
  if (!primary) throw firstError ?? new FormatError(src.name, 'bad zip: no end-of-central-directory record leads to a central directory');
  if (alternates.length > 0) primary.alternates = alternates;
  views.push(...(primary.otherViews ?? []));
  if (views.length > 0) primary.otherViews = views;
  return primary;
}

function sameMembers(a: ZipArchive, b: ZipArchive): boolean {
  if (a.entries.length !== b.entries.length) return false;
  return a.entries.every((e, i) => {
    const f = b.entries[i]!;
    return e.name === f.name && e.dataOffset === f.dataOffset && e.compressedSize === f.compressedSize && e.method === f.method;
  });
}

/**
 * The members the central directory holds, read by its size as Python's zipfile reads them. An entry
 * count in the end record that disagrees is not an error but a note: miniz (PyTorch) refuses such an
 * archive or reads only the declared number, zipfile (numpy) reads them all, so they are all scanned.
 */
function listArchive(src: ByteSource, loc: CentralDirectoryLocation): ZipArchive {
  const notes: string[] = [];
  if (loc.entryCount * CENTRAL_FIXED > loc.size) {
    notes.push(`bad zip: end record declares ${loc.entryCount} entries but the central directory has only ${loc.size} bytes (miniz refuses it; zipfile reads the directory by its size)`);
  }
  const central = new WindowedReader(src, 1 << 20);
  // local headers are read in file order: in a local file whose members are small (100,000s of tiny
  // tensors) one 64 KiB read serves dozens of them; where they are large, or the bytes come by range
  // request (every byte fetched counts, and windows would fetch tensor bytes between headers), a 4 KiB
  // window reads little else
  const dense = src instanceof FileSource && src.size / Math.max(1, loc.entryCount) < 1 << 14;
  const local = new WindowedReader(src, dense ? 1 << 16 : 1 << 12);
  const entries: ZipEntry[] = [];
  const cdEnd = loc.offset + loc.size;
  let pos = loc.offset;
  while (pos + CENTRAL_FIXED <= cdEnd) {
    const entry = readCentralEntry(src, central, local, pos, cdEnd, entries.length, loc.shift);
    entries.push(entry.entry);
    pos = entry.next;
  }
  const declaredMatches = entries.length === loc.entryCount || (!loc.zip64 && entries.length % 0x10000 === loc.entryCount);
  if (!declaredMatches && notes.length === 0) {
    notes.push(`bad zip: central directory holds ${entries.length} entries but the end record declares ${loc.entryCount} (miniz reads the declared number, zipfile all of them)`);
  }
  if (entries.length === 0 && notes.length > 0) throw new FormatError(src.name, notes[0]!.replace(/ \(miniz.*\)$/, ''));
  // set from the last entry back, so that with duplicate names the first one stays: one map
  // operation per entry (of 2,000,000) instead of a lookup and an insert
  const byName = new Map<string, ZipEntry>();
  for (let i = entries.length - 1; i >= 0; i--) byName.set(entries[i]!.name, entries[i]!);
  const archive: ZipArchive = { source: src, entries, byName, zip64: loc.zip64, comment: new TextDecoder('utf-8').decode(loc.comment), shiftedBy: loc.shift };
  if (notes.length > 0) archive.otherViews = notes;
  return archive;
}

function readCentralEntry(
  src: ByteSource,
  central: WindowedReader,
  local: WindowedReader,
  pos: number,
  cdEnd: number,
  index: number,
  shift: number,
): { entry: ZipEntry; next: number } {
  const fixed = central.read(pos, CENTRAL_FIXED);
  if (u32(fixed, 0) !== CENTRAL_SIG) throw new FormatError(src.name, `bad zip: central directory entry #${index} at ${pos} has a wrong signature`);
  const flags = u16(fixed, 8);
  const method = u16(fixed, 10);
  const crc = u32(fixed, 16);
  let compressedSize = u32(fixed, 20);
  let size = u32(fixed, 24);
  const nameLength = u16(fixed, 28);
  const extraLength = u16(fixed, 30);
  const commentLength = u16(fixed, 32);
  let localHeaderOffset = u32(fixed, 42);
  const next = pos + CENTRAL_FIXED + nameLength + extraLength + commentLength;
  if (next > cdEnd) throw new FormatError(src.name, `bad zip: central directory entry #${index} at ${pos} runs past the end of the central directory`);
  const nameBytes = central.read(pos + CENTRAL_FIXED, nameLength);
  const name = decodeEntryName(nameBytes, flags);

  if (compressedSize === 0xffffffff || size === 0xffffffff || localHeaderOffset === 0xffffffff) {
    const extra = central.read(pos + CENTRAL_FIXED + nameLength, extraLength);
    const z = parseZip64Extra(extra, size === 0xffffffff, compressedSize === 0xffffffff, localHeaderOffset === 0xffffffff);
    if (!z) throw new FormatError(src.name, `bad zip: entry "${name}" needs a zip64 extra field but has none (or it is short or over 2^53)`);
    size = z.size ?? size;
    compressedSize = z.compressedSize ?? compressedSize;
    localHeaderOffset = z.localHeaderOffset ?? localHeaderOffset;
  }
  localHeaderOffset += shift;

  const fileSize = src.size;
  if (localHeaderOffset + LOCAL_FIXED > fileSize) {
    throw new FormatError(src.name, `truncated zip: entry "${name}" local header at ${localHeaderOffset} is past end of file (${fileSize} bytes)`);
  }
  const head = local.read(localHeaderOffset, LOCAL_FIXED);
  if (u32(head, 0) !== LOCAL_SIG) throw new FormatError(src.name, `bad zip: entry "${name}" has no local header at ${localHeaderOffset}`);
  const localNameLength = u16(head, 26);
  const localExtraLength = u16(head, 28);
  const dataOffset = localHeaderOffset + LOCAL_FIXED + localNameLength + localExtraLength;
  if (dataOffset > fileSize) {
    throw new FormatError(src.name, `truncated zip: entry "${name}" local header at ${localHeaderOffset} runs past end of file (${fileSize} bytes)`);
  }
  const localFlags = u16(head, 6);
  const localNameBytes = local.read(localHeaderOffset + LOCAL_FIXED, localNameLength);
  // the local name is nearly always the central one, byte for byte: the same string then, not a second decode
  const localName = (localFlags & FLAG_UTF8) === (flags & FLAG_UTF8) && sameBytes(localNameBytes, nameBytes) ? name : decodeEntryName(localNameBytes, localFlags);
  if (dataOffset + compressedSize > fileSize) {
    throw new FormatError(
      src.name,
      `truncated zip: entry "${name}" data at ${dataOffset} (${compressedSize} bytes) runs past end of file (${fileSize} bytes)`,
    );
  }
  return {
    entry: { name, localName, method, flags, compressedSize, size, crc32: crc, localHeaderOffset, dataOffset },
    next,
  };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The zip64 extended-information field holds, in this order, only the values whose 32-bit fields are
 * saturated: uncompressed size, compressed size, local header offset.
 */
function parseZip64Extra(
  extra: Uint8Array,
  needSize: boolean,
  needCompressed: boolean,
  needOffset: boolean,
): { size?: number; compressedSize?: number; localHeaderOffset?: number } | null {
  let p = 0;
  while (p + 4 <= extra.length) {
    const id = u16(extra, p);
    const len = u16(extra, p + 2);
    const body = extra.subarray(p + 4, Math.min(extra.length, p + 4 + len));
    p += 4 + len;
    if (id !== ZIP64_EXTRA_ID) continue;
    const out: { size?: number; compressedSize?: number; localHeaderOffset?: number } = {};
    let q = 0;
    const take = (): number | null => {
      if (q + 8 > body.length) return null;
      const v = u64(body, q);
      q += 8;
      return v;
    };
    if (needSize) { const v = take(); if (v === null) return null; out.size = v; }
    if (needCompressed) { const v = take(); if (v === null) return null; out.compressedSize = v; }
    if (needOffset) { const v = take(); if (v === null) return null; out.localHeaderOffset = v; }
    return out;
  }
  return null;
}
