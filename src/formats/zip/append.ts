import { ftruncateSync, writeSync } from 'node:fs';
import { FormatError } from '../errors.js';
import { crc32 } from './crc32.js';
import { DEFAULT_ALIGNMENT } from './writer.js';
import { locateCentralDirectory } from './end-record.js';
import { CENTRAL_HEADER_SIZE, centralHeader, endRecords, entryName, localHeader, type EntryRecord } from './records.js';
import type { ZipArchive, ZipEntry } from './reader.js';
import { WindowedReader, u16, u32 } from './window.js';

/**
 * Rewriting the tail of a byte-identical copy of a zip archive: the local entries worth keeping stay
 * where they are (so their bytes never pass through this process), new entries are appended after
 * them, and a new central directory lists the new entries first, then the kept ones with their
 * original records copied verbatim — their local header offsets, sizes, CRCs, flags and zip64 extras
 * are all still true, since nothing before them moved.
 *
 * Entries that are not kept but lie before the last kept one cannot be cut out without moving what
 * follows: their bytes stay in the file as local entries no central directory record names. Zip
 * readers (miniz in PyTorch, Python's zipfile, ours) find entries only through the central directory,
 * so they never see them; they are reported as orphans. Entries after the last kept one are truncated
 * away.
 *
 * New entries are laid out as ZipWriter lays them out (STORED, data on a 64-byte boundary, padding in
 * an `FB` extra field), so a new torch `data.pkl` looks like one torch.save wrote.
 */

const CENTRAL_SIG = 0x02014b50;
/** central-directory bytes copied per write */
const TAIL_BUFFER = 1 << 20;

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
  orphans: { name: string; bytes: number }[];
}

/**
 * The layout `rewriteTail` will use. The kept entries' bytes must all lie before the central directory
 * and before any dropped entry that follows them; a crafted archive whose entries overlap, or interleave
 * with its central directory, is refused with a FormatError.
 */
export function tailLayout(zip: ZipArchive, keep: readonly ZipEntry[]): TailLayout {
  const file = zip.source.name;
  const kept = new Set(keep);
  const all = new Set(zip.entries);
  for (const e of keep) if (!all.has(e)) throw new Error(`zip append: entry ${e.name} is not from this archive`);
  const cd = locateCentralDirectory(zip.source);
  const byOffset = [...zip.entries].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  let last = -1;
  for (let i = 0; i < byOffset.length; i++) if (kept.has(byOffset[i]!)) last = i;
  // an entry ends where the next local header (or the central directory) starts: that keeps the data
  // descriptors miniz writes after each entry's data
  const endOf = (i: number): number => Math.min(byOffset[i + 1]?.localHeaderOffset ?? cd.offset, cd.offset);
  const keepUntil = last < 0 ? 0 : endOf(last);
  const orphans: TailLayout['orphans'] = [];
  for (let i = 0; i <= last; i++) {
    const e = byOffset[i]!;
    const end = e.dataOffset + e.compressedSize;
    if (end > endOf(i) || e.localHeaderOffset >= cd.offset) {
      throw new FormatError(file, `cannot append to this zip: entry "${e.name}" (bytes ${e.localHeaderOffset}..${end}) overlaps the next entry or the central directory at ${cd.offset}`);
    }
    if (!kept.has(e)) orphans.push({ name: e.name, bytes: endOf(i) - e.localHeaderOffset });
  }
  return { keepUntil, orphans };
}

/**
 * `fd` is an open, writable, byte-identical copy of `zip`'s file. Truncates it after the kept entries,
 * appends `added`, then writes the central directory (added entries first, in order, then the kept
 * ones in their original order) and the end records (zip64 when the counts or offsets need it).
 * Returns the new file size and the layout used.
 */
export function rewriteTail(
  fd: number,
  zip: ZipArchive,
  keep: readonly ZipEntry[],
  added: readonly AppendedEntry[],
  opts: { alignment?: number } = {},
): TailLayout & { size: number } {
  const layout = tailLayout(zip, keep);
  const alignment = opts.alignment ?? DEFAULT_ALIGNMENT;
  const names = new Set(keep.map((e) => e.name));
  for (const a of added) {
    if (names.has(a.name)) throw new Error(`zip append: entry ${a.name} would be listed twice`);
    names.add(a.name);
  }
  ftruncateSync(fd, layout.keepUntil);
  const out = new TailWriter(fd, layout.keepUntil);
  const records: Uint8Array[] = [];
  for (const a of added) {
    const entry: EntryRecord = { name: entryName(a.name), offset: out.position, size: a.data.length, crc: crc32(a.data) };
    out.write(localHeader(entry, alignment));
    out.write(a.data);
    records.push(centralHeader(entry));
  }
  const cdStart = out.position;
  for (const r of records) out.write(r);
  copyCentralRecords(zip, new Set(keep), (record) => out.write(record));
  const cdSize = out.position - cdStart;
  out.write(endRecords(keep.length + added.length, cdSize, cdStart, out.position));
  out.flush();
  return { ...layout, size: out.position };
}


/**
 * Streams the verbatim central-directory records of the kept entries, in directory order. The records
 * are walked the way openZip walked them, so record i is entry i.
 */
function copyCentralRecords(zip: ZipArchive, kept: ReadonlySet<ZipEntry>, emit: (record: Uint8Array) => void): void {
  const cd = locateCentralDirectory(zip.source);
  const reader = new WindowedReader(zip.source, TAIL_BUFFER);
  const end = cd.offset + cd.size;
  let pos = cd.offset;
  for (const e of zip.entries) {
    if (pos + CENTRAL_HEADER_SIZE > end) throw new FormatError(zip.source.name, `the central directory changed since it was read: it ends before entry "${e.name}"`);
    const fixed = reader.read(pos, CENTRAL_HEADER_SIZE);
    if (u32(fixed, 0) !== CENTRAL_SIG) throw new FormatError(zip.source.name, `the central directory changed since it was read: no record at ${pos}`);
    const length = CENTRAL_HEADER_SIZE + u16(fixed, 28) + u16(fixed, 30) + u16(fixed, 32);
    if (pos + length > end) throw new FormatError(zip.source.name, `the central directory changed since it was read: record at ${pos} runs past its end`);
    if (kept.has(e)) emit(reader.read(pos, length));
    pos += length;
  }
}

/** Sequential positioned writes from `start`, small records coalesced (100,000 central records). */
class TailWriter {
  private readonly buffer = new Uint8Array(TAIL_BUFFER);
  private used = 0;
  private flushed: number;

  constructor(
    private readonly fd: number,
    start: number,
  ) {
    this.flushed = start;
  }

  get position(): number {
    return this.flushed + this.used;
  }

  write(bytes: Uint8Array): void {
    if (this.used + bytes.length > this.buffer.length) this.flush();
    if (bytes.length >= this.buffer.length) {
      this.writeAt(bytes, this.flushed);
      this.flushed += bytes.length;
      return;
    }
    this.buffer.set(bytes, this.used);
    this.used += bytes.length;
  }

  flush(): void {
    this.writeAt(this.buffer.subarray(0, this.used), this.flushed);
    this.flushed += this.used;
    this.used = 0;
  }

  private writeAt(bytes: Uint8Array, position: number): void {
    for (let done = 0; done < bytes.length; ) done += writeSync(this.fd, bytes, done, bytes.length - done, position + done);
  }
}

/** A little-endian record builder for headers. */
