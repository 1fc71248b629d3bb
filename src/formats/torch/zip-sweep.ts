import type { ByteSource } from '../byte-source.js';
import { FormatError } from '../errors.js';
import { npyPayloadStart, readNpyHeaderFromEntry } from '../numpy.js';
import type { ZipArchive, ZipEntry } from '../zip/reader.js';
import { asciiBytes, type ZipDirectory } from '../zip/directory.js';
import { gapScan, type PickleScan } from './container.js';
import { scanPickleBytes } from './nested.js';
import { entryRegion, isPickleName, memberKind } from './zip-members.js';
import { zipGapScans } from './zip-safety.js';

/**
 * The safety sweep every zip gets, whatever kind of checkpoint it is: each member that a loader or a
 * lenient tool could unpickle and that the format reader did not already scan — pickles by name or by
 * content, the payload of every npy member whose dtype holds objects (numpy.load runs it), the same in
 * every other reading of the archive (see ZipArchive.alternates) — plus a gap for each member that
 * cannot be read and each layout trick. `scanned` holds the data offsets of members already scanned.
 */
export function sweepZip(zip: ZipArchive, file: string, scanned: Set<number>, scans: PickleScan[], storageFolder?: string): void {
  scans.push(...zipGapScans(zip, file));
  // Without other readings of the archive, the storage members skipped below are not added to
  // `scanned` (a Set of 100,000 offsets for nothing); a crafted member sharing a storage member's
  // bytes is then scanned on its own account instead of skipped with it, which only adds scans.
  const later = (zip.alternates?.length ?? 0) > 0;
  const folder = storageFolder === undefined ? null : asciiBytes(storageFolder);
  for (const archive of [zip, ...(zip.alternates ?? [])]) {
    const d = archive.dir;
    for (let i = 0; i < d.count; i++) {
      // torch reads its storage members as raw bytes: only a pickle name there is worth a look (sniffing
      // 100,000 tensors' first bytes would cost a read each and find noise)
      const storage = storageFolder !== undefined && archive === zip && inStorageFolder(d, i, storageFolder, folder);
      if (storage && !later) continue;
      const offset = d.dataOffset[i]!;
      if (scanned.has(offset)) continue;
      scanned.add(offset);
      if (!storage) sweepMember(archive, archive.entryAt(i), file, scans);
    }
  }
}

/**
 * A member of the storage folder not named as a pickle, on name bytes where it can be: the folder is
 * ASCII, and a pickle name ends in `l` or `e` (pkl, pickle, debug_pkl), ASCII too (see ZipDirectory),
 * so a name ending otherwise (a storage number) is not decoded.
 */
function inStorageFolder(d: ZipDirectory, i: number, folder: string, ascii: Uint8Array | null): boolean {
  if (!ascii) {
    const name = d.nameAt(i);
    return name.startsWith(folder) && !isPickleName(name);
  }
  if (!d.startsWith(i, ascii)) return false;
  const last = d.byteAt(i, -1) | 0x20;
  return (last !== 0x6c && last !== 0x65) || !isPickleName(d.nameAt(i));
}

function sweepMember(zip: ZipArchive, e: ZipEntry, file: string, scans: PickleScan[]): void {
  const kind = memberKind(zip, e);
  try {
    switch (kind) {
      case 'unreadable':
        scans.push(gapScan(e.name, 'member not read', `zip member "${e.name}" uses compression method ${e.method}, which sdmatch does not inflate (Python's zipfile reads bzip2 and lzma)`));
        return;
      case 'pickle-name':
      case 'pickle-content':
        scans.push(...scanPickleBytes(entryRegion(zip, e, file).src, e.name, 0, kind === 'pickle-content'));
        return;
      case 'npy': {
        const h = readNpyHeaderFromEntry(zip, e, file);
        if (!h.objectArray && h.dtype !== null) return;
        if (!h.objectArray && !h.unknownDescr) return;
        const src = entryRegion(zip, e, file).src;
        const where = `${e.name} object payload`;
        const found = scanPickleBytes(src, where, 0, false, afterPadding(src, h.dataOffset));
        scans.push(...found);
        if (h.unknownDescr) scans.push(gapScan(where, 'dtype not understood', `npy dtype ${h.descr} is not one sdmatch knows holds no objects; its payload was scanned as a pickle`));
        return;
      }
      default:
        return;
    }
  } catch (err) {
    if (!(err instanceof FormatError)) throw err;
    scans.push(gapScan(e.name, 'member not read', err.message));
    if (kind === 'npy') scanUnparsedNpy(zip, e, file, scans);
  }
}

/** An npy member whose header sdmatch cannot parse: numpy may still read it, so its payload is scanned. */
function scanUnparsedNpy(zip: ZipArchive, e: ZipEntry, file: string, scans: PickleScan[]): void {
  try {
    const src = entryRegion(zip, e, file).src;
    const start = npyPayloadStart(src.read(0, Math.min(12, src.size)), src.size, file);
    scans.push(...scanPickleBytes(src, `${e.name} payload after an unparsed header`, 0, true, afterPadding(src, start)));
  } catch (err) {
    if (!(err instanceof FormatError)) throw err;
  }
}

/**
 * A crafted header_len can stop short of the header's space/newline padding; neither byte is a pickle
 * opcode, so skipping them finds the payload a lenient reader (or a later numpy) would run.
 */
export function afterPadding(src: ByteSource, at: number): number {
  const n = Math.min(src.size - at, 4096);
  if (n <= 0) return at;
  const b = src.read(at, n);
  let i = 0;
  while (i < b.length && (b[i] === 0x20 || b[i] === 0x0a)) i++;
  return i < b.length ? at + i : at;
}
