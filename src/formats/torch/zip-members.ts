import { BufferSource } from '../byte-source.js';
import { FormatError } from '../errors.js';
import { readEntry, type ZipArchive, type ZipEntry } from '../zip/reader.js';
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
