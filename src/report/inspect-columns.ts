import type { ColumnarCheckpoint } from '../checkpoint/open.js';
import { countTensor, emptyTotals, type SharedStorage, type TensorTotals } from '../checkpoint/summary.js';
import type { TensorRecord } from '../checkpoint/types.js';
import { itemSize, type DType } from '../formats/dtype.js';
import { DTYPE_NAMES } from '../formats/torch/state-dict-columns.js';
import type { StorageInfo, TensorInfo } from '../formats/tensor.js';
import { ascii, ByteWriter } from './byte-writer.js';
import { columnarListing } from './inspect-listing.js';
import type { InspectModel, InspectOptions } from './inspect-model.js';

/**
 * buildInspectModel for a state dict read into columns (openForReport): the same model, made without
 * a record per tensor. Totals, shared storages and the JSON lines are computed from the columns; a
 * record is made only for a row the table prints (200 per state dict unless --all) or when a caller
 * asks for `tensors` itself. The model of a file must not depend on which way it was read:
 * test/report/inspect-columns.test.ts compares both on every fixture and corpus zip.
 */
export function buildColumnarInspectModel(c: ColumnarCheckpoint, opts: InspectOptions = {}): InspectModel {
  const view = new ColumnView(c);
  const n = view.count;
  const { filter } = opts;
  const list = columnarListing(n, (i) => view.key(i), (i) => view.record(i), filter);
  return {
    file: c.file,
    format: c.format,
    size: c.size,
    detail: c.detail,
    totals: view.totals(),
    shared: view.shared(),
    stateDicts: [{ path: [], count: n, nonTensor: [] }],
    leaves: [],
    groups: list.groups,
    get tensors(): TensorRecord[] {
      return list.tensors();
    },
    tensorCount: list.count,
    tensorLine: (i) => view.jsonLine(list.at(i)),
    tensorText: (start, end) => view.jsonText(start, end, list.at, list.count),
    filter: filter ? filter.source : null,
    safety: c.safety,
    error: null,
  };
}

/** The columns of one checkpoint, read per tensor. */
class ColumnView {
  readonly count: number;
  private readonly text: Buffer;
  private readonly storageInfos: (StorageInfo | undefined)[] = [];

  constructor(private readonly c: ColumnarCheckpoint) {
    const b = c.columns.tensors.bytes;
    this.text = Buffer.from(b.buffer, b.byteOffset, b.length);
    this.count = c.columns.tensors.count;
  }

  /** the state-dict key (ASCII: the scanner takes no other) */
  key(i: number): string {
    const t = this.c.columns.tensors;
    const start = t.keyStart[i]!;
    return this.text.toString('latin1', start, start + t.keyLength[i]!);
  }

  private dtypeOf(i: number): DType {
    return DTYPE_NAMES[this.c.columns.tensors.dtype[i]!]!;
  }

  private dims(i: number, second: boolean): number[] {
    const t = this.c.columns.tensors;
    const rank = t.rank[i]!;
    const from = t.dimsAt[i]! + (second ? rank : 0);
    return Array.from(t.dims.subarray(from, from + rank));
  }

  private storage(s: number): StorageInfo {
    let info = this.storageInfos[s];
    if (info === undefined) {
      const { tensors, storages } = this.c.columns;
      const dtype = DTYPE_NAMES[tensors.storageDtype[s]!]!;
      info = {
        key: String(s),
        dtype,
        numel: storages.numel[s]!,
        device: tensors.devices[tensors.storageDevice[s]!]!,
        bytes: { kind: 'raw', file: storages.file, offset: storages.offset[s]!, length: storages.length[s]!, crc32: storages.crc32[s]! },
      };
      this.storageInfos[s] = info;
    }
    return info;
  }

  /** the record the tree walk makes for tensor i (one storage object per storage, shared as in the tree) */
  record(i: number): TensorRecord {
    const t = this.c.columns.tensors;
    const info: TensorInfo = {
      kind: 'tensor',
      dtype: this.dtypeOf(i),
      shape: this.dims(i, false),
      stride: this.dims(i, true),
      storageOffset: t.storageOffset[i]!,
      storage: this.storage(t.storage[i]!),
      requiresGrad: t.requiresGrad[i] === 1,
    };
    return { path: [this.key(i)], info, aliases: [] };
  }

  private elements(i: number): number {
    const t = this.c.columns.tensors;
    let n = 1;
    for (let k = t.dimsAt[i]!, end = k + t.rank[i]!; k < end; k++) n *= t.dims[k]!;
    return n;
  }

  /** isContiguous over the columns: every dimension longer than 1 has the row-major stride */
  private contiguous(i: number): boolean {
    const t = this.c.columns.tensors;
    const rank = t.rank[i]!;
    const at = t.dimsAt[i]!;
    let want = 1;
    for (let d = rank - 1; d >= 0; d--) {
      const size = t.dims[at + d]!;
      if (size > 1 && t.dims[at + rank + d] !== want) return false;
      want *= size;
    }
    return true;
  }

  /** tensorTotals, in the same dtype order (first met) */
  totals(): TensorTotals {
    const t = this.c.columns.tensors;
    const out = emptyTotals();
    for (let i = 0; i < this.count; i++) countTensor(out, DTYPE_NAMES[t.dtype[i]!]!, this.elements(i));
    return out;
  }

  /** sharedStorages: storages two or more tensors view, in the order first met */
  shared(): SharedStorage[] {
    const t = this.c.columns.tensors;
    const firstAt = new Int32Array(t.storageCount).fill(-1);
    const groups = new Map<number, number[]>();
    for (let i = 0; i < this.count; i++) {
      const s = t.storage[i]!;
      const first = firstAt[s]!;
      if (first < 0) {
        firstAt[s] = i;
        continue;
      }
      const g = groups.get(s);
      if (g) g.push(i);
      else groups.set(s, [first, i]);
    }
    const order = [...groups.keys()].sort((a, b) => firstAt[a]! - firstAt[b]!);
    return order.map((s) => {
      const info = this.storage(s);
      return { key: info.key, dtype: info.dtype, numel: info.numel, paths: groups.get(s)!.map((i) => [this.key(i)]) };
    });
  }

  /**
   * Listing lines start..end (numbers `at` maps to tensors) as bytes, as InspectModel.tensorText
   * says: the same text as jsonLine's, written straight from the pickle's key bytes and the columns.
   */
  jsonText(start: number, end: number, at: (i: number) => number, count: number): Uint8Array {
    const t = this.c.columns.tensors;
    const w = new ByteWriter((end - start) * 256);
    const bytes = t.bytes;
    const dtypeText = DTYPE_TEXT;
    const deviceText = (this.deviceText ??= t.devices.map((d) => ascii(JSON.stringify(d))));
    const numel = this.c.columns.storages.numel;
    for (let k = start; k < end; k++) {
      const i = at(k);
      const ks = t.keyStart[i]!;
      const ke = ks + t.keyLength[i]!;
      const rank = t.rank[i]!;
      const s = t.storage[i]!;
      const device = deviceText[t.storageDevice[s]!]!;
      const quoted = plainKey(bytes, ks, ke) ? null : ascii(JSON.stringify(this.key(i)));
      // room for the whole line at once: the writes below check nothing
      w.reserve(LINE_FIXED + (quoted ? quoted.length : ke - ks + 2) + (2 * rank + 3) * INT_MAX_BYTES + device.length);
      w.text(PATH_OPEN);
      if (quoted === null) {
        w.byte(0x22);
        w.bytes(bytes, ks, ke);
        w.byte(0x22);
      } else w.text(quoted);
      w.text(DTYPE_OPEN);
      w.text(dtypeText[t.dtype[i]!]!);
      w.text(SHAPE_OPEN);
      const d0 = t.dimsAt[i]!;
      for (let d = 0; d < rank; d++) {
        if (d > 0) w.byte(0x2c);
        w.int(t.dims[d0 + d]!);
      }
      w.text(STRIDE_OPEN);
      for (let d = 0; d < rank; d++) {
        if (d > 0) w.byte(0x2c);
        w.int(t.dims[d0 + rank + d]!);
      }
      w.text(OFFSET_OPEN);
      w.int(t.storageOffset[i]!);
      w.text(this.contiguous(i) ? CONTIGUOUS_TRUE : CONTIGUOUS_FALSE);
      w.text(t.requiresGrad[i] === 1 ? GRAD_TRUE : GRAD_FALSE);
      w.int(s);
      w.text(STORAGE_DTYPE);
      w.text(dtypeText[t.storageDtype[s]!]!);
      w.text(NUMEL_OPEN);
      w.int(numel[s]!);
      w.text(DEVICE_OPEN);
      w.text(device);
      w.text(k === count - 1 ? LINE_LAST : LINE_NEXT);
    }
    return w.done();
  }

  private deviceText: Uint8Array[] | undefined;

  /** JSON.stringify(tensorJson(record(i))), written from the columns */
  jsonLine(i: number): string {
    const t = this.c.columns.tensors;
    const rank = t.rank[i]!;
    const at = t.dimsAt[i]!;
    let shape = '';
    let stride = '';
    for (let d = 0; d < rank; d++) {
      if (d > 0) {
        shape += ',';
        stride += ',';
      }
      shape += t.dims[at + d]!;
      stride += t.dims[at + rank + d]!;
    }
    const s = t.storage[i]!;
    const sdtype = DTYPE_NAMES[t.storageDtype[s]!]!;
    const device = t.devices[t.storageDevice[s]!]!;
    return (
      `{"path":[${JSON.stringify(this.key(i))}],"dtype":"${this.dtypeOf(i)}","shape":[${shape}],"stride":[${stride}],` +
      `"storageOffset":${t.storageOffset[i]!},"contiguous":${this.contiguous(i)},"kind":"tensor","requiresGrad":${t.requiresGrad[i] === 1},` +
      `"storage":{"key":"${s}","dtype":"${sdtype}","numel":${this.c.columns.storages.numel[s]!},"device":${JSON.stringify(device)}}}`
    );
  }
}

const DTYPE_TEXT = DTYPE_NAMES.map(ascii);
// the pieces of a line of jsonLine, in order
const PATH_OPEN = ascii('    {"path":[');
const DTYPE_OPEN = ascii('],"dtype":"');
const SHAPE_OPEN = ascii('","shape":[');
const STRIDE_OPEN = ascii('],"stride":[');
const OFFSET_OPEN = ascii('],"storageOffset":');
const CONTIGUOUS_TRUE = ascii(',"contiguous":true,"kind":"tensor","requiresGrad":');
const CONTIGUOUS_FALSE = ascii(',"contiguous":false,"kind":"tensor","requiresGrad":');
const GRAD_TRUE = ascii('true,"storage":{"key":"');
const GRAD_FALSE = ascii('false,"storage":{"key":"');
const STORAGE_DTYPE = ascii('","dtype":"');
const NUMEL_OPEN = ascii('","numel":');
const DEVICE_OPEN = ascii(',"device":');
const LINE_NEXT = ascii('}},\n');
const LINE_LAST = ascii('}}\n');
/** the longest a line's fixed pieces (all but key, numbers and device) can be */
const LINE_FIXED =
  [PATH_OPEN, DTYPE_OPEN, SHAPE_OPEN, STRIDE_OPEN, OFFSET_OPEN, CONTIGUOUS_FALSE, GRAD_FALSE, STORAGE_DTYPE, NUMEL_OPEN, DEVICE_OPEN, LINE_NEXT].reduce((a, b) => a + b.length, 0) +
  2 * Math.max(...DTYPE_TEXT.map((d) => d.length));
/** the longest text ByteWriter.int writes, a separator included: JSON.stringify of a double is at most 24 characters */
const INT_MAX_BYTES = 25;

/** A key JSON writes as its bytes between quotes (the scanner's keys are ASCII): no quote, backslash or control character. */
function plainKey(b: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = b[i]!;
    if (c < 0x20 || c === 0x22 || c === 0x5c) return false;
  }
  return true;
}
