import type { PyDict, PyGlobal, PyList, PyTensor, PyValue } from '../pickle/values.js';
import type { StorageInfo } from '../tensor.js';
import type { StorageColumns } from './archive.js';
import { C_LIST, C_ORDERED, DTYPE_NAMES, HANDLE, handlePayload, handleTag, type StateDictColumns } from './state-dict-columns.js';

/**
 * The tree the interpreter makes of a nested stream the scanner read into columns (`{'state_dict':
 * {...}, 'epoch': 3}`, optimizer state, lists of them): dicts, lists, tuples, scalars and tensors, each
 * tensor made from its columns and sharing one StorageInfo per storage, as the interpreter's do. From
 * here the checkpoint is read as any tree is (walk, state-dict candidates, leaves), so the report is
 * the tree reading's by construction; what it saves is the symbolic machine and the interpreter (the
 * ~10 objects per tensor they make on the way).
 *
 * Null when the tree would not hold every tensor the scanner made (one sits in an OrderedDict's BUILD
 * state, which the walk does not read) or nests deeper than MAX_DEPTH: the caller then reads the
 * pickle the full way.
 */

/** deeper streams are the machine's to read (this builder keeps one frame per open container) */
const MAX_DEPTH = 1000;
const ORDERED_DICT: PyGlobal = { kind: 'global', module: 'collections', name: 'OrderedDict' };

export function treeFromColumns(t: StateDictColumns, storages: StorageColumns): PyValue | null {
  const nested = t.nested;
  if (!nested) return null;
  const text = Buffer.from(t.bytes.buffer, t.bytes.byteOffset, t.bytes.length);
  const n = nested.entries;
  const containerCount = nested.containers.length;
  // entries grouped by container, in the order they went in (a counting sort)
  const first = new Int32Array(containerCount + 1);
  for (let e = 0; e < n; e++) first[nested.owner[e]! + 1]! += 1;
  for (let c = 0; c < containerCount; c++) first[c + 1]! += first[c]!;
  const order = new Int32Array(n);
  const fill = first.slice(0, containerCount);
  for (let e = 0; e < n; e++) order[fill[nested.owner[e]!]!++] = e;

  const storageInfos: (StorageInfo | undefined)[] = [];
  const storage = (s: number): StorageInfo => {
    let info = storageInfos[s];
    if (info === undefined) {
      info = {
        key: String(s),
        dtype: DTYPE_NAMES[t.storageDtype[s]!]!,
        numel: storages.numel[s]!,
        device: t.devices[t.storageDevice[s]!]!,
        bytes: { kind: 'raw', file: storages.file, offset: storages.offset[s]!, length: storages.length[s]!, crc32: storages.crc32[s]! },
      };
      storageInfos[s] = info;
    }
    return info;
  };
  // a plain loop: Array.from over a subarray costs a view and an iterator per call (a quarter of the build)
  const dims = (i: number, second: boolean): number[] => {
    const rank = t.rank[i]!;
    const from = t.dimsAt[i]! + (second ? rank : 0);
    const out: number[] = [];
    for (let k = from; k < from + rank; k++) out.push(t.dims[k]!);
    return out;
  };
  let tensors = 0;
  const tensor = (i: number): PyTensor => {
    tensors++;
    return {
      kind: 'tensor',
      info: {
        kind: 'tensor',
        dtype: DTYPE_NAMES[t.dtype[i]!]!,
        shape: dims(i, false),
        stride: dims(i, true),
        storageOffset: t.storageOffset[i]!,
        storage: storage(t.storage[i]!),
        requiresGrad: t.requiresGrad[i] === 1,
      },
      original: null,
    };
  };
  const str = (h: number): string => {
    const k = handlePayload(h);
    const start = nested.strStart[k]!;
    return text.toString('latin1', start, start + nested.strLength[k]!);
  };
  const tuple = (h: number): PyValue => {
    const at = nested.tupleStart[handlePayload(h)]!;
    const items: PyValue[] = [];
    for (let k = at, end = at + nested.tupleLength[handlePayload(h)]!; k < end; k++) items.push(scalar(nested.tupleItems[k]!));
    return { kind: 'tuple', items };
  };
  // scalars and tuples of them (the scanner took nothing else inside a tuple)
  const scalar = (h: number): PyValue => {
    switch (handleTag(h)) {
      case HANDLE.NONE:
        return null;
      case HANDLE.FALSE:
        return false;
      case HANDLE.TRUE:
        return true;
      case HANDLE.INT:
        return handlePayload(h);
      case HANDLE.WIDE:
        return nested.wide[handlePayload(h)]!;
      case HANDLE.STR:
        return str(h);
      case HANDLE.FLOAT:
        return { kind: 'float', value: nested.floats[handlePayload(h)]! };
      case HANDLE.TUPLE:
        return tuple(h);
      default:
        throw new Error(`state-dict-tree: handle tag ${handleTag(h)} where the scanner puts only scalars`);
    }
  };

  const made = new Uint8Array(containerCount);
  const container = (c: number): PyDict | PyList => {
    if (made[c]) throw new Error(`state-dict-tree: container ${c} placed twice`);
    made[c] = 1;
    const flags = nested.containers[c]!;
    if (flags & C_LIST) return { kind: 'list', items: [] };
    return flags & C_ORDERED ? { kind: 'dict', entries: [], cls: ORDERED_DICT } : { kind: 'dict', entries: [] };
  };
  const root = container(0);
  const work: { id: number; into: PyDict | PyList; depth: number }[] = [{ id: 0, into: root, depth: 0 }];
  while (work.length > 0) {
    const { id, into, depth } = work.pop()!;
    if (depth > MAX_DEPTH) return null;
    for (let k = first[id]!, end = first[id + 1]!; k < end; k++) {
      const e = order[k]!;
      const v = nested.value[e]!;
      const tag = handleTag(v);
      let value: PyValue;
      if (tag === HANDLE.TENSOR) value = tensor(handlePayload(v));
      else if (tag === HANDLE.DICT || tag === HANDLE.LIST) {
        const child = container(handlePayload(v));
        work.push({ id: handlePayload(v), into: child, depth: depth + 1 });
        value = child;
      } else value = scalar(v);
      if (into.kind === 'list') into.items.push(value);
      else into.entries.push([scalar(nested.key[e]!), value]);
    }
  }
  return tensors === t.count ? root : null;
}
