import { FileSource, type ByteSource } from '../byte-source.js';
import { FormatError } from '../errors.js';
import { endRecordCandidates, locateCentralDirectory, type CentralDirectoryLocation } from './end-record.js';
import { decodeEntryName, FLAG_UTF8 } from './names.js';
import { asciiBytes, ZipDirectory } from './directory.js';
import { WindowedReader, u16, u32, u64 } from './window.js';

export { crc32 } from './crc32.js';
export { readEntry, streamEntry, readEntryPrefix, entryLocation, DEFAULT_MAX_ENTRY_BYTES } from './entry-data.js';
export { zipAnomalies, isUnsafeEntryName, FLAG_UNREADABLE, FLAG_ENCRYPTED, FLAG_PATCHED, FLAG_STRONG_ENCRYPTION, type ZipAnomaly } from './anomalies.js';

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

/**
 * A ZipArchive over its directory's columns. Entry objects are made when asked for, one at a time
 * (entryAt) or all at once (entries, byName), and kept, so an entry is always the same object.
 */
class ColumnArchive implements ZipArchive {
  private made = new Map<number, ZipEntry>();
  private all: ZipEntry[] | null = null;
  private names: Map<string, ZipEntry> | null = null;
  alternates?: ZipArchive[];
  otherViews?: string[];

  constructor(
    readonly source: ByteSource,
    readonly dir: ZipDirectory,
    readonly zip64: boolean,
    readonly comment: string,
    readonly shiftedBy: number,
  ) {}

  entryAt(i: number): ZipEntry {
    if (this.all) return this.all[i]!;
    let e = this.made.get(i);
    if (!e) {
      const d = this.dir;
      const name = d.nameAt(i);
      e = {
        name,
        localName: d.localNames.get(i) ?? name,
        method: d.method[i]!,
        flags: d.flags[i]!,
        compressedSize: d.compressedSize[i]!,
        size: d.size[i]!,
        crc32: d.crc32[i]!,
        localHeaderOffset: d.localHeaderOffset[i]!,
        dataOffset: d.dataOffset[i]!,
      };
      this.made.set(i, e);
    }
    return e;
  }

  get entries(): ZipEntry[] {
    if (!this.all) {
      const out: ZipEntry[] = new Array(this.dir.count);
      for (let i = 0; i < out.length; i++) out[i] = this.entryAt(i);
      this.all = out;
      this.made.clear();
    }
    return this.all;
  }

  get byName(): Map<string, ZipEntry> {
    if (!this.names) {
      // set from the last entry back, so that with duplicate names the first one stays: one map
      // operation per entry instead of a lookup and an insert
      const entries = this.entries;
      const m = new Map<string, ZipEntry>();
      for (let i = entries.length - 1; i >= 0; i--) m.set(entries[i]!.name, entries[i]!);
      this.names = m;
    }
    return this.names;
  }

  find(name: string): number {
    if (this.names) {
      const e = this.names.get(name);
      return e ? this.entries.indexOf(e) : -1;
    }
    const ascii = asciiBytes(name);
    const d = this.dir;
    if (ascii) {
      for (let i = 0; i < d.count; i++) if (d.is(i, ascii)) return i;
      return -1;
    }
    for (let i = 0; i < d.count; i++) if (d.nameAt(i) === name) return i;
    return -1;
  }
}

/** end records tried at most (each one that parses costs a read of its central directory) */
const MAX_END_RECORDS = 16;

const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;
const CENTRAL_FIXED = 46;
const LOCAL_FIXED = 30;
const ZIP64_EXTRA_ID = 0x0001;

/** the check lives in magic.ts, which detectKind imports without this reader */
export { isZip } from '../magic.js';

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
        views.push(`${who} lists ${archive.dir.count} member(s) (${[0, 1, 2].filter((i) => i < archive.dir.count).map((i) => archive.dir.nameAt(i)).join(', ')}) unlike the central directory miniz and zipfile read: they were scanned too`);
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
  const x = a.dir;
  const y = b.dir;
  if (x.count !== y.count) return false;
  for (let i = 0; i < x.count; i++) {
    if (x.dataOffset[i] !== y.dataOffset[i] || x.compressedSize[i] !== y.compressedSize[i] || x.method[i] !== y.method[i]) return false;
    const sameName = (x.flags[i] === y.flags[i] && sameBytes(x.nameBytes(i), y.nameBytes(i))) || x.nameAt(i) === y.nameAt(i);
    if (!sameName) return false;
  }
  return true;
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
  // sized by the declared count, but never past what the directory's bytes can hold
  const dir = new ZipDirectory(Math.min(loc.entryCount, Math.floor(loc.size / CENTRAL_FIXED)));
  const cdEnd = loc.offset + loc.size;
  let pos = loc.offset;
  while (pos + CENTRAL_FIXED <= cdEnd) pos = readCentralEntry(src, central, local, pos, cdEnd, dir, loc.shift);
  dir.trim();
  const count = dir.count;
  const declaredMatches = count === loc.entryCount || (!loc.zip64 && count % 0x10000 === loc.entryCount);
  if (!declaredMatches && notes.length === 0) {
    notes.push(`bad zip: central directory holds ${count} entries but the end record declares ${loc.entryCount} (miniz reads the declared number, zipfile all of them)`);
  }
  if (count === 0 && notes.length > 0) throw new FormatError(src.name, notes[0]!.replace(/ \(miniz.*\)$/, ''));
  const archive = new ColumnArchive(src, dir, loc.zip64, new TextDecoder('utf-8').decode(loc.comment), loc.shift);
  if (notes.length > 0) archive.otherViews = notes;
  return archive;
}

/** Reads the central record at `pos` and its local header into `dir`; returns where the next record starts. */
function readCentralEntry(
  src: ByteSource,
  central: WindowedReader,
  local: WindowedReader,
  pos: number,
  cdEnd: number,
  dir: ZipDirectory,
  shift: number,
): number {
  const index = dir.count;
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
  // the name is decoded only for a message (and for a local name that differs)
  const name = (): string => decodeEntryName(nameBytes, flags);

  if (compressedSize === 0xffffffff || size === 0xffffffff || localHeaderOffset === 0xffffffff) {
    const extra = central.read(pos + CENTRAL_FIXED + nameLength, extraLength);
    const z = parseZip64Extra(extra, size === 0xffffffff, compressedSize === 0xffffffff, localHeaderOffset === 0xffffffff);
    if (!z) throw new FormatError(src.name, `bad zip: entry "${name()}" needs a zip64 extra field but has none (or it is short or over 2^53)`);
    size = z.size ?? size;
    compressedSize = z.compressedSize ?? compressedSize;
    localHeaderOffset = z.localHeaderOffset ?? localHeaderOffset;
  }
  localHeaderOffset += shift;

  const fileSize = src.size;
  if (localHeaderOffset + LOCAL_FIXED > fileSize) {
    throw new FormatError(src.name, `truncated zip: entry "${name()}" local header at ${localHeaderOffset} is past end of file (${fileSize} bytes)`);
  }
  // the name's bytes are copied before the local window moves (both windows may be one reader's)
  const i = dir.push(nameBytes, flags, method, crc, compressedSize, size, localHeaderOffset, 0);
  const head = local.read(localHeaderOffset, LOCAL_FIXED);
  if (u32(head, 0) !== LOCAL_SIG) throw new FormatError(src.name, `bad zip: entry "${dir.nameAt(i)}" has no local header at ${localHeaderOffset}`);
  const localNameLength = u16(head, 26);
  const localExtraLength = u16(head, 28);
  const dataOffset = localHeaderOffset + LOCAL_FIXED + localNameLength + localExtraLength;
  if (dataOffset > fileSize) {
    throw new FormatError(src.name, `truncated zip: entry "${dir.nameAt(i)}" local header at ${localHeaderOffset} runs past end of file (${fileSize} bytes)`);
  }
  const localFlags = u16(head, 6);
  const localNameBytes = local.read(localHeaderOffset + LOCAL_FIXED, localNameLength);
  // the local name is nearly always the central one, byte for byte: then nothing is decoded or kept
  if ((localFlags & FLAG_UTF8) !== (flags & FLAG_UTF8) || !sameBytes(localNameBytes, dir.nameBytes(i))) {
    const localName = decodeEntryName(localNameBytes, localFlags);
    if (localName !== dir.nameAt(i)) dir.localNames.set(i, localName);
  }
  if (dataOffset + compressedSize > fileSize) {
    throw new FormatError(
      src.name,
      `truncated zip: entry "${dir.nameAt(i)}" data at ${dataOffset} (${compressedSize} bytes) runs past end of file (${fileSize} bytes)`,
    );
  }
  dir.dataOffset[i] = dataOffset;
  return next;
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
