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
  chargeInflation(zip, e, file);
  const bytes = readEntry(zip, e, { ignoreFlags: true, maxBytes: MAX_PICKLE_ENTRY_BYTES });
  return memoryRegion(new BufferSource(bytes, zip.source.name));
}

/**
 * Deflate bombs: inflating members to read them whole is what a small file can make expensive (deflate
 * reaches ~1030:1, so 1 MB can claim 1 GB). A member that claims more than INFLATE_RATIO times its
 * compressed size beyond INFLATE_FLOOR is refused, and all members inflated from one archive share a
 * budget of INFLATE_BUDGET_FLOOR plus INFLATE_BUDGET_PER_BYTE per byte of the archive. A refusal is a
 * FormatError: the member was not read, so callers record a gap and the verdict is at best incomplete.
 */
export const INFLATE_RATIO = 256;
export const INFLATE_FLOOR = 32 << 20;
export const INFLATE_BUDGET_FLOOR = 64 << 20;
export const INFLATE_BUDGET_PER_BYTE = 32;
const budgets = new WeakMap<ZipArchive, { left: number }>();

function chargeInflation(zip: ZipArchive, e: ZipEntry, file: string): void {
  if (e.size > INFLATE_FLOOR && e.size > INFLATE_RATIO * Math.max(e.compressedSize, 1)) {
    throw new FormatError(file, `zip entry "${e.name}" claims ${e.size} bytes from ${e.compressedSize} (over ${INFLATE_RATIO}:1): a deflate bomb, not inflated`);
  }
  let budget = budgets.get(zip);
  if (!budget) {
    budget = { left: INFLATE_BUDGET_FLOOR + INFLATE_BUDGET_PER_BYTE * zip.source.size };
    budgets.set(zip, budget);
  }
  if (e.size > budget.left) {
    throw new FormatError(file, `zip entry "${e.name}" would inflate past the archive's budget (${budget.left} of ${INFLATE_BUDGET_FLOOR + INFLATE_BUDGET_PER_BYTE * zip.source.size} bytes left): not inflated`);
  }
  budget.left -= e.size;
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
