import { Buffer } from 'node:buffer';
import { DTYPE_BY_CODE } from '../formats/dtype.js';
import { ascii, ByteWriter } from './byte-writer.js';
import { LineMemo, MARKS } from './line-memo.js';

/**
 * The `inspect --json` tensor lines of a checkpoint read into columns (a torch.save state dict, a
 * safetensors file or sharded set), written as bytes with no object or string per tensor (issue 14).
 * Each source fills one TensorLine per tensor from its columns (its record view) and fixes what is the
 * same on each of its lines (a LineTemplate); this module alone knows the line's text. A line is the
 * text of JSON.stringify(tensorJson(record)) (inspect-model.ts) for the record the tree reader makes:
 * test/report/inspect-columns.full.test.ts and inspect-safetensors.test.ts compare them byte for byte.
 * The tree's writer (recordLines, inspect-model.ts) takes its literal text and its fields' order from
 * the same table (linePieces): both writers walk LinePieces.fields, so the order is written down once,
 * here, and a writer missing a field does not compile (LinePieces).
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
  requiresGrad: boolean;
  /** the storage's key: this number as text, or -1 for the tensor's own key (a safetensors tensor's storage is named like it) */
  storageKey: number;
  /** the storage's dtype code (DTYPE_BY_CODE) */
  storageDtype: number;
  numel: number;
  /** the storage's device as JSON text (`"cpu"`) */
  device: Uint8Array;
}

/** A source of lines: fills `line` with tensor i's fields (those its LineTemplate does not fix). */
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
    requiresGrad: false,
    storageKey: -1,
    storageDtype: 0,
    numel: 0,
    device: EMPTY,
  };
}

const EMPTY = new Uint8Array(0);

/**
 * The one table of a line: tensorJson's fields in its order (the storage's inside `storage`), each
 * with the text that opens it. A source fixes the fields that are the same on each of its lines
 * (`kind` always; a safetensors tensor's offset, contiguity, grad and device too): their text joins
 * the literal text around them, so a line is written in as few pieces as the old per-source writers
 * wrote it (a cold one-shot CLI pays for every piece: issue 14). The tree's writer (recordLines) fixes
 * a line's contiguity and grad the same way. test/report/inspect-json-lines.test.ts checks this order
 * against tensorJson's keys.
 */
export const LINE_FIELDS = ['path', 'dtype', 'shape', 'stride', 'storageOffset', 'contiguous', 'kind', 'requiresGrad', 'storage.key', 'storage.dtype', 'storage.numel', 'storage.device'] as const;
export type LineField = (typeof LINE_FIELDS)[number];
/** i where LINE_FIELDS[i] is F, as a type (0 for 'path', …) */
type FieldIndex<F extends LineField, T extends readonly unknown[] = typeof LINE_FIELDS, Seen extends unknown[] = []> = T extends readonly [infer H, ...infer R] ? (H extends F ? Seen['length'] : FieldIndex<F, R, [...Seen, H]>) : never;
/**
 * Field F's place in LINE_FIELDS. A writer's `switch` says `case 4 satisfies At<'storageOffset'>:`: the
 * literal number is what a cold CLI switches on fastest (a jump table even before V8 optimises; named
 * constants or field names cost the cold 20-shard `inspect --json` ~10% of its CPU), and `satisfies`
 * makes it a compile error once the number is not the field's place in the table.
 */
export type At<F extends LineField> = FieldIndex<F>;
/** A field by its place in LINE_FIELDS: what a writer's `switch` takes */
export type FieldAt = { [F in LineField]: FieldIndex<F> }[LineField];
/** the fields a source may fix for all its lines, with their JSON values */
export type FixedFields = { kind: string } & Partial<{ storageOffset: number; contiguous: boolean; requiresGrad: boolean; 'storage.device': string }>;

/**
 * The literal text of a line around the values a writer fills, for one set of fixed fields. A writer
 * walks `fields` (so the order is LINE_FIELDS' and nowhere else) and writes each value in a `switch`
 * over the field's place (At) whose default takes `never` (unwritten): a field added to the
 * table that a writer does not write is a compile error, and a writer cannot put the values in an
 * order of its own.
 */
export interface LinePieces {
  /** the fields a writer fills (their places in LINE_FIELDS), in its order: those not fixed */
  fields: FieldAt[];
  /** pre[s]: the text written before fields[s]'s value (the text of the fixed fields before it included) */
  pre: Uint8Array[];
  /** what ends a line: `}},\n`, or `}}\n` after the listing's last (with the text of fixed fields before) */
  tails: [Uint8Array, Uint8Array];
}

/**
 * The pieces of a line (indented) with `values`' fields fixed: their JSON text joins the literal text
 * before the next field a writer fills, so a field fixed for a line costs no piece of its own.
 */
export function linePieces(values: Partial<Record<LineField, unknown>>): LinePieces {
  const fields: FieldAt[] = [];
  const pre: Uint8Array[] = [];
  let text = INDENT;
  LINE_FIELDS.forEach((f, k) => {
    text += opening(f, k);
    if (Object.hasOwn(values, f)) text += JSON.stringify(values[f]);
    else {
      fields.push(k as FieldAt);
      pre.push(ascii(text));
      text = '';
    }
  });
  return { fields, pre, tails: [ascii(`${text}}},\n`), ascii(`${text}}}\n`)] };
}

/** The default of a writer's `switch` over the fields: reached only by a field it has no case for, which the compiler rejects. */
export function unwritten(f: never): never {
  throw new Error(`inspect --json line: no writer for the field ${LINE_FIELDS[f as number]}`);
}

/** where the text of field f starts: its name, after the `{` or `,` (and the `"storage":{` before the first storage field) */
function opening(f: LineField, k: number): string {
  if (f === 'storage.key') return ',"storage":{"key":';
  const name = f.startsWith('storage.') ? f.slice('storage.'.length) : f;
  return `${k === 0 ? '{' : ','}"${name}":`;
}

/** The lines of one kind of source: the literal text before each field it fills, its fixed fields folded in. */
export class LineTemplate {
  // this source's LinePieces
  private readonly fields: FieldAt[];
  private readonly pre: Uint8Array[];
  private readonly tails: [Uint8Array, Uint8Array];
  /** the longest the literal text of a line can be, the dtypes and booleans included */
  private readonly fixedRoom: number;
  /** where write() put the last line's pieces: start, key, key end, storage key, its end, end (LineMemo's marks) */
  private readonly marks = new Float64Array(MARKS);
  private readonly memo: LineMemo;

  /** memoSlotBits: LineMemo's (a test's) */
  constructor(fixedFields: FixedFields, memoSlotBits?: number) {
    this.memo = new LineMemo(memoSlotBits);
    ({ fields: this.fields, pre: this.pre, tails: this.tails } = linePieces(fixedFields));
    const literal = this.pre.reduce((n, t) => n + t.length, 0) + this.tails[0].length;
    this.fixedRoom = literal + 2 * Math.max(...DTYPE_TEXT.map((t) => t.length)) + 2 * FALSE.length + 8;
  }

  /**
   * Lines start..end (numbers `at` maps to tensors) as InspectModel.tensorText gives them: each
   * indented and followed by `,\n`, or by `\n` after the listing's last line (number count - 1);
   * written into `into` when given (emptied first: the bytes are a view of it, see tensorText).
   */
  lines(fill: FillLine, start: number, end: number, at: (k: number) => number, count: number, into?: ByteWriter): Uint8Array {
    // room for lines of ~400 bytes (the 50,000-tensor set's are ~260): the buffer is seldom grown, and
    // a grow in the middle of the first chunk costs a cold CLI a deoptimisation of the whole writer
    const room = (end - start) * LINE_GUESS;
    const w = into ? into.reset(room) : new ByteWriter(room);
    const line = emptyLine();
    const memo = this.memo;
    memo.forget();
    for (let k = start; k < end; k++) {
      fill(at(k), line);
      // the listing's last line ends otherwise: written in full, never remembered
      const slot = k === count - 1 ? -1 : memo.slotOf(line);
      if (slot >= 0 && memo.match(slot, line)) {
        this.writeAgain(w, line, memo.marks, slot * MARKS);
        continue;
      }
      this.write(w, line, k === count - 1);
      if (slot >= 0) memo.remember(slot, line, this.marks);
    }
    return w.done();
  }

  /** JSON.stringify(tensorJson(record)) of tensor i: one line without its indent and end. */
  line(fill: FillLine, i: number): string {
    const line = emptyLine();
    fill(i, line);
    const w = new ByteWriter(256);
    this.write(w, line, true);
    const b = w.done();
    return Buffer.from(b.buffer, b.byteOffset, b.length).toString('latin1', INDENT.length, b.length - 1);
  }

  /**
   * l's line as the copy of an earlier line of this chunk that says the same besides the keys (LineMemo),
   * its marks at m[o…o + 5]: its text around the keys copied, l's keys written between.
   */
  private writeAgain(w: ByteWriter, l: TensorLine, m: Float64Array, o: number): void {
    if (l.keyPlain) w.lineAgain(m, o, l.keyBytes, l.keyStart, l.keyEnd, true, l.storageKey);
    else {
      const quoted = quotedKey(l)!;
      w.lineAgain(m, o, quoted, 0, quoted.length, false, l.storageKey);
    }
  }

  private write(w: ByteWriter, l: TensorLine, last: boolean): void {
    const { fields, pre, marks } = this;
    const quoted = quotedKey(l);
    const keyLength = quoted ? quoted.length : l.keyEnd - l.keyStart + 2;
    // room for the whole line at once (the key twice, up to two numbers a dimension and three more)
    w.reserve(this.fixedRoom + 2 * keyLength + (2 * l.rank + 3) * INT_MAX_BYTES + l.device.length);
    marks[0] = w.length;
    for (let s = 0; s < fields.length; s++) {
      w.text(pre[s]!);
      const f = fields[s]!;
      switch (f) {
        case 0 satisfies At<'path'>:
          w.byte(0x5b);
          marks[1] = w.length;
          writeKey(w, l, quoted);
          marks[2] = w.length;
          w.byte(0x5d);
          break;
        case 1 satisfies At<'dtype'>:
          w.text(DTYPE_TEXT[l.dtype]!);
          break;
        case 2 satisfies At<'shape'>:
          writeDims(w, l, false);
          break;
        case 3 satisfies At<'stride'>:
          writeDims(w, l, true);
          break;
        case 4 satisfies At<'storageOffset'>:
          w.int(l.storageOffset);
          break;
        case 5 satisfies At<'contiguous'>:
          w.text(l.contiguous ? TRUE : FALSE);
          break;
        case 6 satisfies At<'kind'>:
          // every source fixes it (FixedFields): a TensorLine has no kind to write
          throw new Error('inspect --json line: a LineTemplate without a fixed kind');
        case 7 satisfies At<'requiresGrad'>:
          w.text(l.requiresGrad ? TRUE : FALSE);
          break;
        case 8 satisfies At<'storage.key'>:
          marks[3] = w.length;
          if (l.storageKey < 0) writeKey(w, l, quoted);
          else {
            w.byte(0x22);
            w.int(l.storageKey);
            w.byte(0x22);
          }
          marks[4] = w.length;
          break;
        case 9 satisfies At<'storage.dtype'>:
          w.text(DTYPE_TEXT[l.storageDtype]!);
          break;
        case 10 satisfies At<'storage.numel'>:
          w.int(l.numel);
          break;
        case 11 satisfies At<'storage.device'>:
          w.text(l.device);
          break;
        default:
          unwritten(f);
      }
    }
    w.text(this.tails[last ? 1 : 0]);
    marks[5] = w.length;
  }
}

/** The key as JSON text when it is not its bytes between quotes (TensorLine.keyPlain), else null. */
function quotedKey(l: TensorLine): Uint8Array | null {
  return l.keyPlain ? null : ascii(JSON.stringify(Buffer.from(l.keyBytes.buffer, l.keyBytes.byteOffset, l.keyBytes.length).toString('latin1', l.keyStart, l.keyEnd)));
}

const INDENT = '    ';
const DTYPE_TEXT = DTYPE_BY_CODE.map((d) => ascii(JSON.stringify(d)));
const TRUE = ascii('true');
const FALSE = ascii('false');
const LINE_GUESS = 400;
/** the longest text ByteWriter.int writes, a separator included: JSON.stringify of a double is at most 24 characters */
const INT_MAX_BYTES = 25;

/** `[d0,d1,…]`: the shape, or the stride (given, or the row-major strides of the shape) */
function writeDims(w: ByteWriter, l: TensorLine, stride: boolean): void {
  const { dims, dimsAt, rank } = l;
  w.byte(0x5b);
  for (let d = 0; d < rank; d++) {
    if (d > 0) w.byte(0x2c);
    if (!stride) w.int(dims[dimsAt + d]!);
    else if (l.strideAt >= 0) w.int(dims[l.strideAt + d]!);
    else {
      // the row-major stride, the product of the later dimensions (contiguousStrides' numbers)
      let s = 1;
      for (let e = d + 1; e < rank; e++) s *= dims[dimsAt + e]!;
      w.int(s);
    }
  }
  w.byte(0x5d);
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
