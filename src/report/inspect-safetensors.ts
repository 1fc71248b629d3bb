import type { SafetensorsCheckpoint } from '../checkpoint/open.js';
import { emptyTotals, type TensorTotals } from '../checkpoint/summary.js';
import type { TensorRecord } from '../checkpoint/types.js';
import { itemSize } from '../formats/dtype.js';
import { DTYPE_ORDER, latin1 } from '../formats/safetensors/columns.js';
import { LineTemplate, type FillLine } from './inspect-json-lines.js';
import { columnarInspectModel } from './inspect-listing.js';
import type { InspectModel, InspectOptions } from './inspect-model.js';

/**
 * buildInspectModel for a safetensors file or sharded set read into columns (openForReport): the same
 * model, written from the headers' bytes without a record per tensor (issue 14). A record is made only
 * for a row the table prints or when a caller asks for `tensors`. The model must not depend on which
 * way the file was read: test/report/inspect-safetensors.test.ts compares both.
 *
 * What the tree reader makes of a safetensors tensor is fixed by the format: contiguous strides, no
 * offset, no grad, a CPU storage of its own named like the tensor (so no storage is shared).
 */
export function buildSafetensorsInspectModel(c: SafetensorsCheckpoint, opts: InspectOptions = {}): InspectModel {
  return columnarInspectModel({
    checkpoint: c,
    count: c.safetensors.count,
    key: (i) => keyOf(c, i),
    record: (i) => recordOf(c, i),
    filter: opts.filter,
    totals: totalsOf(c),
    shared: [],
    lines: LINES,
    fill: lineFiller(c),
  });
}

/** tensor i's part (file) and its number there */
function where(c: SafetensorsCheckpoint, i: number): { columns: SafetensorsCheckpoint['safetensors']['parts'][number]['columns']; path: string; t: number } {
  const p = c.safetensors.parts[c.safetensors.part[i]!]!;
  return { columns: p.columns, path: p.path, t: c.safetensors.tensor[i]! };
}

function keyOf(c: SafetensorsCheckpoint, i: number): string {
  const { columns, t } = where(c, i);
  const start = columns.names.start[t]!;
  return latin1(columns.header, start, start + columns.names.length[t]!);
}

/** the record the tree walk makes for tensor i */
function recordOf(c: SafetensorsCheckpoint, i: number): TensorRecord {
  const { columns: h, path, t } = where(c, i);
  const name = keyOf(c, i);
  const dtype = DTYPE_ORDER[h.dtype[t]!]!;
  const from = h.dimsAt[t]!;
  const shape = Array.from(h.dims.subarray(from, from + h.rank[t]!));
  const stride = new Array<number>(shape.length);
  let numel = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    stride[d] = numel;
    numel *= shape[d]!;
  }
  const begin = h.begin[t]!;
  return {
    path: [name],
    info: {
      kind: 'safetensors',
      dtype,
      shape,
      stride,
      storageOffset: 0,
      storage: { key: name, dtype, numel, device: 'cpu', bytes: { kind: 'raw', file: path, offset: 8 + h.headerLength + begin, length: h.end[t]! - begin } },
      requiresGrad: false,
    },
    aliases: [],
  };
}

/**
 * tensorTotals over every tensor, dtypes in the order first met, from each header's sums per dtype
 * (the scan adds each span, which is its tensor's bytes exactly: numel × item size, as it checked);
 * sums of whole numbers below 2^53 do not depend on their order. Only the order dtypes are first met
 * in needs the listing's order, and that walk stops once every dtype present has been met (at the
 * first tensor when there is one).
 */
function totalsOf(c: SafetensorsCheckpoint): TensorTotals {
  const { parts, part, tensor, count } = c.safetensors;
  const codes = DTYPE_ORDER.length;
  const tensors = new Float64Array(codes);
  const bytes = new Float64Array(codes);
  for (const { columns: h } of parts) {
    for (let d = 0; d < codes; d++) {
      tensors[d]! += h.dtypeTensors[d]!;
      bytes[d]! += h.dtypeBytes[d]!;
    }
  }
  const present = tensors.reduce((n, k) => n + (k > 0 ? 1 : 0), 0);
  const order: number[] = [];
  const met = new Uint8Array(codes);
  for (let i = 0; i < count && order.length < present; i++) {
    const d = parts[part[i]!]!.columns.dtype[tensor[i]!]!;
    if (met[d] === 0) {
      met[d] = 1;
      order.push(d);
    }
  }
  const out = emptyTotals();
  for (const d of order) {
    const dtype = DTYPE_ORDER[d]!;
    const t = { tensors: tensors[d]!, elements: bytes[d]! / itemSize(dtype), bytes: bytes[d]! };
    out.byDtype[dtype] = t;
    out.tensors += t.tensors;
    out.elements += t.elements;
    out.bytes += t.bytes;
  }
  return out;
}

/** The `--json` line of tensor i, filled from its header's columns (the tree reader's record, as recordOf makes it). */
function lineFiller(c: SafetensorsCheckpoint): FillLine {
  const { parts, part, tensor } = c.safetensors;
  return (i, l) => {
    const h = parts[part[i]!]!.columns;
    const t = tensor[i]!;
    l.keyBytes = h.header;
    l.keyStart = h.names.start[t]!;
    l.keyEnd = l.keyStart + h.names.length[t]!;
    // the scan takes plain ASCII names only
    l.keyPlain = true;
    l.dtype = h.dtype[t]!;
    l.dims = h.dims;
    l.dimsAt = h.dimsAt[t]!;
    l.rank = h.rank[t]!;
    // contiguous strides, and a storage of its own named like the tensor
    l.strideAt = -1;
    l.storageKey = -1;
    l.storageDtype = l.dtype;
    let numel = 1;
    for (let k = l.dimsAt, end = k + l.rank; k < end; k++) numel *= h.dims[k]!;
    l.numel = numel;
  };
}

/** What every safetensors tensor is (recordOf): no offset, contiguous, no grad, on the CPU. */
const LINES = new LineTemplate({ storageOffset: 0, contiguous: true, kind: 'safetensors', requiresGrad: false, 'storage.device': 'cpu' });
