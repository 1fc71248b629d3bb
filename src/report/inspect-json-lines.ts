import { Buffer } from 'node:buffer';
import { DTYPE_BY_CODE } from '../formats/dtype.js';
import { ascii, ByteWriter } from './byte-writer.js';

/**
 * The `inspect --json` tensor lines of a checkpoint read into columns (a torch.save state dict, a
 * safetensors file or sharded set), written as bytes with no object or string per tensor (issue 14).
 * Each source fills one TensorLine per tensor from its columns (its record view); this module alone
 * knows the line's text. A line is the text of JSON.stringify(tensorJson(record)) (inspect-model.ts) for
 * the record the tree reader makes: test/report/inspect-columns.full.test.ts and
 * inspect-safetensors.test.ts compare them byte for byte.
 */
export interface TensorLine {
  /** the state-dict key: bytes[keyStart, keyEnd) (ASCII: the scanners take no other) */
  keyBytes: Uint8Array;
  keyStart: number;
  keyEnd: number;
  /** the key holds no quote, backslash or control character: JSON writes its bytes as they are */
  keyPlain: boolean;
  /** dtype code (DTYPE_BY_CODE) */
  dtype: number;
  /** shape: dims[dimsAt, dimsAt + rank) */
  dims: ArrayLike<number>;
  dimsAt: number;
  rank: number;
  /** stride: dims[strideAt, strideAt + rank), or -1 for the row-major (contiguous) strides of the shape */
  strideAt: number;
  storageOffset: number;
  contiguous: boolean;
  /** TensorInfo.kind */
  kind: LineKind;
  requiresGrad: boolean;
  /** the storage's key: this number as text, or -1 for the tensor's own key (a safetensors tensor's storage is named like it) */
  storageKey: number;
  /** the storage's dtype code (DTYPE_BY_CODE) */
  storageDtype: number;
  numel: number;
  /** the device as JSON text (`"cpu"`) */
  device: Uint8Array;
}

/** The TensorInfo kinds a columns source makes. */
export const LINE_KINDS = ['tensor', 'safetensors'] as const;
export type LineKind = (typeof LINE_KINDS)[number];

/** A source of lines: fills `line` with tensor i's fields. */
export type FillLine = (i: number, line: TensorLine) => void;

export function emptyLine(): TensorLine {
  return {
    keyBytes: EMPTY,
    keyStart: 0,
    keyEnd: 0,
    keyPlain: true,
    dtype: 0,
    dims: EMPTY,
    dimsAt: 0,
    rank: 0,
    strideAt: -1,
    storageOffset: 0,
    contiguous: true,
    kind: 'tensor',
    requiresGrad: false,
    storageKey: -1,
    storageDtype: 0,
    numel: 0,
    device: CPU,
  };
}

const EMPTY = new Uint8Array(0);
export const CPU = ascii('"cpu"');

/**
 * The one table of a line's pieces: tensorJson's fields in its order, each the text that opens it
 * (`{"path":[`, `,"dtype":`, …). The storage's fields are opened in the storage object.
 */
const FIELDS = ['path', 'dtype', 'shape', 'stride', 'storageOffset', 'contiguous', 'kind', 'requiresGrad', 'storage'] as const;
const STORAGE_FIELDS = ['key', 'dtype', 'numel', 'device'] as const;
const opens = <F extends string>(fields: readonly F[], first: string): Record<F, Uint8Array> =>
  Object.fromEntries(fields.map((f, k) => [f, ascii(`${k === 0 ? first : ','}"${f}":`)])) as Record<F, Uint8Array>;
const OPEN = opens(FIELDS, '{');
const STORAGE_OPEN = opens(STORAGE_FIELDS, '{');

const INDENT = ascii('    ');
const DTYPE_TEXT = DTYPE_BY_CODE.map((d) => ascii(JSON.stringify(d)));
const KIND_TEXT = Object.fromEntries(LINE_KINDS.map((k) => [k, ascii(JSON.stringify(k))])) as Record<LineKind, Uint8Array>;
const TRUE = ascii('true');
const FALSE = ascii('false');
const LINE_NEXT = ascii('}},\n');
const LINE_LAST = ascii('}}\n');
/** the longest the fixed text of a line can be: every opening, the indent, the end, brackets and quotes, the longest dtype twice, kind and boolean */
const LINE_FIXED =
  [...Object.values(OPEN), ...Object.values(STORAGE_OPEN), INDENT, LINE_NEXT].reduce((n, t) => n + t.length, 0) +
  16 +
  2 * Math.max(...DTYPE_TEXT.map((t) => t.length)) +
  Math.max(...Object.values(KIND_TEXT).map((t) => t.length)) +
  2 * FALSE.length;
/** the longest text ByteWriter.int writes, a separator included: JSON.stringify of a double is at most 24 characters */
const INT_MAX_BYTES = 25;

/**
 * Lines start..end (numbers `at` maps to tensors) as InspectModel.tensorText gives them: each indented
 * and followed by `,\n`, or by `\n` after the listing's last line (number count - 1).
 */
export function writeTensorLines(fill: FillLine, start: number, end: number, at: (k: number) => number, count: number): Uint8Array {
  const w = new ByteWriter((end - start) * 160);
  const line = emptyLine();
  for (let k = start; k < end; k++) {
    fill(at(k), line);
    writeLine(w, line, k === count - 1);
  }
  return w.done();
}

/** JSON.stringify(tensorJson(record)) of tensor i: one line without its indent and end. */
export function tensorLineText(fill: FillLine, i: number): string {
  const line = emptyLine();
  fill(i, line);
  const w = new ByteWriter(256);
  writeLine(w, line, true);
  const b = w.done();
  return Buffer.from(b.buffer, b.byteOffset, b.length).toString('latin1', INDENT.length, b.length - 1);
}

function writeLine(w: ByteWriter, l: TensorLine, last: boolean): void {
  const quoted = l.keyPlain ? null : ascii(JSON.stringify(Buffer.from(l.keyBytes.buffer, l.keyBytes.byteOffset, l.keyBytes.length).toString('latin1', l.keyStart, l.keyEnd)));
  const keyLength = quoted ? quoted.length : l.keyEnd - l.keyStart + 2;
  // room for the whole line at once (the key twice, up to two numbers a dimension and three more)
  w.reserve(LINE_FIXED + 2 * keyLength + (2 * l.rank + 3) * INT_MAX_BYTES + l.device.length);
  w.text(INDENT);
  w.text(OPEN.path);
  w.byte(0x5b);
  writeKey(w, l, quoted);
  w.byte(0x5d);
  w.text(OPEN.dtype);
  w.text(DTYPE_TEXT[l.dtype]!);
  w.text(OPEN.shape);
  w.byte(0x5b);
  const { dims, dimsAt, rank } = l;
  for (let d = 0; d < rank; d++) {
    if (d > 0) w.byte(0x2c);
    w.int(dims[dimsAt + d]!);
  }
  w.byte(0x5d);
  w.text(OPEN.stride);
  w.byte(0x5b);
  for (let d = 0; d < rank; d++) {
    if (d > 0) w.byte(0x2c);
    if (l.strideAt >= 0) w.int(dims[l.strideAt + d]!);
    else {
      // the row-major stride, the product of the later dimensions (contiguousStrides' numbers)
      let s = 1;
      for (let e = d + 1; e < rank; e++) s *= dims[dimsAt + e]!;
      w.int(s);
    }
  }
  w.byte(0x5d);
  w.text(OPEN.storageOffset);
  w.int(l.storageOffset);
  w.text(OPEN.contiguous);
  w.text(l.contiguous ? TRUE : FALSE);
  w.text(OPEN.kind);
  w.text(KIND_TEXT[l.kind]);
  w.text(OPEN.requiresGrad);
  w.text(l.requiresGrad ? TRUE : FALSE);
  w.text(OPEN.storage);
  w.text(STORAGE_OPEN.key);
  if (l.storageKey < 0) writeKey(w, l, quoted);
  else {
    w.byte(0x22);
    w.int(l.storageKey);
    w.byte(0x22);
  }
  w.text(STORAGE_OPEN.dtype);
  w.text(DTYPE_TEXT[l.storageDtype]!);
  w.text(STORAGE_OPEN.numel);
  w.int(l.numel);
  w.text(STORAGE_OPEN.device);
  w.text(l.device);
  w.text(last ? LINE_LAST : LINE_NEXT);
}

function writeKey(w: ByteWriter, l: TensorLine, quoted: Uint8Array | null): void {
  if (quoted !== null) {
    w.text(quoted);
    return;
  }
  w.byte(0x22);
  w.bytes(l.keyBytes, l.keyStart, l.keyEnd);
  w.byte(0x22);
}

/** A key JSON writes as its bytes between quotes (the scanners' keys are ASCII): no quote, backslash or control character. */
export function plainKey(b: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = b[i]!;
    if (c < 0x20 || c === 0x22 || c === 0x5c) return false;
  }
  return true;
}
