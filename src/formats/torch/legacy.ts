import { BufferSource } from '../byte-source.js';
import { itemSize } from '../dtype.js';
import { FormatError } from '../errors.js';
import type { PyBytes, PyValue } from '../pickle/values.js';
import type { StorageInfo } from '../tensor.js';
import { bytesLocator, gapScan, readScanned, storageTable, type PickleScan, type TorchFile } from './container.js';
import { scanFollowing, unreachedTail } from './follow.js';
import { scanNestedPayload } from './nested.js';
import { interpret, type InterpretContext } from './interpret.js';
import { memoryRegion, SliceSource, type Region } from './region.js';
import { tupleItems, asText } from './storage-pid.js';

/**
 * The stream torch.save wrote before 1.6 (and with `_use_new_zipfile_serialization=False`):
 *   pickle(MAGIC_NUMBER) pickle(PROTOCOL_VERSION) pickle(sys_info) pickle(obj, persistent ids)
 *   pickle(sorted storage keys) then, per key, an 8-byte little-endian element count and the raw bytes.
 * Storage offsets are found by reading only the counts and seeking over the bytes.
 */
export const LEGACY_MAGIC = 0x1950a86a20f9469cfc6cn;
const LEGACY_PROTOCOL = 1001;
/** nested `_load_from_bytes` streams inside nested streams: deeper than this is an attack, not a model */
const MAX_NESTING = 4;

export function isLegacyMagic(v: PyValue | undefined): boolean {
  return v === LEGACY_MAGIC;
}

/**
 * Reads a legacy stream from `region`. Returns null when the first pickle is not the magic number
 * (a look-alike such as a magic pickle computed by a call: the caller treats it as plain pickles).
 */
export function readLegacy(region: Region, where = 'legacy', depth = 0): (TorchFile & { storages: StorageInfo[] }) | null {
  const src = region.src;
  const scans: PickleScan[] = [];
  const warnings: string[] = [];
  const magic = readScanned(src, 0, `${where} magic number`, scans);
  if (magic.error || !isLegacyMagic(magic.value)) return null;

  const detail: string[] = [];
  const fail = (error: FormatError): TorchFile & { storages: StorageInfo[] } => ({
    format: 'legacy-torch', detail: [...detail, `unreadable: ${error.message}`], root: null, error, pickles: scans, storages: [],
  });
  const proto = readScanned(src, magic.end, `${where} protocol version`, scans);
  if (proto.error) return fail(proto.error);
  if (proto.value !== LEGACY_PROTOCOL) detail.push(`unexpected protocol version ${String(proto.value)}`);
  const sysInfo = readScanned(src, proto.end, `${where} sys_info`, scans);
  if (sysInfo.error) return fail(sysInfo.error);
  if (isBigEndian(sysInfo.value)) detail.push('big-endian (sys_info little_endian=False): storage bytes are big-endian');
  const data = readScanned(src, sysInfo.end, `${where} data pickle`, scans);
  if (data.error || data.value === undefined) return fail(data.error ?? new FormatError(src.name, 'legacy data pickle has no value'));

  const table = storageTable((ref, dtype) => ({ key: ref.key, dtype, numel: ref.numel, device: ref.device, bytes: null }));
  const ctx: InterpretContext = {
    storage: table.lookup,
    bytesLocation: bytesLocator(region),
    loadFromBytes: nestedStorageLoader(region, scans, (m) => warnings.push(m), where, depth),
    payloadNotRead: payloadGap(scans, where),
    warn: (m) => warnings.push(m),
  };
  const root = interpret(data.value, ctx, data.shared).value;

  const keysPickle = readScanned(src, data.end, `${where} storage keys`, scans);
  // torch.load given a BytesIO (or an unbuffered file) starts each of its five load() calls after the
  // whole FRAME that held the previous STOP, not right after the STOP: that delimitation is scanned too
  const frameEnds = [magic, proto, sysInfo, data, keysPickle].map((r) => r.frameEnd);
  if (frameEnds.some((e) => e !== null)) {
    scanFollowing(src, frameEnds, `${where} pickle after a frame`, scans, { left: 64 });
    detail.push('a STOP inside a FRAME: the pickles a BytesIO loader would read after the frame were scanned too');
  }
  const keys = keysPickle.value === undefined ? null : tupleItems(keysPickle.value);
  if (keysPickle.error || !keys) {
    warnings.push(`storage key list unreadable${keysPickle.error ? `: ${keysPickle.error.message}` : ''}; storage bytes not located`);
  }
  // A file cut inside its storages still lists every tensor (listing needs no bytes), but it is
  // damaged input: torch.load would fail on it, so the truncation is the file's error.
  const located = keys && !keysPickle.error ? locateStorages(src.size, keysPickle.end, keys, table.byKey, region, warnings) : null;
  const truncation = located?.truncation ?? null;
  // torch.load stops after the last storage: what follows is said, not judged
  const tail = located && located.end !== null ? unreachedTail(src, located.end, 'the last storage', 'torch.load') : null;
  if (tail) detail.push(tail);
  detail.unshift(`legacy torch.save stream (protocol ${String(proto.value)}, ${keys?.length ?? '?'} storages)`);
  const error = truncation === null ? null : new FormatError(src.name, truncation);
  return { format: 'legacy-torch', detail: [...detail, ...dedupe(warnings)], root, error, pickles: scans, storages: [...table.byKey.values()] };
}

/**
 * Walks the raw storage records: 8-byte count, then count × itemsize bytes, in key-list order.
 * Returns the truncation message when the file ends inside them, and where the last record ends (null
 * when the walk could not finish).
 */
function locateStorages(
  fileSize: number,
  start: number,
  keys: PyValue[],
  byKey: Map<string, StorageInfo>,
  region: Region,
  warnings: string[],
): { truncation: string | null; end: number | null } {
  let offset = start;
  for (const k of keys) {
    const key = typeof k === 'number' ? String(k) : asText(k);
    const info = key === null ? undefined : byKey.get(key);
    if (!info) {
      warnings.push(`storage ${String(key)} is listed but no tensor uses it, so its element size is unknown; later storages not located`);
      return { truncation: null, end: null };
    }
    if (offset + 8 > fileSize) {
      const why = `truncated: storage ${key} header at ${offset} is past the end of the file (${fileSize} bytes)`;
      warnings.push(why);
      return { truncation: why, end: null };
    }
    const head = region.src.read(offset, 8);
    const count = new DataView(head.buffer, head.byteOffset, 8).getBigUint64(0, true);
    const bytes = count * BigInt(itemSize(info.dtype));
    if (offset + 8 + Number(bytes) > fileSize || bytes > BigInt(Number.MAX_SAFE_INTEGER)) {
      const why = `truncated: storage ${key} declares ${count} elements (${bytes} bytes) at ${offset + 8}, past the end of the file (${fileSize} bytes)`;
      warnings.push(why);
      return { truncation: why, end: null };
    }
    if (info.numel !== null && info.numel !== Number(count)) {
      warnings.push(`storage ${key}: persistent id says ${info.numel} elements, the record says ${count}`);
    }
    info.numel = Number(count);
    info.bytes = region.locate(offset + 8, Number(bytes));
    offset += 8 + Number(bytes);
  }
  return { truncation: null, end: offset };
}

/**
 * `torch.storage._load_from_bytes(b)` is how plain pickle saves a torch storage: `b` is a whole legacy
 * stream. Its pickles are scanned like the outer ones (the loader unpickles them too).
 */
/** InterpretContext.payloadNotRead for a reader that records its scans in `scans`. */
export function payloadGap(scans: PickleScan[], where: string): (what: string) => void {
  return (what) => void scans.push(gapScan(`${where} → _load_from_bytes`, 'payload not read', `torch.storage._load_from_bytes of ${what}, not a byte string in the file: torch.load would unpickle the buffer, which sdmatch did not read`));
}

export function nestedStorageLoader(
  region: Region,
  scans: PickleScan[],
  warn: (m: string) => void,
  where: string,
  depth: number,
): InterpretContext['loadFromBytes'] {
  let n = 0;
  // the same byte string reached through the memo 10,000 times is read once
  const seen = new Map<PyBytes, StorageInfo | null>();
  return (b: PyBytes) => {
    if (seen.has(b)) return seen.get(b)!;
    const result = loadOnce(b);
    seen.set(b, result);
    return result;
  };
  function loadOnce(b: PyBytes): StorageInfo | null {
    const label = `${where} → _load_from_bytes #${++n}`;
    if (depth >= MAX_NESTING) {
      warn(`${label}: nested torch streams deeper than ${MAX_NESTING} levels were not read`);
      scans.push(gapScan(label, 'limit reached', `nested torch streams deeper than ${MAX_NESTING} levels were not read`));
      return null;
    }
    const inner = bytesRegion(region, b);
    if (!inner) {
      scans.push(gapScan(label, 'payload not in the file', 'the byte string torch.load would read is not in the file (out-of-band buffer)'));
      return null;
    }
    const nested = readLegacy(inner, label, depth + 1);
    if (!nested) {
      // torch.load(BytesIO(b)) reads a zip, a tar or a pickle: whatever it is, its pickles are scanned
      const other = scanNestedPayload(inner, label, depth + 1);
      scans.push(...other);
      warn(`${label}: not a legacy torch stream (its pickles were scanned)`);
      return null;
    }
    scans.push(...nested.pickles);
    for (const d of nested.detail.slice(1)) warn(`${label}: ${d}`);
    if (nested.storages.length !== 1) {
      warn(`${label}: holds ${nested.storages.length} storages, expected 1`);
      return null;
    }
    return nested.storages[0]!;
  }
}

function bytesRegion(region: Region, b: PyBytes): Region | null {
  const at = b.fileOffset;
  if (at !== null) {
    const src = new SliceSource(region.src, at, b.length);
    return { src, locate: (o, l) => region.locate(at + o, l) };
  }
  if (b.data) return memoryRegion(new BufferSource(b.data, region.src.name));
  return null;
}

function isBigEndian(v: PyValue | undefined): boolean {
  if (typeof v !== 'object' || v === null || v.kind !== 'dict') return false;
  for (const [k, x] of v.entries) if (k === 'little_endian') return x === false;
  return false;
}

function dedupe(xs: string[]): string[] {
  return [...new Set(xs)];
}
