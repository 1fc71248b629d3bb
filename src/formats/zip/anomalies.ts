import type { ZipDirectory } from './directory.js';
import type { ZipArchive } from './reader.js';

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
  /** two names equal but for ASCII case: torch's reader (miniz) compares names lowercased, so it may read either */
  | { kind: 'case-twin'; entry: string; other: string }
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

/**
 * Read from the directory's columns: a name is decoded only for a member with something to report (or
 * whose bytes hold `/`, `\\`, `:` or `..` where isUnsafeEntryName looks: those are ASCII, which the
 * decoders map byte for byte, so the byte test passes every name the string test could flag).
 */
export function zipAnomalies(zip: ZipArchive): ZipAnomaly[] {
  const out: ZipAnomaly[] = [];
  const d = zip.dir;
  for (let i = 0; i < d.count; i++) {
    const flags = d.flags[i]!;
    const method = d.method[i]!;
    const localName = d.localNames.get(i);
    if (flags & FLAG_UNREADABLE || localName !== undefined || (method !== 0 && method !== 8) || mayBeUnsafe(d, i)) {
      const name = d.nameAt(i);
      entryAnomalies(name, localName ?? name, flags, method, out);
    }
  }
  for (const [a, b] of caseTwins(zip)) out.push({ kind: 'case-twin', entry: a, other: b });
  if (!hasDuplicateNames(zip)) return out;
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

/** A name as miniz compares it: ASCII letters folded to lower case (MZ_TOLOWER), nothing else. */
export const asciiLower = (s: string): string => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

/**
 * Pairs of member names that differ only in ASCII case (miniz's MZ_TOLOWER compare, by which torch's
 * PyTorchFileReader finds `data.pkl` and `data/<key>`: a binary search that may land on either; review
 * 21 F4). Checked on the name bytes folded to lower case when every name is ASCII; named only then.
 */
export function caseTwins(zip: ZipArchive): [string, string][] {
  if (zip.dir.allAscii() && !zip.dir.hasFoldedDuplicates()) return [];
  const seen = new Map<string, string>();
  const out: [string, string][] = [];
  for (const e of zip.entries) {
    const key = asciiLower(e.name);
    const first = seen.get(key);
    if (first === undefined) seen.set(key, e.name);
    else if (first !== e.name) out.push([first, e.name]);
  }
  return out;
}

/** on bytes when every name is ASCII (bytes equal exactly when names are), else on the names */
function hasDuplicateNames(zip: ZipArchive): boolean {
  return zip.dir.allAscii() ? zip.dir.hasDuplicateAsciiNames() : zip.byName.size !== zip.entries.length;
}

const SLASH = 0x2f;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const DOT = 0x2e;

function mayBeUnsafe(d: ZipDirectory, i: number): boolean {
  const c = d.byteAt(i, 0);
  if (c === SLASH || c === BACKSLASH || d.byteAt(i, 1) === COLON) return true;
  for (let at = d.indexOf(i, DOT); at >= 0; at = d.indexOf(i, DOT, at + 1)) if (d.byteAt(i, at + 1) === DOT) return true;
  return false;
}

function entryAnomalies(name: string, localName: string, flags: number, method: number, out: ZipAnomaly[]): void {
  if (flags & FLAG_UNREADABLE) out.push({ kind: 'unreadable-flags', entry: name, flags, detail: describeUnreadableFlags(flags) });
  if (localName !== name) out.push({ kind: 'name-mismatch', entry: name, localName });
  if (isUnsafeEntryName(name) || (localName !== name && isUnsafeEntryName(localName))) out.push({ kind: 'unsafe-path', entry: name });
  if (method !== 0 && method !== 8) out.push({ kind: 'unsupported-method', entry: name, method });
}
