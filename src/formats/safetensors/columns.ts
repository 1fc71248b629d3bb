import { Buffer } from 'node:buffer';
import { ByteKeyTable, sameBytes } from '../byte-keys.js';
import { DTYPE_BY_CODE, itemSize, type DType } from '../dtype.js';
import { lookupSafetensorsDtype } from './dtypes.js';
import { BACKSLASH, CLOSE_BRACE, CLOSE_BRACKET, COLON, COMMA, MAX_DIGITS, NINE, OPEN_BRACE, OPEN_BRACKET, QUOTE, ZERO } from './json-scan.js';
import { headerLengthOf, MAX_HEADER_LENGTH } from './reader.js';
import { TextWindow } from './text-window.js';

/**
 * A safetensors header read into columns (issue 14): names as byte ranges of the header, dtype codes,
 * shapes pooled in one array, byte spans, and no object per tensor. It is what `inspect` of a sharded
 * set reads: 20 headers of 2,500 tensors parsed once each, with no string or record per tensor until
 * the output writes them from these bytes.
 *
 * It only recognises, as json-scan.ts does for text: the header must be the common ASCII subset (plain
 * names, the three fields, whole numbers) and pass every check readSafetensors makes (dtype, span,
 * distinct names, tiling, the file's length). On anything else it returns null and the caller reads
 * the file with readSafetensors, which then also words the error. So this never decides a file is bad
 * and never accepts one the reader refuses.
 */
export interface SafetensorsColumns {
  /** the header's bytes (after the 8-byte length); names are ranges of them */
  header: Uint8Array;
  headerLength: number;
  /**
   * tensor names in header order; `names.size` is the tensor count. Distinct, checked by the scan,
   * unless it was asked to leave that to its caller (`namesCheckedLater`): then `names.checked` is false
   * until the caller's `names.checkNow()`, and a set whose names were not proven distinct another way is
   * not to be used before it.
   */
  names: ByteKeyTable;
  /** index into DTYPE_ORDER */
  dtype: Uint8Array;
  rank: Uint8Array;
  /** where tensor i's shape starts in `dims` */
  dimsAt: Int32Array;
  dims: Float64Array;
  /** data_offsets, relative to the data section (which starts at 8 + headerLength) */
  begin: Float64Array;
  end: Float64Array;
  /** per dtype code: how many tensors, and their bytes (the spans' lengths), summed as the scan meets them */
  dtypeTensors: Float64Array;
  dtypeBytes: Float64Array;
  metadata: Record<string, string> | null;
}

/** DType by code: the columns hold the index of a dtype in this list (the one code table, dtype.ts). */
export const DTYPE_ORDER = DTYPE_BY_CODE;
const DTYPE_INDEX = new Map<DType, number>(DTYPE_ORDER.map((d, i) => [d, i]));

/** The header length the first 8 bytes declare when readSafetensors would accept it for a file of `size` bytes, else null. */
export function acceptedHeaderLength(first8: Uint8Array, size: number): number | null {
  if (size < 8) return null;
  const n = headerLengthOf(first8);
  return n === null || n > MAX_HEADER_LENGTH || n > size - 8 ? null : n;
}

/** the shortest tensor entry, `"":{"dtype":"","shape":[],"data_offsets":[0,0]}`: a header of N bytes holds at most N / 48 */
const MIN_ENTRY_BYTES = 48;

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const METADATA = ascii('__metadata__');
const F_DTYPE = ascii('dtype');
const F_SHAPE = ascii('shape');
const F_OFFSETS = ascii('data_offsets');
const DTYPE = 1;
const SHAPE = 2;
const OFFSETS = 4;

/** bytes as text, one character per byte (ASCII here: the scan takes no other) */
export const latin1 = (b: Uint8Array, from: number, to: number): string => Buffer.from(b.buffer, b.byteOffset, b.length).toString('latin1', from, to);

export const isWs = (c: number | undefined): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/**
 * The end (index of the closing quote) of the plain string whose opening quote is at `open`, or -1: no
 * backslash, no control character and only ASCII, so its bytes are its value.
 */
export function plainEnd(b: Uint8Array, open: number): number {
  if (b[open] !== QUOTE) return -1;
  for (let k = open + 1; k < b.length; k++) {
    const c = b[k]!;
    if (c === QUOTE) return k;
    if (c < 0x20 || c === BACKSLASH || c >= 0x80) return -1;
  }
  return -1;
}

/** Growable pool of shape dimensions. */
class Dims {
  a: Float64Array;
  n = 0;
  constructor(capacity: number) {
    this.a = new Float64Array(Math.max(2, capacity));
  }
  push(v: number): void {
    if (this.n === this.a.length) {
      const next = new Float64Array(this.a.length * 2);
      next.set(this.a);
      this.a = next;
    }
    this.a[this.n++] = v;
  }
}

/**
 * `[n, …]` of whole numbers at `i` (JSON: no sign, fraction, exponent or leading zero; at most 15
 * digits), each appended to `out`: the index after the `]`, or -1.
 */
function scanCounts(b: Uint8Array, i: number, out: Dims): number {
  if (b[i] !== OPEN_BRACKET) return -1;
  i++;
  while (b[i]! <= 0x20 && isWs(b[i])) i++;
  if (b[i] === CLOSE_BRACKET) return i + 1;
  for (;;) {
    while (b[i]! <= 0x20 && isWs(b[i])) i++;
    const start = i;
    let v = 0;
    let c = b[i];
    while (c !== undefined && c >= ZERO && c <= NINE) {
      v = v * 10 + (c - ZERO);
      c = b[++i];
    }
    const digits = i - start;
    if (digits === 0 || digits > MAX_DIGITS || (digits > 1 && b[start] === ZERO)) return -1;
    out.push(v);
    while (b[i]! <= 0x20 && isWs(b[i])) i++;
    c = b[i++];
    if (c === CLOSE_BRACKET) return i;
    if (c !== COMMA) return -1;
  }
}

/** `{"k": "v", …}` of plain strings with distinct keys at `i`: the object and the index after it, or null. */
function scanMetadata(b: Uint8Array, i: number): { map: Record<string, string>; end: number } | null {
  if (b[i] !== OPEN_BRACE) return null;
  const map: Record<string, string> = Object.create(null);
  i++;
  while (b[i]! <= 0x20 && isWs(b[i])) i++;
  if (b[i] === CLOSE_BRACE) return { map, end: i + 1 };
  const text = (from: number, to: number): string => latin1(b, from, to);
  for (;;) {
    while (b[i]! <= 0x20 && isWs(b[i])) i++;
    let close = plainEnd(b, i);
    if (close < 0) return null;
    const key = text(i + 1, close);
    if (Object.hasOwn(map, key)) return null;
    i = close + 1;
    while (b[i]! <= 0x20 && isWs(b[i])) i++;
    if (b[i++] !== COLON) return null;
    while (b[i]! <= 0x20 && isWs(b[i])) i++;
    close = plainEnd(b, i);
    if (close < 0) return null;
    map[key] = text(i + 1, close);
    i = close + 1;
    while (b[i]! <= 0x20 && isWs(b[i])) i++;
    const c = b[i++];
    if (c === CLOSE_BRACE) return { map, end: i };
    if (c !== COMMA) return null;
  }
}

/**
 * The header `header` (the bytes after the length field) of a file whose data section is `dataLength`
 * bytes, in columns; null when it is outside the subset or fails a check (see SafetensorsColumns).
 */
export function scanSafetensorsColumns(header: Uint8Array, dataLength: number, namesCheckedLater = false): SafetensorsColumns | null {
  const b = header;
  const n = b.length;
  // readSafetensors wants the text to start with '{' itself, no whitespace first
  if (b[0] !== OPEN_BRACE) return null;
  const cap = Math.floor(n / MIN_ENTRY_BYTES) + 1;
  let writer: SafetensorsColumns | null = null;
  try {
    writer = scanWriterForm(b, dataLength, cap, namesCheckedLater);
  } catch {
    // a shortcut only: should the regular expression engine give up on some header (it overflowed its
    // stack on a shape of ~400k numbers before the shape was bounded), the general walk reads it
    writer = null;
  }
  return writer ?? scanAnyForm(b, dataLength, cap, namesCheckedLater);
}

/** a whole number as JSON writes it (no sign, fraction, exponent or leading zero) of at most MAX_DIGITS digits */
const WHOLE = `(?:0|[1-9][0-9]{0,${MAX_DIGITS - 1}})`;
/** a plain string's characters: printable ASCII but the quote and the backslash (plainEnd's subset) */
const PLAIN_CHARS = '[\\x20\\x21\\x23-\\x5b\\x5d-\\x7e]*';
/** the largest rank the columns hold (a Uint8Array); keepTensor refuses more and the reader then reads the file */
const MAX_RANK = 255;
/**
 * One tensor entry as the safetensors writer prints it (serde_json: no whitespace, the fields in this
 * order) and the `,` or `}` after it. Matched by the regular expression engine, whose compiled code runs
 * from the first entry: the general walk's byte loops run cold in V8's interpreter for much of a
 * one-shot CLI's reading (bench/scale-reading.md, sessions 7 and 8). The shape is bounded to MAX_RANK
 * numbers: unbounded, the engine kept one backtracking frame per number and overflowed its stack on a
 * shape of a few hundred thousand (a RangeError, exit 3); a longer shape now fails the match at once.
 */
const WRITER_ENTRY = new RegExp(`"${PLAIN_CHARS}":\\{"dtype":"${PLAIN_CHARS}","shape":\\[(?:${WHOLE}(?:,${WHOLE}){0,${MAX_RANK - 1}})?\\],"data_offsets":\\[${WHOLE},${WHOLE}\\]\\}[,}]`, 'y');
/** from a name's closing quote to its dtype code: `":{"dtype":"` */
const TO_DTYPE = 12;
/** from the dtype code's closing quote to the shape's first digit: `","shape":[` */
const TO_SHAPE = 11;
/** from the shape's `]` to data_offsets' first digit: `],"data_offsets":[` */
const TO_OFFSETS = 18;
const METADATA_KEY = '{"__metadata__":';

/**
 * The header when every tensor entry is in the writer's form (WRITER_ENTRY), after an optional leading
 * `__metadata__`, with spaces only after the closing brace; else null, and the general walk reads it.
 * It takes a header only when the general walk would take it with the same columns: the same checks
 * (keepTensor, distinct names, tiling), and any doubt (a check failing, `__metadata__` as a tensor's
 * name) is left to the general walk, which then refuses the header or reads it.
 */
export function scanWriterForm(b: Uint8Array, dataLength: number, cap: number, namesCheckedLater = false): SafetensorsColumns | null {
  const n = b.length;
  // the text a window at a time (text-window.ts: no string of the whole header)
  const s = new TextWindow(b);
  s.moveTo(0);
  let i = 1;
  let metadata: Record<string, string> | null = null;
  if (s.text.startsWith(METADATA_KEY)) {
    const m = scanMetadata(b, METADATA_KEY.length);
    if (m === null || b[m.end] !== COMMA) return null;
    metadata = m.map;
    i = m.end + 1;
  }
  const names = new ByteKeyTable(b, cap, namesCheckedLater);
  const cols = new TensorColumns(cap);
  do {
    i = writerEntry(b, s, i, names, cols);
    if (i < 0) return null;
  } while (b[i - 1] === COMMA);
  while (b[i] === 0x20) i++;
  if (i !== n) return null;
  return finished(b, dataLength, names, cols, metadata);
}

/**
 * The writer-form entry at `i` (its name's opening quote) into the columns: the index after its `,` or
 * `}`, or -1 when it is not in that form or fails a check. Small functions, each optimised on its own:
 * TurboFan took ~150 ms to compile the entry loop with all of this inlined, longer than the reading.
 */
function writerEntry(b: Uint8Array, window: TextWindow, i: number, names: ByteKeyTable, cols: TensorColumns): number {
  const re = WRITER_ENTRY;
  if (!window.matchAt(re, i)) return -1;
  // the window holds the whole entry: its quotes found in its text, at the window's offset
  const { text, base } = window;
  const entryEnd = re.lastIndex + base;
  const nameEnd = text.indexOf('"', i + 1 - base) + base;
  const codeFrom = nameEnd + TO_DTYPE;
  const codeEnd = text.indexOf('"', codeFrom - base) + base;
  const d = dtypeCode(b, codeFrom, codeEnd);
  if (d < 0) return -1;
  const nameLength = nameEnd - i - 1;
  if (nameLength === METADATA.length && sameBytes(b, i + 1, METADATA, 0, nameLength)) return -1;
  const t = names.add(i + 1, nameLength);
  if (t < 0) return -1;
  const dimsFrom = cols.dims.n;
  const shapeEnd = matchedCounts(b, codeEnd + TO_SHAPE, cols.dims);
  const offsets = cols.offsets;
  offsets.n = 0;
  matchedCounts(b, shapeEnd + TO_OFFSETS, offsets);
  return keepTensor(cols, t, d, dimsFrom, offsets.a[0]!, offsets.a[1]!) ? entryEnd : -1;
}

/** The numbers of a `[n,…]` list WRITER_ENTRY matched (digits and commas only), from its first byte `k`, into `out`: the index of its `]`. */
function matchedCounts(b: Uint8Array, k: number, out: Dims): number {
  let c = b[k]!;
  if (c === CLOSE_BRACKET) return k;
  let v = 0;
  for (;;) {
    if (c === COMMA) {
      out.push(v);
      v = 0;
    } else if (c === CLOSE_BRACKET) {
      out.push(v);
      return k;
    } else v = v * 10 + (c - ZERO);
    c = b[++k]!;
  }
}

/** The general walk: any whitespace, fields in any order, `__metadata__` anywhere. */
export function scanAnyForm(b: Uint8Array, dataLength: number, cap: number, namesCheckedLater = false): SafetensorsColumns | null {
  const n = b.length;
  const names = new ByteKeyTable(b, cap, namesCheckedLater);
  const cols = new TensorColumns(cap);
  let metadata: Record<string, string> | null = null;
  let sawMetadata = false;
  let i = 1;
  while (b[i]! <= 0x20 && isWs(b[i])) i++;
  if (b[i] === CLOSE_BRACE) i++;
  else {
    for (;;) {
      while (b[i]! <= 0x20 && isWs(b[i])) i++;
      const close = plainEnd(b, i);
      if (close < 0) return null;
      const nameStart = i + 1;
      const nameLength = close - nameStart;
      i = close + 1;
      while (b[i]! <= 0x20 && isWs(b[i])) i++;
      if (b[i++] !== COLON) return null;
      while (b[i]! <= 0x20 && isWs(b[i])) i++;
      if (nameLength === METADATA.length && sameBytes(b, nameStart, METADATA, 0, nameLength)) {
        if (sawMetadata) return null;
        sawMetadata = true;
        const m = scanMetadata(b, i);
        if (m === null) return null;
        metadata = m.map;
        i = m.end;
      } else {
        const t = names.add(nameStart, nameLength);
        if (t < 0) return null;
        i = scanTensor(b, i, t, cols);
        if (i < 0) return null;
      }
      while (b[i]! <= 0x20 && isWs(b[i])) i++;
      const c = b[i++];
      if (c === COMMA) continue;
      if (c === CLOSE_BRACE) break;
      return null;
    }
  }
  while (b[i]! <= 0x20 && isWs(b[i])) i++;
  if (i !== n) return null;
  return finished(b, dataLength, names, cols, metadata);
}

function finished(b: Uint8Array, dataLength: number, names: ByteKeyTable, cols: TensorColumns, metadata: Record<string, string> | null): SafetensorsColumns | null {
  const count = names.size;
  // spans met in file order, each starting where the last ended, tile the data section when the last
  // ends at its end (the common header); anything else gets the full check
  if (cols.tiledTo !== dataLength && !tiles(cols.begin, cols.end, count, dataLength)) return null;
  return {
    header: b,
    headerLength: b.length,
    names,
    dtype: cols.dtype,
    rank: cols.rank,
    dimsAt: cols.dimsAt,
    dims: cols.dims.a,
    begin: cols.begin,
    end: cols.end,
    dtypeTensors: cols.dtypeTensors,
    dtypeBytes: cols.dtypeBytes,
    metadata,
  };
}

/** The columns a header's tensors are read into, and the scan's scratch. */
class TensorColumns {
  readonly dtype: Uint8Array;
  readonly rank: Uint8Array;
  readonly dimsAt: Int32Array;
  readonly dims: Dims;
  readonly begin: Float64Array;
  readonly end: Float64Array;
  /** where the spans met so far end while each started where the one before ended (from 0), else -1 */
  tiledTo = 0;
  readonly dtypeTensors = new Float64Array(DTYPE_ORDER.length);
  readonly dtypeBytes = new Float64Array(DTYPE_ORDER.length);
  /** each tensor's data_offsets, read here first */
  readonly offsets = new Dims(2);

  constructor(cap: number) {
    this.dtype = new Uint8Array(cap);
    this.rank = new Uint8Array(cap);
    this.dimsAt = new Int32Array(cap);
    this.dims = new Dims(cap * 2);
    this.begin = new Float64Array(cap);
    this.end = new Float64Array(cap);
  }
}

/**
 * Tensor t's `{ "dtype": "..", "shape": [..], "data_offsets": [b, e] }` at `i` (the three fields in any
 * order, each once) into the columns, checked as readSafetensors checks it: the index after it, or -1.
 * A function of its own (not a loop body of the header's): the scan runs once per file, mostly before
 * V8 has optimised it, and a small function is optimised sooner and compiled in a fraction of the time.
 */
function scanTensor(b: Uint8Array, i: number, t: number, cols: TensorColumns): number {
  if (b[i++] !== OPEN_BRACE) return -1;
  const { dims, offsets } = cols;
  let got = 0;
  let d = -1;
  const dimsFrom = dims.n;
  offsets.n = 0;
  for (;;) {
    while (b[i]! <= 0x20 && isWs(b[i])) i++;
    const fieldEnd = plainEnd(b, i);
    if (fieldEnd < 0) return -1;
    const len = fieldEnd - i - 1;
    const bit = len === 5 && sameBytes(b, i + 1, F_DTYPE, 0, 5) ? DTYPE : len === 5 && sameBytes(b, i + 1, F_SHAPE, 0, 5) ? SHAPE : len === 12 && sameBytes(b, i + 1, F_OFFSETS, 0, 12) ? OFFSETS : 0;
    if (bit === 0 || (got & bit) !== 0) return -1;
    got |= bit;
    i = fieldEnd + 1;
    while (b[i]! <= 0x20 && isWs(b[i])) i++;
    if (b[i++] !== COLON) return -1;
    while (b[i]! <= 0x20 && isWs(b[i])) i++;
    if (bit === DTYPE) {
      const codeEnd = plainEnd(b, i);
      if (codeEnd < 0) return -1;
      d = dtypeCode(b, i + 1, codeEnd);
      if (d < 0) return -1;
      i = codeEnd + 1;
    } else {
      i = scanCounts(b, i, bit === SHAPE ? dims : offsets);
      if (i < 0) return -1;
    }
    while (b[i]! <= 0x20 && isWs(b[i])) i++;
    const c = b[i++];
    if (c === CLOSE_BRACE) break;
    if (c !== COMMA) return -1;
  }
  if (got !== (DTYPE | SHAPE | OFFSETS) || offsets.n !== 2) return -1;
  return keepTensor(cols, t, d, dimsFrom, offsets.a[0]!, offsets.a[1]!) ? i : -1;
}

/**
 * Tensor t (dtype code d, its shape dims[dimsFrom, dims.n), data_offsets [bg, en]) into the columns
 * when readSafetensors would take it: rank, offsets in order, a countable shape whose bytes are the
 * span's length. False when it would not.
 */
function keepTensor(cols: TensorColumns, t: number, d: number, dimsFrom: number, bg: number, en: number): boolean {
  const { dims } = cols;
  const r = dims.n - dimsFrom;
  if (r > MAX_RANK) return false;
  if (en < bg) return false;
  let numel = 1;
  for (let k = dimsFrom; k < dims.n; k++) {
    numel *= dims.a[k]!;
    if (!Number.isSafeInteger(numel)) return false;
  }
  const bytes = numel * itemSize(DTYPE_ORDER[d]!);
  if (!Number.isSafeInteger(bytes) || bytes !== en - bg) return false;
  cols.dtype[t] = d;
  cols.rank[t] = r;
  cols.dimsAt[t] = dimsFrom;
  cols.begin[t] = bg;
  cols.end[t] = en;
  cols.tiledTo = cols.tiledTo === bg ? en : -1;
  // the totals inspect reports, without another pass over the tensors
  cols.dtypeTensors[d]! += 1;
  cols.dtypeBytes[d]! += en - bg;
  return true;
}

/**
 * The dtype codes met so far in this process, as bytes, and their DTYPE_ORDER index: one cache for
 * every header (a shard set repeats the same few codes). Per header, a fresh cache sent the optimised
 * scan back to the interpreter at each new header (its arrays start with another elements kind), and
 * TurboFan compiled scanTensor again, three or four times a run (`--trace-deopt`).
 */
const CODE_BYTES: Uint8Array[] = [];
const CODE_INDEX: number[] = [];

/** The DTYPE_ORDER index of the code b[from, to), or -1 when readSafetensors would refuse it. */
function dtypeCode(b: Uint8Array, from: number, to: number): number {
  const len = to - from;
  for (let k = 0; k < CODE_BYTES.length; k++) {
    const c = CODE_BYTES[k]!;
    if (c.length === len && sameBytes(b, from, c, 0, len)) return CODE_INDEX[k]!;
  }
  const looked = lookupSafetensorsDtype(latin1(b, from, to));
  if (!looked.ok) return -1;
  const index = DTYPE_INDEX.get(looked.dtype)!;
  CODE_BYTES.push(Uint8Array.from(b.subarray(from, to)));
  CODE_INDEX.push(index);
  return index;
}

/** checkTiling's rule as a yes/no: sorted by offset the spans follow each other from 0 to the data section's end. */
function tiles(begin: Float64Array, end: Float64Array, count: number, dataLength: number): boolean {
  let inOrder = true;
  for (let k = 1; k < count && inOrder; k++) inOrder = begin[k - 1]! < begin[k]! || (begin[k - 1] === begin[k] && end[k - 1]! <= end[k]!);
  let order: Int32Array | null = null;
  if (!inOrder) {
    order = Int32Array.from({ length: count }, (_, k) => k);
    order.sort((a, b) => begin[a]! - begin[b]! || end[a]! - end[b]!);
  }
  let at = 0;
  for (let j = 0; j < count; j++) {
    const k = order === null ? j : order[j]!;
    if (begin[k] !== at) return false;
    at = end[k]!;
  }
  return at === dataLength;
}
