import type { SafetensorsCheckpoint } from '../checkpoint/open.js';
import { countTensor, emptyTotals, type TensorTotals } from '../checkpoint/summary.js';
import type { TensorRecord } from '../checkpoint/types.js';
import { DTYPE_ORDER, latin1 } from '../formats/safetensors/columns.js';
import { ascii, ByteWriter } from './byte-writer.js';
import { columnarListing } from './inspect-listing.js';
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
  const set = c.safetensors;
  const n = set.count;
  const { filter } = opts;
  const list = columnarListing(n, (i) => keyOf(c, i), (i) => recordOf(c, i), filter);
  const count = list.count;
  return {
    file: c.file,
    format: c.format,
    size: c.size,
    detail: c.detail,
    totals: totalsOf(c),
    shared: [],
    stateDicts: [{ path: [], count: n, nonTensor: [] }],
    leaves: [],
    groups: list.groups,
    get tensors(): TensorRecord[] {
      return list.tensors();
    },
    tensorCount: count,
    tensorLine: (i) => {
      const text = jsonText(c, i, i + 1, list.at, count);
      // less the indent and the `,\n` or `\n` after it
      return latin1(text, LINE_INDENT, text.length - (i === count - 1 ? 1 : 2));
    },
    tensorText: (start, end) => jsonText(c, start, end, list.at, count),
    filter: filter ? filter.source : null,
    safety: c.safety,
    error: null,
  };
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

/** tensorTotals over every tensor, dtypes in the order first met */
function totalsOf(c: SafetensorsCheckpoint): TensorTotals {
  const out = emptyTotals();
  for (let i = 0; i < c.safetensors.count; i++) {
    const { columns: h, t } = where(c, i);
    let n = 1;
    for (let k = h.dimsAt[t]!, end = k + h.rank[t]!; k < end; k++) n *= h.dims[k]!;
    countTensor(out, DTYPE_ORDER[h.dtype[t]!]!, n);
  }
  return out;
}

/**
 * Listing lines start..end (numbers `at` maps to tensors) as bytes: JSON.stringify(tensorJson(record))
 * indented, written from the header's name bytes (plain ASCII: the scan takes no other, so JSON writes
 * them as they are) and the columns.
 */
function jsonText(c: SafetensorsCheckpoint, start: number, end: number, at: (i: number) => number, count: number): Uint8Array {
  const { parts, part, tensor } = c.safetensors;
  // room for the lines as they can be at most, so the buffer is never copied: the fixed text, the name
  // twice, two dtypes, and up to 16 digits and a comma per dimension, stride and the numel
  let room = 0;
  for (let k = start; k < end; k++) {
    const i = at(k);
    const h = parts[part[i]!]!.columns;
    const t = tensor[i]!;
    room += LINE_FIXED + 2 * h.names.length[t]! + 34 * h.rank[t]!;
  }
  const w = new ByteWriter(room);
  for (let k = start; k < end; k++) {
    const i = at(k);
    const h = parts[part[i]!]!.columns;
    const t = tensor[i]!;
    const ks = h.names.start[t]!;
    const ke = ks + h.names.length[t]!;
    const dtype = DTYPE_TEXT[h.dtype[t]!]!;
    const rank = h.rank[t]!;
    const d0 = h.dimsAt[t]!;
    w.text(PATH_OPEN);
    w.bytes(h.header, ks, ke);
    w.text(DTYPE_OPEN);
    w.text(dtype);
    w.text(SHAPE_OPEN);
    let numel = 1;
    for (let d = 0; d < rank; d++) {
      if (d > 0) w.byte(0x2c);
      w.int(h.dims[d0 + d]!);
      numel *= h.dims[d0 + d]!;
    }
    w.text(STRIDE_OPEN);
    for (let d = 0; d < rank; d++) {
      if (d > 0) w.byte(0x2c);
      // the row-major stride, the product of the later dimensions (contiguousStrides' numbers)
      let s = 1;
      for (let e = d + 1; e < rank; e++) s *= h.dims[d0 + e]!;
      w.int(s);
    }
    w.text(KEY_OPEN);
    w.bytes(h.header, ks, ke);
    w.text(STORAGE_DTYPE);
    w.text(dtype);
    w.text(NUMEL_OPEN);
    w.int(numel);
    w.text(k === count - 1 ? LINE_LAST : LINE_NEXT);
  }
  return w.done();
}

const DTYPE_TEXT = DTYPE_ORDER.map(ascii);
const LINE_INDENT = 4;
// the pieces of a line, in order
const PATH_OPEN = ascii('    {"path":["');
const DTYPE_OPEN = ascii('"],"dtype":"');
const SHAPE_OPEN = ascii('","shape":[');
const STRIDE_OPEN = ascii('],"stride":[');
const KEY_OPEN = ascii('],"storageOffset":0,"contiguous":true,"kind":"safetensors","requiresGrad":false,"storage":{"key":"');
const STORAGE_DTYPE = ascii('","dtype":"');
const NUMEL_OPEN = ascii('","numel":');
const LINE_NEXT = ascii(',"device":"cpu"}},\n');
const LINE_LAST = ascii(',"device":"cpu"}}\n');
const LINE_FIXED = [PATH_OPEN, DTYPE_OPEN, SHAPE_OPEN, STRIDE_OPEN, KEY_OPEN, STORAGE_DTYPE, NUMEL_OPEN, LINE_NEXT].reduce((n, t) => n + t.length, 0) + 2 * Math.max(...DTYPE_TEXT.map((t) => t.length)) + 16;
