import type { ByteSource } from '../byte-source.js';
import { dtypeOfStorageClass, itemSize } from '../dtype.js';
import { FormatError } from '../errors.js';
import { readPickle, type PickleResult } from '../pickle/machine.js';
import { isGlobal, type PyValue } from '../pickle/values.js';
import { bytesLocator, gapScan, scanOf, type PickleScan, type TorchFile } from './container.js';
import { interpret } from './interpret.js';
import { SliceSource, fileRegion } from './region.js';
import { isPickleName } from './zip-members.js';
import { isTar, octal, TAR_BLOCK } from '../magic.js';

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
  offset: number;
  size: number;
}

function text(b: Uint8Array, at: number, n: number): string {
  let end = at;
  while (end < at + n && b[end] !== 0) end++;
  return new TextDecoder('utf-8').decode(b.subarray(at, end));
}

function listTar(src: ByteSource): TarMember[] {
  const out: TarMember[] = [];
  let at = 0;
  let longName: string | null = null;
  while (at + BLOCK <= src.size) {
    const h = src.read(at, BLOCK);
    if (h.every((x) => x === 0)) break;
    if (!isTar(h)) throw new FormatError(src.name, `bad tar: header at ${at} has a wrong checksum`);
    const size = octal(h, 124, 12);
    if (size === null) throw new FormatError(src.name, `bad tar: header at ${at} has a bad size`);
    const type = String.fromCharCode(h[156]!);
    const data = at + BLOCK;
    if (data + size > src.size) throw new FormatError(src.name, `truncated tar: member at ${at} needs ${size} bytes`);
    const prefix = text(h, 345, 155);
    let name = longName ?? (prefix && h[257] === 0x75 ? `${prefix}/${text(h, 0, 100)}` : text(h, 0, 100));
    longName = null;
    if (type === 'L') longName = text(src.read(data, size), 0, size);
    else if (type === 'x') {
      const m = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(new TextDecoder('utf-8').decode(src.read(data, size)));
      if (m) longName = m[1]!;
    } else if (type === '0' || type === '\0' || type === '7') out.push({ name, offset: data, size });
    at = data + Math.ceil(size / BLOCK) * BLOCK;
    if (out.length > MAX_RECORDS) break;
  }
  return out;
}

export function readTarTorch(src: ByteSource, file: string): TorchFile {
  const members = listTar(src);
  const scans: PickleScan[] = [];
  const detail = [`tar-format torch.save (PyTorch < 0.1.10): ${members.length} member(s); pickles scanned, tensors not listed`];
  let root: PyValue | null = null;
  let error: FormatError | null = null;
  for (const m of members) {
    const sub = new SliceSource(src, m.offset, m.size);
    const base = m.name.replace(/^\.\//, '');
    if (base === 'storages') scanRecords(sub, m.name, 'storages', scans);
    else if (base === 'tensors') scanRecords(sub, m.name, 'tensors', scans);
    else if (base === 'pickle' || base === 'sys_info') {
      const r = readPickle(sub, 0, { where: m.name });
      scans.push(scanOf(m.name, r));
      if (base === 'pickle') {
        if (r.error || r.value === undefined) error = r.error ?? new FormatError(file, 'tar pickle member has no value');
        else root = interpret(r.value, { storage: () => null, bytesLocation: bytesLocator(fileRegion(sub, file, m.offset)), loadFromBytes: () => null, warn: (w) => detail.push(w) }, r.shared).value;
      }
    }
  }
  const torchMembers = members.filter((m) => TORCH_MEMBERS.has(m.name.replace(/^\.\//, '')));
  if (torchMembers.length === 0) {
    // not torch's tar (torch.load fails on it at `storages`), but pickles in it are still scanned
    const pickles = members.filter((m) => isPickleName(m.name));
    if (pickles.length === 0) {
      throw new FormatError(file, `tar archive without torch.save's storages, tensors and pickle members, so not a checkpoint (${members.length} members: ${members.slice(0, 5).map((m) => m.name).join(', ')})`);
    }
    for (const m of pickles) scans.push(scanOf(m.name, readPickle(new SliceSource(src, m.offset, m.size), 0, { where: m.name })));
    return { format: 'pickle', detail: [`tar archive holding ${pickles.length} pickle member(s), not a torch.save tar`], root: null, error: null, pickles: scans };
  }
  if (!members.some((m) => m.name.replace(/^\.\//, '') === 'pickle')) detail.push('no pickle member: torch.load would fail');
  return { format: 'legacy-torch', detail, root, error, pickles: scans };
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
