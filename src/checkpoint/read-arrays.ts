import { FormatError } from '../formats/errors.js';
import type { ByteSource } from '../formats/byte-source.js';
import { itemSize } from '../formats/dtype.js';
import { npyPayloadStart, readNpyHeader, readNpz, type NpyHeader } from '../formats/numpy.js';
import { readPickle } from '../formats/pickle/machine.js';
import type { PyDict, PyObject, PyTensor, PyValue } from '../formats/pickle/values.js';
import { readSafetensors } from '../formats/safetensors/reader.js';
import { contiguousStrides, numel, type ByteLocation } from '../formats/tensor.js';
import { bytesLocator, gapScan, scanOf, type PickleScan } from '../formats/torch/container.js';
import { interpret } from '../formats/torch/interpret.js';
import { fileRegion, type Region } from '../formats/torch/region.js';
import { entryRegion } from '../formats/torch/zip-members.js';
import { afterPadding } from '../formats/torch/zip-sweep.js';
import type { ZipArchive, ZipEntry } from '../formats/zip/reader.js';
import type { FileContents, FileRef } from './contents.js';
import { safetensorsDetail } from './format-detail.js';

/** safetensors: the root is a dict of tensors in header order. */
export function readSafetensorsFile(src: ByteSource, ref: FileRef): FileContents {
  const st = readSafetensors(src, ref.path);
  const root: PyDict = { kind: 'dict', entries: st.tensors.map((t): [PyValue, PyValue] => [t.name, { kind: 'tensor', info: t.info, original: null }]) };
  return { format: 'safetensors', detail: safetensorsDetail(st.headerLength, st.metadata), root, error: null, pickles: [], size: src.size };
}

/** An array's descriptor as an object for display when it is not a tensor (strings, records, datetimes). */
function arrayStandIn(h: NpyHeader): PyObject {
  return {
    kind: 'object', via: 'reduce', callable: { kind: 'global', module: 'numpy', name: 'ndarray' },
    args: [h.descr, { kind: 'tuple', items: h.shape }], kwargs: null, states: [], listItems: [], dictItems: [],
  };
}

function ndarrayTensor(h: NpyHeader, key: string, bytes: ByteLocation | null): PyTensor | null {
  if (!h.dtype || h.objectArray) return null;
  const stride = h.fortranOrder ? contiguousStrides([...h.shape].reverse()).reverse() : contiguousStrides(h.shape);
  const n = numel(h.shape);
  return {
    kind: 'tensor',
    info: { kind: 'ndarray', dtype: h.dtype, shape: h.shape, stride, storageOffset: 0, requiresGrad: false, storage: { key, dtype: h.dtype, numel: n, device: 'cpu', bytes } },
    original: null,
  };
}

/** An object array's payload is a pickle (numpy.load runs it with allow_pickle=True): scanned, and its value is the member's value. */
function objectArray(region: Region, at: number, where: string, scans: PickleScan[], detail: string[]): PyValue | null {
  const start = afterPadding(region.src, at);
  if (start > at) detail.push(`${where}: the header runs ${start - at} bytes past its declared length (padding); the pickle starts at ${start}`);
  const r = readPickle(region.src, start, { where });
  scans.push(scanOf(where, r));
  if (r.error || r.value === undefined) {
    detail.push(`${where} unreadable: ${r.error?.message ?? 'no value'}`);
    return null;
  }
  return interpret(r.value, { storage: () => null, bytesLocation: bytesLocator(region), loadFromBytes: () => null, warn: (m) => detail.push(m) }, r.shared).value;
}

export function readNpyFile(src: ByteSource, ref: FileRef): FileContents {
  let h: NpyHeader;
  try {
    h = readNpyHeader(src, 0, ref.path);
  } catch (err) {
    // a header numpy may parse differently: its payload could still be a pickle numpy runs
    if (!(err instanceof FormatError) || !err.message.includes('bad npy header')) throw err;
    return unparsedNpy(src, ref, err);
  }
  const detail = [`npy ${h.descr} (${h.shape.join(', ')})${h.fortranOrder ? ', Fortran order' : ''}${h.bigEndian ? ', big-endian' : ''}`];
  const scans: PickleScan[] = [];
  if (h.objectArray || h.unknownDescr) {
    detail.push(h.objectArray ? 'object array: its payload is a pickle (numpy.load needs allow_pickle=True); not a tensor' : `dtype ${h.descr} not understood: its payload was scanned as a pickle`);
    if (h.unknownDescr) scans.push(gapScan('npy object payload', 'dtype not understood', `npy dtype ${h.descr} is not one sdmatch knows holds no objects`));
    const root = objectArray(fileRegion(src, ref.path), h.dataOffset, 'npy object payload', scans, detail);
    return { format: 'npy', detail, root, error: null, pickles: scans, size: src.size };
  }
  if (!h.dtype) return { format: 'npy', detail: [...detail, `dtype ${h.descr} has no PyTorch equivalent`], root: arrayStandIn(h), error: null, pickles: scans, size: src.size };
  const length = numel(h.shape) * itemSize(h.dtype);
  if (h.dataOffset + length > src.size) {
    throw new FormatError(ref.path, `truncated npy: ${h.descr} (${h.shape.join(', ')}) needs ${length} bytes at ${h.dataOffset}, the file has ${src.size}`);
  }
  const root = ndarrayTensor(h, 'array', { kind: 'raw', file: ref.path, offset: h.dataOffset, length });
  return { format: 'npy', detail, root, error: null, pickles: scans, size: src.size };
}

/** npz: a zip of .npy members; the root maps each member's key to its array. */
export function readNpzFile(zip: ZipArchive, ref: FileRef, npz: ReturnType<typeof readNpz>): FileContents {
  const detail = [`npz, ${npz.members.length} member(s)`];
  const scans: PickleScan[] = [];
  const root: PyDict = { kind: 'dict', entries: [] };
  let error: FormatError | null = null;
  let deflated = 0;
  for (const m of npz.members) {
    const h = m.header;
    let value: PyValue;
    if (h.objectArray || h.unknownDescr) {
      detail.push(`member ${m.entry.name} is an object array: its payload is a pickle; not a tensor`);
      if (h.unknownDescr) scans.push(gapScan(m.entry.name, 'dtype not understood', `npy dtype ${h.descr} is not one sdmatch knows holds no objects`));
      value = objectMember(zip, m.entry, ref.path, h.dataOffset, scans, detail);
    } else if (!h.dtype) {
      value = arrayStandIn(h);
    } else {
      const length = numel(h.shape) * itemSize(h.dtype);
      if (h.dataOffset + length > m.entry.size) {
        // numpy fails on this member only; the others (an object payload among them) still load, so the
        // file keeps its report and the truncation is its error
        const why = `truncated npy in "${m.entry.name}": ${h.descr} (${h.shape.join(', ')}) needs ${length} bytes, the member has ${m.entry.size - h.dataOffset}`;
        error ??= new FormatError(ref.path, why);
        detail.push(why);
        root.entries.push([m.key, null]);
        continue;
      }
      let bytes: ByteLocation | null = null;
      if (m.entry.method === 0) bytes = { kind: 'raw', file: ref.path, offset: m.entry.dataOffset + h.dataOffset, length };
      else deflated++;
      value = ndarrayTensor(h, m.key, bytes)!;
    }
    root.entries.push([m.key, value]);
  }
  if (deflated > 0) detail.push(`${deflated} deflated member(s): array bytes are only addressable after inflating`);
  if (npz.others.length > 0) detail.push(`${npz.others.length} member(s) that are not .npy arrays: ${npz.others.slice(0, 5).map((e) => e.name).join(', ')}`);
  return { format: 'npz', detail, root, error, pickles: scans, size: zip.source.size };
}

/**
 * An npy whose header sdmatch cannot parse (numpy's ast.literal_eval takes more spellings): no tree,
 * the error, and the payload after the declared header scanned as the pickle numpy may run.
 */
function unparsedNpy(src: ByteSource, ref: FileRef, err: FormatError): FileContents {
  let start: number;
  try {
    start = npyPayloadStart(src.read(0, Math.min(12, src.size)), src.size, ref.path);
  } catch {
    throw err;
  }
  const scans: PickleScan[] = [gapScan('npy header', 'member not read', err.message)];
  const r = readPickle(src, afterPadding(src, start), { where: 'npy payload' });
  if (r.globals.length > 0 || r.anomalies.length > 0 || !r.error) scans.push(scanOf('npy payload', r));
  return { format: 'npy', detail: [`npy header not understood: ${err.message}`], root: null, error: err, pickles: scans, size: src.size };
}

/** An npz object member's payload; a member that cannot be read (a deflate bomb, a bad method) is a gap, not the file's end. */
function objectMember(zip: ZipArchive, e: ZipEntry, file: string, at: number, scans: PickleScan[], detail: string[]): PyValue | null {
  let region: Region;
  try {
    region = entryRegion(zip, e, file);
  } catch (err) {
    if (!(err instanceof FormatError)) throw err;
    scans.push(gapScan(e.name, 'member not read', err.message));
    detail.push(`${e.name} not read: ${err.message}`);
    return null;
  }
  return objectArray(region, at, e.name, scans, detail);
}
