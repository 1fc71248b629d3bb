import type { ZipArchive, ZipEntry } from './reader.js';

export const FLAG_ENCRYPTED = 0x1;
export const FLAG_PATCHED = 0x20;
export const FLAG_STRONG_ENCRYPTION = 0x40;
/** flags with which miniz (PyTorch) and Python's zipfile (numpy) refuse to read an entry */
export const FLAG_UNREADABLE = FLAG_ENCRYPTED | FLAG_PATCHED | FLAG_STRONG_ENCRYPTION;

export function describeUnreadableFlags(flags: number): string {
  const parts: string[] = [];
  if (flags & FLAG_ENCRYPTED) parts.push('encrypted (flag 0x1)');
  if (flags & FLAG_PATCHED) parts.push('compressed patched data (flag 0x20)');
  if (flags & FLAG_STRONG_ENCRYPTION) parts.push('strongly encrypted (flag 0x40)');
  return parts.join(', ');
}

/**
 * Something a crafted archive does to make scanners and loaders see different things. Reported, not
 * rejected: the safety scanner decides what they mean.
 */
export type ZipAnomaly =
  | { kind: 'unreadable-flags'; entry: string; flags: number; detail: string }
  | { kind: 'name-mismatch'; entry: string; localName: string }
  | { kind: 'duplicate-name'; entry: string; count: number }
  | { kind: 'unsafe-path'; entry: string }
  | { kind: 'unsupported-method'; entry: string; method: number };

/** `../x`, `/etc/x`, `C:\x`, `a/../../x`: names that escape the extraction directory. */
export function isUnsafeEntryName(name: string): boolean {
  const c = name.charCodeAt(0);
  // `/x`, `\x`, or a drive letter and colon (checked by code: this runs for each of 2,000,000 entries)
  if (c === 0x2f || c === 0x5c || (name.charCodeAt(1) === 0x3a && ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a))) return true;
  // checked for every entry of archives of 100,000: split only the rare name that could hold a `..`
  return name.includes('..') && name.split(/[\\/]/).some((seg) => seg === '..');
}

export function zipAnomalies(zip: ZipArchive): ZipAnomaly[] {
  const out: ZipAnomaly[] = [];
  for (const e of zip.entries) entryAnomalies(e, out);
  // byName keeps one entry per name: it is smaller exactly when some name is listed twice
  if (zip.byName.size === zip.entries.length) return out;
  const counts = new Map<string, number>();
  for (const e of zip.entries) counts.set(e.name, (counts.get(e.name) ?? 0) + 1);
  const reportedDuplicates = new Set<string>();
  for (const e of zip.entries) {
    const n = counts.get(e.name)!;
    if (n > 1 && !reportedDuplicates.has(e.name)) {
      reportedDuplicates.add(e.name);
      out.push({ kind: 'duplicate-name', entry: e.name, count: n });
    }
  }
  return out;
}

function entryAnomalies(e: ZipEntry, out: ZipAnomaly[]): void {
  if (e.flags & FLAG_UNREADABLE) out.push({ kind: 'unreadable-flags', entry: e.name, flags: e.flags, detail: describeUnreadableFlags(e.flags) });
  if (e.localName !== e.name) out.push({ kind: 'name-mismatch', entry: e.name, localName: e.localName });
  if (isUnsafeEntryName(e.name) || (e.localName !== e.name && isUnsafeEntryName(e.localName))) out.push({ kind: 'unsafe-path', entry: e.name });
  if (e.method !== 0 && e.method !== 8) out.push({ kind: 'unsupported-method', entry: e.name, method: e.method });
}
