import type { ByteSource } from '../byte-source.js';
import { dtypeOfStorageClass, itemSize } from '../dtype.js';
import { FormatError } from '../errors.js';
import { readPickle, type PickleResult } from '../pickle/machine.js';
import { isGlobal, type PyValue } from '../pickle/values.js';
import { bytesLocator, gapScan, probeScan, scanOf, type PickleScan, type TorchFile } from './container.js';
import { interpret } from './interpret.js';
import { SliceSource, fileRegion } from './region.js';
import { isPickleName } from './zip-members.js';
import { isTar, nts, parseTarHeader, pyStrip, TAR_BLOCK, type TarHeaderError } from '../tar-header.js';

/**
 * torch.save's tar format (PyTorch before 0.1.10, still loaded by torch.load: `_legacy_load` tries
 * `tarfile.open` first). Members, each read by its own loop of `pickle.load` calls on an unbuffered
 * file (so a STOP inside a FRAME leaves the file after the frame):
 *   storages: pickle(count), then per storage pickle((key, location, storage_type)), an 8-byte element
 *             count and the raw bytes; then pickle(storage_views)
 *   tensors:  pickle(count), then per tensor pickle((key, storage_id, type)), int32 ndim, 4 bytes,
 *             ndim int64 sizes, ndim int64 strides, int64 storage offset
 *   pickle:   the object tree (one load)
 * and `sys_info` (a pickle older versions read). tarfile's getmember takes the LAST member of a name;
 * every copy is scanned. Tensors are not listed (their storages are keyed by the storages member).
 */

const BLOCK = TAR_BLOCK;
const TORCH_MEMBERS = new Set(['storages', 'tensors', 'pickle', 'sys_info']);
/** most records per member followed: a count beyond this is an attack, and the verdict says incomplete */
const MAX_RECORDS = 1 << 20;

/** the check lives in magic.ts, which detectKind imports without this reader */
export { isTar };

interface TarMember {
  name: string;
  /** the type byte, `'0'`, `'1'` (hard link), `'2'` (symlink) … */
  type: string;
  linkname: string;
  offset: number;
  size: number;
}

/**
 * How the walk ended: tarfile reached its end; tarfile raises a TarError (ReadError), on which torch.load
 * reads the file from byte 0 as a pickle instead; or sdmatch met something it does not follow as tarfile does.
 */
type TarEnd = { kind: 'end' } | { kind: 'tar-error'; why: string } | { kind: 'unsupported'; why: string };

/** tarfile's REGULAR_TYPES and SUPPORTED_TYPES: a member of a type it does not know is read as a regular file */
const REGULAR = new Set(['0', '\0', '7', 'S']);
const SUPPORTED = new Set([...REGULAR, '1', '2', '3', '4', '5', '6', 'L', 'K']);
/** pax keywords that move or rename members (tarfile's _apply_pax_info), and those sdmatch does not follow */
const PAX_APPLIED = new Set(['path', 'linkpath', 'size']);

class Unsupported extends Error {}
class HeaderFailure extends Error {
  constructor(readonly what: TarHeaderError | 'subsequent') {
    super(what);
  }
}

/**
 * The member list tarfile builds (`TarFile.next` until it returns None, as `getmember` does before
 * torch's first extract), following `fromtarfile` / `_proc_member` / `_proc_gnulong` / `_proc_pax` /
 * `_proc_builtin`: data skipped only for regular and unknown types, GNU long names and links, pax
 * `path` / `linkpath` / `size` (with the offset recomputed), a bad header after the first ending the
 * archive, a short member or a bad header after a long-name or pax header raising ReadError.
 */
function walkTar(src: ByteSource): { members: TarMember[]; end: TarEnd } {
  const members: TarMember[] = [];
  let pos = 0;
  let offset = 0;
  const globalPax = new Map<string, string>();
  const read = (n: number): Uint8Array => {
    if (pos >= src.size) return new Uint8Array(0);
    const b = src.read(pos, Math.min(n, src.size - pos));
    pos += b.length;
    return b;
  };
  const block = (size: number): number => Math.ceil(size / BLOCK) * BLOCK;
  const sizeOf = (v: bigint): number => {
    if (v < 0n) throw new Unsupported(`a member with a negative size (${v})`);
    return v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(v);
  };
  const fromtarfile = (): TarMember => {
    const h = parseTarHeader(read(BLOCK));
    if (typeof h === 'string') throw new HeaderFailure(h);
    const size = sizeOf(h.size);
    if (h.type === 'S') throw new Unsupported('a GNU sparse member');
    if (h.type === 'L' || h.type === 'K') {
      const buf = read(block(size));
      const next = subsequent();
      const text = nts(buf, 0, buf.length);
      if (h.type === 'L') next.name = next.type === '5' ? text.replace(/\/$/, '') : text;
      else next.linkname = text;
      return next;
    }
    if (h.type === 'x' || h.type === 'X' || h.type === 'g') {
      const records = paxRecords(read(block(size)));
      const pax = h.type === 'g' ? globalPax : new Map(globalPax);
      for (const [k, v] of records) {
        if (k.startsWith('GNU.sparse.')) throw new Unsupported(`a pax ${k} record (GNU sparse)`);
        if (h.type === 'g' && PAX_APPLIED.has(k)) throw new Unsupported(`a global pax ${k} record`);
        pax.set(k, v);
      }
      const next = subsequent();
      if (h.type !== 'g') {
        const path = pax.get('path');
        if (path !== undefined) next.name = path.replace(/\/+$/, '');
        const link = pax.get('linkpath');
        if (link !== undefined) next.linkname = link;
        const size = pax.get('size');
        if (size !== undefined) {
          next.size = sizeOf(paxInt(size));
          offset = next.offset + (isFileType(next.type) ? block(next.size) : 0);
        }
      }
      return next;
    }
    const data = pos;
    offset = data + (isFileType(h.type) ? block(size) : 0);
    return { name: h.name, type: h.type, linkname: h.linkname, offset: data, size };
  };
  const subsequent = (): TarMember => {
    try {
      return fromtarfile();
    } catch (e) {
      if (e instanceof HeaderFailure) throw new HeaderFailure('subsequent');
      throw e;
    }
  };
  for (;;) {
    if (offset !== pos) {
      if (offset - 1 >= src.size) return { members, end: { kind: 'tar-error', why: `a member at ${members.at(-1)?.offset ?? 0} runs past the end of the file` } };
      pos = offset;
    }
    const at = offset;
    try {
      members.push(fromtarfile());
    } catch (e) {
      if (e instanceof Unsupported) return { members, end: { kind: 'unsupported', why: `${e.message} at ${at}` } };
      if (!(e instanceof HeaderFailure)) throw e;
      if (e.what === 'subsequent' || (at === 0 && e.what !== 'eof')) return { members, end: { kind: 'tar-error', why: `the header after the long-name or pax header at ${at} is bad` } };
      return { members, end: { kind: 'end' } };
    }
    if (members.length > MAX_RECORDS) return { members, end: { kind: 'unsupported', why: `more than ${MAX_RECORDS} members` } };
  }
}

/**
 * pax records `"%d %s=%s\n"` as tarfile's `_proc_pax` frames them; a framing it rejects raises
 * InvalidHeaderError, which sdmatch does not model (it ends the archive, or fails it at offset 0).
 */
function paxRecords(buf: Uint8Array): [string, string][] {
  const out: [string, string][] = [];
  let pos = 0;
  while (pos < buf.length && buf[pos] !== 0) {
    let i = pos;
    while (i < buf.length && i - pos < 20 && buf[i]! >= 0x30 && buf[i]! <= 0x39) i++;
    const length = Number(new TextDecoder().decode(buf.subarray(pos, i)));
    if (i === pos || buf[i] !== 0x20 || length < 5 || pos + length > buf.length || buf[pos + length - 1] !== 0x0a) throw new Unsupported('a pax header tarfile would reject');
    const kv = buf.subarray(i + 1, pos + length - 1);
    const eq = kv.indexOf(0x3d);
    if (eq <= 0) throw new Unsupported('a pax header tarfile would reject');
    const utf8 = new TextDecoder('utf-8', { fatal: true });
    try {
      out.push([utf8.decode(kv.subarray(0, eq)), utf8.decode(kv.subarray(eq + 1))]);
    } catch {
      throw new Unsupported('a pax record that is not UTF-8');
    }
    pos += length;
  }
  return out;
}

/** Python's `int(value)` on a pax number as far as sdmatch follows it (ASCII digits, underscores, sign, spaces); a ValueError is 0. */
function paxInt(v: string): bigint {
  const t = pyStrip(v);
  const m = /^([+-]?)(\d(?:_?\d)*)$/.exec(t);
  if (m) return (m[1] === '-' ? -1n : 1n) * BigInt(m[2]!.replace(/_/g, ''));
  if (/^[\x00-\x7f]*$/.test(t)) return 0n;
  throw new Unsupported(`a pax size sdmatch does not read as Python's int() does (${JSON.stringify(v)})`);
}

/** A tar-format file as torch.load reads it; `tarError` set when tarfile raises a TarError, on which torch.load runs `pickle.load` from byte 0 instead. */
export interface TarTorchFile extends TorchFile {
  tarError: string | null;
}

export function readTarTorch(src: ByteSource, file: string): TarTorchFile {
  const { members, end } = walkTar(src);
  const scans: PickleScan[] = [];
  const detail = [`tar-format torch.save (PyTorch < 0.1.10): ${members.length} member(s); pickles scanned, tensors not listed`];
  if (end.kind === 'unsupported') {
    scans.push(gapScan('tar archive', 'archive not followed', `${end.why}, which sdmatch does not read as Python's tarfile does: the members torch.load would read were not all seen`));
  }
  // belt and braces: what torch.load runs if tarfile refuses the file after all (a pickle.load from byte 0)
  const atZero = probeScan('pickle.load at byte 0 (torch.load\'s reading when tarfile refuses the file)', readPickle(src, 0, { where: 'byte 0' }));
  if (atZero) scans.push(atZero);
  let root: PyValue | null = null;
  let error: FormatError | null = null;
  const regular = members.filter(isFile);
  for (const m of members) {
    const base = m.name.replace(/^\.\//, '');
    if (!TORCH_MEMBERS.has(base)) continue;
    const found = targetsOf(m, members, 0);
    if (typeof found === 'string') {
      scans.push(gapScan(m.name, 'link not followed', found));
      continue;
    }
    for (const t of found) {
      if (t.offset + t.size > src.size) {
        scans.push(gapScan(m.name, 'member cut short', `${t.name} needs ${t.size} bytes at ${t.offset}, past the end of the file`));
        continue;
      }
      const where = t === m ? m.name : `${m.name} (a link to ${t.name})`;
      const sub = new SliceSource(src, t.offset, t.size);
      if (base === 'storages' || base === 'tensors') scanRecords(sub, where, base, scans);
      else {
        const r = readPickle(sub, 0, { where });
        scans.push(scanOf(where, r));
        if (base === 'pickle') {
          if (r.error || r.value === undefined) error = r.error ?? new FormatError(file, 'tar pickle member has no value');
          else root = interpret(r.value, { storage: () => null, bytesLocation: bytesLocator(fileRegion(sub, file, t.offset)), loadFromBytes: () => null, warn: (w) => detail.push(w) }, r.shared).value;
        }
      }
    }
  }
  const tarError = end.kind === 'tar-error' ? end.why : null;
  const torchMembers = members.filter((m) => TORCH_MEMBERS.has(m.name.replace(/^\.\//, '')));
  if (torchMembers.length === 0) {
    // not torch's tar (torch.load fails on it at `storages`), but pickles in it are still scanned
    const pickles = regular.filter((m) => isPickleName(m.name));
    if (pickles.length === 0 && end.kind === 'end') {
      throw new FormatError(file, `tar archive without torch.save's storages, tensors and pickle members, so not a checkpoint (${members.length} members: ${members.slice(0, 5).map((m) => m.name).join(', ')})`);
    }
    for (const m of pickles) scans.push(scanOf(m.name, readPickle(new SliceSource(src, m.offset, m.size), 0, { where: m.name })));
    return { format: 'pickle', detail: [`tar archive holding ${pickles.length} pickle member(s), not a torch.save tar`], root: null, error: null, pickles: scans, tarError };
  }
  if (!members.some((m) => m.name.replace(/^\.\//, '') === 'pickle')) detail.push('no pickle member: torch.load would fail');
  return { format: 'legacy-torch', detail, root, error, pickles: scans, tarError };
}

/** tarfile reads regular members, and members of a type it does not know, as files (their data follows the header) */
function isFileType(type: string): boolean {
  return REGULAR.has(type) || !SUPPORTED.has(type);
}

function isFile(m: TarMember): boolean {
  return isFileType(m.type);
}

/**
 * The members whose bytes torch reads for `m`: itself when a file; for a hard link (extracted by
 * `makelink`: `os.link` of the path joined to the extraction folder, else the archive's copy) or a
 * symlink (a link the OS follows from the extraction folder, or `_find_link_target` for
 * `extractfile`), every member of the target's name; a string when the target is outside the archive
 * or not in it. Directories, devices and fifos yield nothing (torch fails to read them as a file).
 */
function targetsOf(m: TarMember, members: TarMember[], depth: number): TarMember[] | string {
  if (isFile(m)) return [m];
  if (m.type !== '1' && m.type !== '2') return [];
  const dir = m.type === '2' ? m.name.split('/').slice(0, -1).join('/') : '';
  const target = normalPath(m.linkname.startsWith('/') ? m.linkname : dir ? `${dir}/${m.linkname}` : m.linkname);
  if (m.linkname.startsWith('/') || target === null) return `${m.name} is a link to ${m.linkname}, outside this file: torch.load would read that file, which sdmatch did not see`;
  if (depth > 8) return `${m.name} is a link in a chain of links longer than sdmatch follows`;
  const found = members.filter((x) => x !== m && normalPath(x.name) === target);
  if (found.length === 0) return `${m.name} is a link to ${m.linkname}, which is not in the archive: what torch.load would read there was not seen`;
  const out: TarMember[] = [];
  for (const t of found) {
    const r = targetsOf(t, members, depth + 1);
    if (typeof r === 'string') return r;
    out.push(...r);
  }
  return out;
}

/** os.path.normpath of a relative path, or null when it climbs out of the folder it starts in */
function normalPath(p: string): string | null {
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length === 0) return null;
      out.pop();
    } else out.push(part);
  }
  return out.join('/');
}

/** Follows a storages/tensors member record by record; where it cannot (a count or type it does not know), the rest is a gap. */
function scanRecords(src: ByteSource, where: string, kind: 'storages' | 'tensors', scans: PickleScan[]): void {
  let at = 0;
  const next = (label: string): PickleResult | null => {
    const r = readPickle(src, at, { where: `${where} ${label}` });
    scans.push(scanOf(`${where} ${label}`, r));
    if (r.error) return null;
    // the member is read through an unbuffered file: the next load starts after a frame holding STOP
    at = r.frameEnd ?? r.end;
    return r;
  };
  const gap = (why: string): void => void scans.push(gapScan(where, 'parse stopped', `${why}; the rest of the member (from offset ${at}) was not followed`));
  const count = next('count');
  if (!count) return;
  if (typeof count.value !== 'number' || count.value < 0) return gap('the record count is not a small integer');
  if (count.value > MAX_RECORDS) return gap(`${count.value} records is more than sdmatch follows`);
  for (let i = 0; i < count.value; i++) {
    const args = next(`record ${i}`);
    if (!args) return;
    if (kind === 'storages') {
      const type = tupleAt(args.value, 2);
      const dtype = type !== undefined && isGlobal(type) ? dtypeOfStorageClass(type.name) : undefined;
      if (!dtype) return gap(`storage record ${i} has no storage type sdmatch knows`);
      if (at + 8 > src.size) return gap(`storage record ${i} is cut off`);
      const b = src.read(at, 8);
      const n = Number(new DataView(b.buffer, b.byteOffset, 8).getBigInt64(0, true));
      const bytes = n * itemSize(dtype);
      if (!Number.isSafeInteger(bytes) || bytes < 0 || at + 8 + bytes > src.size) return gap(`storage record ${i} declares ${n} elements past the member's end`);
      at += 8 + bytes;
    } else {
      if (at + 8 > src.size) return gap(`tensor record ${i} is cut off`);
      const b = src.read(at, 4);
      const ndim = new DataView(b.buffer, b.byteOffset, 4).getInt32(0, true);
      const len = 8 + 16 * ndim + 8;
      if (ndim < 0 || ndim > 64 || at + len > src.size) return gap(`tensor record ${i} has ${ndim} dimensions past the member's end`);
      at += len;
    }
  }
  if (kind === 'storages') next('storage views');
}

function tupleAt(v: PyValue | undefined, i: number): PyValue | undefined {
  return typeof v === 'object' && v !== null && (v.kind === 'tuple' || v.kind === 'list') ? v.items[i] : undefined;
}
