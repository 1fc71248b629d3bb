import { elementBytes, itemSize } from '../dtype.js';
import { FormatError } from '../errors.js';
import type { StorageInfo } from '../tensor.js';
import { entryLocation, FLAG_UNREADABLE, readEntry, zipAnomalies, type ZipArchive, type ZipEntry } from '../zip/reader.js';
import { asciiBytes, type ZipDirectory } from '../zip/directory.js';
import { asciiLower, caseTwins } from '../zip/anomalies.js';
import { bytesLocator, gapScan, MAX_STORAGE_DIGITS, readScanned, storageKeyIndex, storageTable, type PickleScan, type TorchFile, type TorchFormat } from './container.js';
import { unreachedTail } from './follow.js';
import { sweepZip } from './zip-sweep.js';
import { interpret, tensorsAsRead, type InterpretContext } from './interpret.js';
import type { PickleOptions } from '../pickle/machine.js';
import { nestedStorageLoader, payloadGap } from './legacy.js';
import { entryRegion } from './zip-members.js';
import { DTYPE_NAMES, NO_STORAGE, scanStateDictColumns, stateDictPrefixFits, type StateDictColumns } from './state-dict-columns.js';
import type { ByteSource } from '../byte-source.js';

/**
 * torch.save's zip layout (PyTorch ≥ 1.6): `<folder>/data.pkl` (the object tree, storages as persistent
 * ids), `<folder>/data/<key>` (one member per storage), `<folder>/byteorder`, `<folder>/version`.
 * The folder name is whatever the file was first saved as, so it is found, not assumed.
 */
export interface TorchRecord {
  /** `archive/`, or '' for a look-alike with data.pkl at the archive root */
  prefix: string;
  dataPkl: ZipEntry;
}

/**
 * The record folder: the first `X/data.pkl` one folder deep, else a root `data.pkl` (a look-alike).
 * Refused when two of its members differ only in case: torch's reader finds `data.pkl` and
 * `data/<key>` by a case-blind binary search (miniz), so which copy torch.load reads is not one
 * sdmatch can name, and plan / apply would work on other weights than torch loads (review 21 F4).
 */
export function findTorchRecord(zip: ZipArchive): TorchRecord | null {
  const record = findRecord(zip);
  if (record) {
    const folder = asciiLower(record.prefix);
    const twin = caseTwins(zip).find(([a]) => asciiLower(a).startsWith(folder));
    if (twin) throw new FormatError('', `zip members "${twin[0]}" and "${twin[1]}" differ only in case: torch's reader (miniz) ignores case in names and may read either, so sdmatch cannot say which bytes torch.load reads`);
  }
  return record;
}

function findRecord(zip: ZipArchive): TorchRecord | null {
  // /^([^/]+\/)data\.pkl$/ on each name's bytes ('/' is ASCII: see ZipDirectory), decoded only for the match
  const d = zip.dir;
  for (let i = 0; i < d.count; i++) {
    if (!d.endsWith(i, SLASH_DATA_PKL)) continue;
    const slash = d.nameLength[i]! - SLASH_DATA_PKL.length;
    if (slash > 0 && d.indexOf(i, 0x2f) === slash) {
      const e = zip.entryAt(i);
      return { prefix: e.name.slice(0, e.name.length - 'data.pkl'.length), dataPkl: e };
    }
  }
  const root = zip.find('data.pkl');
  return root >= 0 ? { prefix: '', dataPkl: zip.entryAt(root) } : null;
}

const SLASH_DATA_PKL = new TextEncoder().encode('/data.pkl');

/** What the archive's small text records say. */
export function archiveFacts(zip: ZipArchive, prefix: string): string[] {
  const out: string[] = [];
  const text = (name: string): string | null => {
    const i = zip.find(prefix + name);
    if (i < 0 || zip.dir.size[i]! > 64) return null;
    const e = zip.entryAt(i);
    try {
      return new TextDecoder('latin1').decode(readEntry(zip, e, { ignoreFlags: true })).trim();
    } catch (err) {
      if (err instanceof FormatError) return null;
      throw err;
    }
  };
  const version = text('version') ?? text('.data/version');
  if (version !== null) out.push(`version ${version}`);
  const order = text('byteorder');
  if (order === 'big') out.push('big-endian (byteorder record): storage bytes are big-endian');
  else if (order !== null && order !== 'little') out.push(`unknown byteorder record ${JSON.stringify(order)}`);
  if (zip.zip64) out.push('zip64');
  for (const v of zip.otherViews ?? []) out.push(v);
  for (const a of zipAnomalies(zip)) {
    switch (a.kind) {
      case 'unreadable-flags': out.push(`zip entry "${a.entry}" is flagged ${a.detail}`); break;
      case 'name-mismatch': out.push(`zip entry "${a.entry}" is named "${a.localName}" in its local header`); break;
      case 'duplicate-name': out.push(`zip entry name "${a.entry}" occurs ${a.count} times`); break;
      case 'case-twin': out.push(`zip entries "${a.entry}" and "${a.other}" differ only in case`); break;
      case 'unsafe-path': out.push(`zip entry "${a.entry}" has a path that escapes the extraction folder`); break;
      case 'unsupported-method': out.push(`zip entry "${a.entry}" uses compression method ${a.method}`); break;
    }
  }
  return out;
}

/**
 * Reads the data pickle of a torch archive (or TorchScript archive, or look-alike) with storages
 * resolved to their `data/<key>` members, and scans every other pickle member for safety.
 */
export function readTorchArchive(zip: ZipArchive, file: string, record: TorchRecord, format: TorchFormat, lead: string, readOnly = false): TorchFile {
  const scans: PickleScan[] = [];
  const warnings: string[] = [];
  const detail = [lead, ...archiveFacts(zip, record.prefix)];
  let root: TorchFile['root'] = null;
  let error: FormatError | null = null;

  try {
    const region = entryRegion(zip, record.dataPkl, file);
    const members = storageMembers(zip, record.prefix);
    const context = (): InterpretContext => ({
      storage: storageTable((ref, dtype) => storageMember(zip, file, members, ref.key, dtype, ref.numel, ref.device, warnings)).lookup,
      bytesLocation: bytesLocator(region),
      loadFromBytes: nestedStorageLoader(region, scans, (m) => warnings.push(m), record.dataPkl.name, 0),
      payloadNotRead: payloadGap(scans, record.dataPkl.name),
      warn: (m) => warnings.push(m),
    });
    let ctx = context();
    // A caller that never writes the file back gets the state dict's tensors made as the pickle is read
    // (their calls and argument tuples die young; see PickleOptions.reduce), from storages whose lookup
    // warns of nothing; any other is left to the interpretation below, in its place in the tree.
    const clean: InterpretContext['storage'] = (ref, hint) => {
      const dtype = ref.dtype ?? hint;
      return dtype && quietMember(zip, file, members, ref.key, dtype) ? ctx.storage(ref, hint) : null;
    };
    const options: PickleOptions = readOnly ? { reduce: tensorsAsRead({ ...ctx, storage: clean }), leanMemo: true } : {};
    const r = readScanned(region.src, 0, record.dataPkl.name, scans, options);
    detail.push(r.protocol >= 2 ? `pickle protocol ${r.protocol}` : 'pickle protocol 0/1');
    // torch.load runs one load() on data.pkl: what follows its STOP is said, not judged
    const tail = r.error ? null : unreachedTail(region.src, r.end, `${record.dataPkl.name}'s STOP`, 'torch.load');
    if (tail) detail.push(tail);
    if (r.error || r.value === undefined) error = r.error ?? new FormatError(file, `${record.dataPkl.name} has no value`);
    else {
      // a machine that started over without the hook leaves storages made by the abandoned run
      if (readOnly && !r.reduced) ctx = context();
      root = interpret(r.value, ctx, r.shared).value;
    }
  } catch (err) {
    if (!(err instanceof FormatError)) throw err;
    error = err;
    if (scans.length === 0) scans.push(gapScan(record.dataPkl.name, 'member not read', err.message));
  }
  if (error) detail.push(`${record.dataPkl.name} unreadable: ${error.message}`);
  scanOtherPickles(zip, file, new Set([record.dataPkl]), scans, warnings, `${record.prefix}data/`);
  return { format, detail: [...detail, ...new Set(warnings)], root, error, pickles: scans };
}

/**
 * A torch.save archive of a flat state dict, read into columns (see state-dict-columns.ts): the
 * tensors, where each storage's bytes are, and the same detail and safety scans readTorchArchive gives.
 */
export interface ColumnarTorchFile {
  format: 'torch-zip';
  detail: string[];
  pickles: PickleScan[];
  tensors: StateDictColumns;
  storages: StorageColumns;
}

/** Per storage number (StateDictColumns.storage): its elements and its stored member's bytes in the file. */
export interface StorageColumns {
  file: string;
  numel: Float64Array;
  offset: Float64Array;
  length: Float64Array;
  crc32: Uint32Array;
}

/**
 * The first half of reading a torch archive into columns (inspect): everything the zip says, taken
 * out of it, so that the archive's directory (a ZipEntry per member, 2,000,000 of them) can be dropped
 * before the pickle is scanned. Null, having added nothing to any report, when the pickle's first
 * megabyte already leaves torch.save's flat state-dict grammar (the caller reads it the full way, from
 * the same archive); see readPlannedColumns for the second half.
 */
export interface ColumnsPlan {
  file: string;
  /** data.pkl's bytes, not yet read */
  pickle: ByteSource;
  detail: string[];
  pickles: PickleScan[];
  /** per storage number: the `data/<n>` member readTorchArchive would take, as columns */
  members: {
    count: number;
    /** MEMBER_* */
    state: Uint8Array;
    size: Float64Array;
    offset: Float64Array;
    crc32: Uint32Array;
  };
}

/** no member has the number (or it is only found by name) */
const MEMBER_MISSING = 0;
/** a stored member whose location entryLocation gives without complaint */
const MEMBER_STORED = 1;
/** deflated or unreadable: left to the full reading */
const MEMBER_OTHER = 2;

/** how much of data.pkl is tried before the archive is taken apart for columns */
const PREFIX_BYTES = 1 << 16;

export function planTorchColumns(zip: ZipArchive, file: string, record: TorchRecord, lead: string): ColumnsPlan | null {
  let pickle: ByteSource;
  try {
    pickle = entryRegion(zip, record.dataPkl, file).src;
    if (!stateDictPrefixFits(pickle.read(0, Math.min(pickle.size, PREFIX_BYTES)))) return null;
  } catch (err) {
    if (!(err instanceof FormatError)) throw err;
    return null;
  }
  const byIndex = storageMembers(zip, record.prefix).byIndex;
  const count = byIndex.length;
  const members = { count, state: new Uint8Array(count), size: new Float64Array(count), offset: new Float64Array(count), crc32: new Uint32Array(count) };
  const d = zip.dir;
  for (let s = 0; s < count; s++) {
    const i = byIndex[s]!;
    if (i < 0) continue;
    members.state[s] = MEMBER_OTHER;
    // entryLocation's checks, on the columns: stored, not flagged unreadable, its sizes agreeing
    if (d.method[i] !== 0 || d.flags[i]! & FLAG_UNREADABLE || d.compressedSize[i] !== d.size[i]) continue;
    members.state[s] = MEMBER_STORED;
    members.size[s] = d.size[i]!;
    members.offset[s] = d.dataOffset[i]!;
    members.crc32[s] = d.crc32[i]!;
  }
  const pickles: PickleScan[] = [];
  const detail = [lead, ...archiveFacts(zip, record.prefix)];
  // the data pickle's scan goes first, as readTorchArchive pushes it; it is filled in when read
  const sweep: PickleScan[] = [];
  scanOtherPickles(zip, file, new Set([record.dataPkl]), sweep, [], `${record.prefix}data/`);
  pickles.push({ where: record.dataPkl.name, protocol: 0, globals: [], anomalies: [], error: null, getattr: null }, ...sweep);
  return { file, pickle, detail, pickles, members };
}

/**
 * The second half: data.pkl scanned into columns, each storage checked to be a stored member
 * readTorchArchive would find and say nothing about (quietMember). Null when the pickle or a storage
 * falls outside that (the caller then opens the archive again and reads it the full way).
 */
export function readPlannedColumns(plan: ColumnsPlan): ColumnarTorchFile | null {
  let tensors: StateDictColumns | null;
  try {
    tensors = scanStateDictColumns(plan.pickle.read(0, plan.pickle.size));
  } catch (err) {
    if (!(err instanceof FormatError)) throw err;
    return null;
  }
  if (tensors === null) return null;
  const m = plan.members;
  const n = tensors.storageCount;
  if (n > m.count) return null;
  // a used storage's offset, length and CRC are its member's: views of the plan's columns, not copies
  // (fresh arrays are page faults, ~15 µs per 4 KiB here: issue 14). Only used storages are ever read.
  const storages: StorageColumns = { file: plan.file, numel: new Float64Array(n), offset: m.offset.subarray(0, n), length: m.size.subarray(0, n), crc32: m.crc32.subarray(0, n) };
  for (let s = 0; s < n; s++) {
    const code = tensors.storageDtype[s]!;
    if (code === NO_STORAGE) continue;
    const size = itemSize(DTYPE_NAMES[code]!);
    if (m.state[s] !== MEMBER_STORED || m.size[s]! % size !== 0) return null;
    storages.numel[s] = Math.floor(m.size[s]! / size);
  }
  // a view past its member's end (review 21 F6) is said by the full reading (checkpoint/short-storage.ts)
  if (someViewPastItsMember(tensors, m.size)) return null;
  const data = plan.pickles[0]!;
  const pickles = [{ ...data, protocol: tensors.protocol, globals: tensors.globals }, ...plan.pickles.slice(1)];
  const detail = [...plan.detail, tensors.protocol >= 2 ? `pickle protocol ${tensors.protocol}` : 'pickle protocol 0/1'];
  const tail = unreachedTail(plan.pickle, tensors.end, `${data.where}'s STOP`, 'torch.load');
  if (tail) detail.push(tail);
  return { format: 'torch-zip', detail, pickles, tensors, storages };
}

/** Finds `<prefix>data/<key>` members; see storageMembers. */
interface StorageMembers {
  folder: string;
  /** directory index of the member named by each storage index, -1 where none is */
  byIndex: Int32Array;
  /** every member by its name folded as miniz folds it (asciiLower), built on the first name not found exactly */
  folded?: Map<string, ZipEntry>;
}

/**
 * The storage members of a record folder, those named by a storage index (`data/0` …) in an array:
 * one pass over the directory's name bytes instead of 100,000 name strings built and hashed. Indexes
 * past twice the entry count (a crafted name) are left to the by-name lookup.
 */
function storageMembers(zip: ZipArchive, prefix: string): StorageMembers {
  const folder = `${prefix}data/`;
  const d = zip.dir;
  const limit = d.count * 2 + 16;
  let byIndex = new Int32Array(Math.min(limit + 1, d.count + 16)).fill(-1);
  let length = 0;
  const ascii = asciiBytes(folder);
  for (let i = 0; i < d.count; i++) {
    const n = ascii ? (d.startsWith(i, ascii) ? storageNumberAt(d, i, ascii.length) : -1) : nameIndex(d.nameAt(i), folder);
    if (n < 0 || n > limit) continue;
    if (n >= byIndex.length) {
      const grown = new Int32Array(Math.min(limit + 1, Math.max(n + 1, byIndex.length * 2))).fill(-1);
      grown.set(byIndex);
      byIndex = grown;
    }
    if (byIndex[n] === -1) byIndex[n] = i; // with duplicate names the first entry wins, as in byName
    if (n >= length) length = n + 1;
  }
  return { folder, byIndex: byIndex.subarray(0, length) };
}

const nameIndex = (name: string, folder: string): number => (name.startsWith(folder) ? storageKeyIndex(name, folder.length) : -1);

/** storageKeyIndex of member i's name from byte `from`, read on its bytes (digits are ASCII: see ZipDirectory) */
function storageNumberAt(d: ZipDirectory, i: number, from: number): number {
  const n = d.nameLength[i]! - from;
  if (n <= 0 || n > MAX_STORAGE_DIGITS || (n > 1 && d.byteAt(i, from) === 48)) return -1;
  let v = 0;
  for (let k = from; k < from + n; k++) {
    const c = d.byteAt(i, k) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** The member storageMember would find, in a state it would warn nothing about (see its warnings). */
function quietMember(zip: ZipArchive, file: string, members: StorageMembers, key: string, dtype: StorageInfo['dtype']): boolean {
  const e = memberOf(zip, members, key);
  if (!e || e.size % itemSize(dtype) !== 0) return false;
  try {
    entryLocation(zip, e, file);
    return true;
  } catch (err) {
    if (!(err instanceof FormatError)) throw err;
    return false;
  }
}

/**
 * The member torch reads for storage `key`: torch's reader finds `data/<key>` by miniz's case-blind search, so a
 * lone `data/a` is storage `A`'s (review 21 c03: torch loads it; sdmatch found no member and refused with "join
 * the pieces" words). Exact names first; the folded lookup is exact too, since findTorchRecord refuses a record
 * folder holding two names equal but for case.
 */
function memberOf(zip: ZipArchive, members: StorageMembers, key: string): ZipEntry | undefined {
  const n = storageKeyIndex(key);
  const i = n >= 0 && n < members.byIndex.length ? members.byIndex[n]! : -1;
  if (i >= 0) return zip.entryAt(i);
  const name = `${members.folder}${key}`;
  const exact = zip.byName.get(name);
  if (exact) return exact;
  members.folded ??= new Map(zip.entries.map((e) => [asciiLower(e.name), e] as const));
  return members.folded.get(asciiLower(name));
}

function storageMember(
  zip: ZipArchive,
  file: string,
  members: StorageMembers,
  key: string,
  dtype: StorageInfo['dtype'],
  pidNumel: number | null,
  device: string,
  warnings: string[],
): StorageInfo {
  const e = memberOf(zip, members, key);
  if (!e) {
    warnings.push(`storage member ${members.folder}${key} is missing`);
    return { key, dtype, numel: pidNumel, device, bytes: null };
  }
  const size = itemSize(dtype);
  if (e.size % size !== 0) warnings.push(`storage member ${members.folder}${key} has ${e.size} bytes, not a multiple of ${dtype}'s ${size}`);
  let bytes: StorageInfo['bytes'] = null;
  try {
    bytes = entryLocation(zip, e, file);
  } catch (err) {
    if (!(err instanceof FormatError)) throw err;
    warnings.push(err.message);
  }
  return { key, dtype, numel: Math.floor(e.size / size), device, bytes };
}

/** constants.pkl, code/*.debug_pkl, stray members, npy object payloads, other views: see sweepZip. */
export function scanOtherPickles(zip: ZipArchive, file: string, skip: Set<ZipEntry>, scans: PickleScan[], _warnings: string[], storageFolder?: string): void {
  sweepZip(zip, file, new Set([...skip].map((e) => e.dataOffset)), scans, storageFolder);
}

/** Whether a tensor of the columns reaches past the bytes of its storage's member (tensor.ts' viewSpan, on the columns: no record is made per tensor). */
function someViewPastItsMember(t: StateDictColumns, memberSize: Float64Array): boolean {
  for (let i = 0; i < t.count; i++) {
    const at = t.dimsAt[i]!;
    const rank = t.rank[i]!;
    let last = 0;
    let empty = false;
    for (let d = 0; d < rank; d++) {
      const n = t.dims[at + d]!;
      if (n === 0) empty = true;
      last += (n - 1) * t.dims[at + rank + d]!;
    }
    if (empty) continue;
    if (elementBytes(DTYPE_NAMES[t.dtype[i]!]!, t.storageOffset[i]! + last + 1) > memberSize[t.storage[i]!]!) return true;
  }
  return false;
}
