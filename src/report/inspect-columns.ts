import type { ColumnarCheckpoint } from '../checkpoint/open.js';
import type { SharedStorage, TensorTotals } from '../checkpoint/summary.js';
import type { TensorRecord } from '../checkpoint/types.js';
import { itemSize, type DType } from '../formats/dtype.js';
import { DTYPE_NAMES } from '../formats/torch/state-dict-columns.js';
import type { StorageInfo, TensorInfo } from '../formats/tensor.js';
import { groupOf, type InspectModel, type InspectOptions, type TensorGroup, type TensorRow } from './inspect-model.js';

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
  // the rows the listing shows, by tensor number (all of them without a filter)
  let shown: Int32Array | null = null;
  if (filter) {
    const keep = new Int32Array(n);
    let k = 0;
    for (let i = 0; i < n; i++) if (filter.test(view.key(i))) keep[k++] = i;
    shown = keep.slice(0, k);
  }
  const at = (i: number): number => (shown === null ? i : shown[i]!);
  const count = shown === null ? n : shown.length;
  const row = (i: number): TensorRow => {
    const r = view.record(at(i));
    return { key: r.path[0] as string, record: r };
  };
  const rows = (limit: number): TensorRow[] => Array.from({ length: Math.min(limit, count) }, (_, i) => row(i));
  let all: TensorRow[] | null = null;
  const group: TensorGroup = {
    dict: [],
    count,
    head: (limit) => (limit >= count ? (all ??= rows(count)) : rows(limit)),
    get rows() {
      return (all ??= rows(count));
    },
  };
  return {
    file: c.file,
    format: c.format,
    size: c.size,
    detail: c.detail,
    totals: view.totals(),
    shared: view.shared(),
    stateDicts: [{ path: [], count: n, nonTensor: [] }],
    leaves: [],
    // a filter that matches nothing leaves the state dict's group out, as groupTensors does
    groups: count > 0 || !filter ? [group] : [],
    get tensors(): TensorRecord[] {
      return (all ??= rows(count)).map((r) => r.record);
    },
    tensorCount: count,
    tensorLine: (i) => view.jsonLine(at(i)),
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
    const out: TensorTotals = { tensors: 0, elements: 0, bytes: 0, byDtype: {} };
    for (let i = 0; i < this.count; i++) {
      const dtype = DTYPE_NAMES[t.dtype[i]!]!;
      const n = this.elements(i);
      const b = n * itemSize(dtype);
      out.tensors++;
      out.elements += n;
      out.bytes += b;
      const d = (out.byDtype[dtype] ??= { tensors: 0, elements: 0, bytes: 0 });
      d.tensors++;
      d.elements += n;
      d.bytes += b;
    }
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
