import { BufferSource } from '../byte-source.js';
import { FormatError } from '../errors.js';
import { detectKind } from '../detect.js';
import { isNpy } from '../numpy.js';
import { readEntry, readEntryPrefix, type ZipArchive, type ZipEntry } from '../zip/reader.js';
import { fileRegion, memoryRegion, SliceSource, type Region } from './region.js';

/** Pickles inside archives are small (data.pkl is kilobytes to megabytes); refuse to inflate more than this. */
export const MAX_PICKLE_ENTRY_BYTES = 1 << 30;

/**
 * The bytes of a zip member as a Region: a stored member is read in place (offsets map to the file),
 * a deflated one is inflated into memory. Flags claiming encryption are ignored on purpose: the safety
 * scan must see what a lenient loader would see, and the zip anomalies are reported separately.
 */
export function entryRegion(zip: ZipArchive, e: ZipEntry, file: string): Region {
  if (e.method === 0 && e.compressedSize === e.size) {
    return fileRegion(new SliceSource(zip.source, e.dataOffset, e.size, zip.source.name), file, e.dataOffset);
  }
  if (e.size > MAX_PICKLE_ENTRY_BYTES) {
    throw new FormatError(file, `zip entry "${e.name}" is ${e.size} bytes, too large to be a pickle`);
  }
  const bytes = readEntry(zip, e, { ignoreFlags: true, maxBytes: MAX_PICKLE_ENTRY_BYTES });
  return memoryRegion(new BufferSource(bytes, zip.source.name));
}

/** `archive/data.pkl` → `archive/`; '' for a member at the root. */
export function folderOf(name: string): string {
  const i = name.lastIndexOf('/');
  return i < 0 ? '' : name.slice(0, i + 1);
}

/** Members a loader or scanner would unpickle: by extension, or a name the torch loaders open. */
export function isPickleName(name: string): boolean {
  return /\.(pkl|pickle|debug_pkl)$/i.test(name);
}

/**
 * What a member is to a loader, by name and by content (never by name alone: a pickle stored as
 * `data.txt` is still unpickled by a loader that opens it, and numpy reads any member that starts with
 * the npy magic): a pickle by name or by content, an npy array (whose object payload is a pickle),
 * something else, or a member sdmatch cannot read (a compression method it does not inflate).
 */
export type MemberKind = 'pickle-name' | 'pickle-content' | 'npy' | 'other' | 'unreadable' | 'folder';

export function memberKind(zip: ZipArchive, e: ZipEntry): MemberKind {
  if (e.name.endsWith('/') && e.size === 0) return 'folder';
  const named = isPickleName(e.name) || isPickleName(e.localName);
  if (e.method !== 0 && e.method !== 8) return 'unreadable';
  let head: Uint8Array;
  try {
    head = readEntryPrefix(zip, e, 1 << 12, { ignoreFlags: true });
  } catch (err) {
    if (err instanceof FormatError) return named ? 'unreadable' : 'other';
    throw err;
  }
  if (isNpy(head)) return 'npy';
  if (named) return 'pickle-name';
  const kind = detectKind(new BufferSource(head, zip.source.name));
  return kind === 'pickle' || kind === 'legacy-torch' ? 'pickle-content' : 'other';
}
