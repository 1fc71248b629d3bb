import type { ColumnarCheckpoint } from '../checkpoint/open.js';
import { countTensor, emptyTotals, type SharedStorage, type TensorTotals } from '../checkpoint/summary.js';
import type { TensorRecord } from '../checkpoint/types.js';
import type { DType } from '../formats/dtype.js';
import { DTYPE_NAMES } from '../formats/torch/state-dict-columns.js';
import type { StorageInfo, TensorInfo } from '../formats/tensor.js';
import { ascii } from './byte-writer.js';
import { LineTemplate, plainKey, type FillLine } from './inspect-json-lines.js';
import { columnarInspectModel } from './inspect-listing.js';
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
  return columnarInspectModel({
    checkpoint: c,
    count: view.count,
    key: (i) => view.key(i),
    record: (i) => view.record(i),
    filter: opts.filter,
    totals: view.totals(),
    shared: view.shared(),
    lines: LINES,
    fill: view.fill,
  });
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
      const members = groups.get(s)!;
      // the view each takes (offset, shapes and strides), as sharedStorages tells ties from other views
      const view = (i: number) => `${t.storageOffset[i]}/${t.dims.subarray(t.dimsAt[i]!, t.dimsAt[i]! + 2 * t.rank[i]!).join(',')}`;
      return { key: info.key, dtype: info.dtype, numel: info.numel, paths: members.map((i) => [this.key(i)]), views: new Set(members.map(view)).size };
    });
  }

  /** The `--json` line of tensor i, filled from the columns (the tree reader's record, as record() makes it). */
  readonly fill: FillLine = (i, l) => {
    const t = this.c.columns.tensors;
    const s = t.storage[i]!;
    l.keyBytes = t.bytes;
    l.keyStart = t.keyStart[i]!;
    l.keyEnd = l.keyStart + t.keyLength[i]!;
    l.keyPlain = plainKey(t.bytes, l.keyStart, l.keyEnd);
    l.dtype = t.dtype[i]!;
    l.dims = t.dims;
    l.dimsAt = t.dimsAt[i]!;
    l.rank = t.rank[i]!;
    // the stride follows the shape
    l.strideAt = l.dimsAt + l.rank;
    l.storageOffset = t.storageOffset[i]!;
    l.contiguous = this.contiguous(i);
    l.requiresGrad = t.requiresGrad[i] === 1;
    l.storageKey = s;
    l.storageDtype = t.storageDtype[s]!;
    l.numel = this.c.columns.storages.numel[s]!;
    l.device = (this.deviceText ??= t.devices.map((d) => ascii(JSON.stringify(d))))[t.storageDevice[s]!]!;
  };

  private deviceText: Uint8Array[] | undefined;
}

/** A torch.save tensor's kind; everything else is read per tensor. */
const LINES = new LineTemplate({ kind: 'tensor' });
