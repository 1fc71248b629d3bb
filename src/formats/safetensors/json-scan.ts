/**
 * One-pass readings of the two JSON shapes sharded checkpoints are made of: a safetensors header
 * (`{"name": {"dtype": "F32", "shape": [..], "data_offsets": [b, e]}, …}`) and an index's weight_map
 * (`{"key": "shard file", …}`). They exist for speed: JSON.parse builds an object per tensor that is
 * thrown away at once, loses document order for integer-like keys and keeps only the last of duplicate
 * keys, so the exact route (JSON.parse, then json-keys.ts's walk for order) reads every header twice.
 *
 * A scan accepts only a strict subset of JSON whose meaning is unambiguous: strings without a
 * backslash or a control character (so a string's text is its value), whole numbers of at most 15
 * digits (exact doubles), no repeated keys. Anything else — an escape, a float, an unknown field, a
 * duplicate — returns null and the caller takes the exact route, which also words every error. So a
 * scan never validates and never decides; it only recognises text whose JSON.parse reading it knows.
 *
 * Written as flat loops over character codes, without a call per token: a CLI reads each header once,
 * so the code runs mostly before the JIT has optimised it, where every call costs.
 */

// the JSON characters the scans look for (columns.ts reads the same subset as bytes)
export const QUOTE = 0x22;
export const COLON = 0x3a;
export const COMMA = 0x2c;
export const OPEN_BRACE = 0x7b;
export const CLOSE_BRACE = 0x7d;
export const OPEN_BRACKET = 0x5b;
export const CLOSE_BRACKET = 0x5d;
export const BACKSLASH = 0x5c;
export const ZERO = 0x30;
export const NINE = 0x39;
/** 15 decimal digits are always below 2^53: such a number is read exactly */
export const MAX_DIGITS = 15;

/** past JSON whitespace (space, LF, CR, tab) from `i` */
function skipWs(t: string, i: number): number {
  const n = t.length;
  while (i < n) {
    const c = t.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
    i++;
  }
  return i;
}

/**
 * `[n, n, …]` of whole numbers at `i` pushed to `out`: the index after the `]`, or -1. JSON allows no
 * leading zero; a sign, fraction or exponent makes it another number, and so do more than 15 digits.
 */
function scanCounts(t: string, i: number, out: number[]): number {
  const n = t.length;
  if (t.charCodeAt(i) !== OPEN_BRACKET) return -1;
  i = skipWs(t, i + 1);
  if (i < n && t.charCodeAt(i) === CLOSE_BRACKET) return i + 1;
  for (;;) {
    i = skipWs(t, i);
    const start = i;
    let v = 0;
    let c = -1;
    while (i < n) {
      c = t.charCodeAt(i);
      if (c < ZERO || c > NINE) break;
      v = v * 10 + (c - ZERO);
      i++;
    }
    const digits = i - start;
    if (i >= n || digits === 0 || digits > MAX_DIGITS || (digits > 1 && t.charCodeAt(start) === ZERO) || c === 0x2e || c === 0x65 || c === 0x45) return -1;
    out.push(v);
    i = skipWs(t, i);
    if (i >= n) return -1;
    c = t.charCodeAt(i++);
    if (c === CLOSE_BRACKET) return i;
    if (c !== COMMA) return -1;
  }
}

/**
 * The end (index of the closing quote) of the plain string whose opening quote is at `open`, or -1:
 * its end is the next quote unless a backslash comes first, and JSON forbids control characters in
 * strings, so its characters are looked at once (names are short; no pass over the whole text).
 */
function plainStringEnd(t: string, open: number): number {
  if (open >= t.length || t.charCodeAt(open) !== QUOTE) return -1;
  const close = t.indexOf('"', open + 1);
  if (close < 0) return -1;
  for (let k = open + 1; k < close; k++) {
    const c = t.charCodeAt(k);
    if (c < 0x20 || c === BACKSLASH) return -1;
  }
  return close;
}

/** A header's tensors in document order, with the raw values the reader validates. */
export interface HeaderScan {
  names: string[];
  dtypes: string[];
  shapes: number[][];
  /** data_offsets, which the scan takes only as a pair */
  begins: number[];
  ends: number[];
  /** the __metadata__ object (string values only), or undefined when there is none */
  metadata: Record<string, string> | undefined;
}

const METADATA_KEY = '__metadata__';
const DTYPE = 1;
const SHAPE = 2;
const OFFSETS = 4;

/** A safetensors header text read in one pass, or null when it is outside the subset (see above). */
export function scanHeader(t: string): HeaderScan | null {
  const n = t.length;
  const out: HeaderScan = { names: [], dtypes: [], shapes: [], begins: [], ends: [], metadata: undefined };
  const seen = new Set<string>();
  let i = 0;
  i = skipWs(t, i);
  if (t.charCodeAt(i) !== OPEN_BRACE) return null;
  i++;
  i = skipWs(t, i);
  if (t.charCodeAt(i) === CLOSE_BRACE) {
    i++;
  } else {
    for (;;) {
      // "name" :
      i = skipWs(t, i);
      const close = plainStringEnd(t, i);
      if (close < 0) return null;
      const name = t.slice(i + 1, close);
      if (seen.has(name)) return null;
      seen.add(name);
      i = close + 1;
      i = skipWs(t, i);
      if (t.charCodeAt(i) !== COLON) return null;
      i++;
      i = skipWs(t, i);
      if (name === METADATA_KEY) {
        const m = scanStringMap(t, i);
        if (m === null) return null;
        out.metadata = m.map;
        i = m.end;
      } else {
        i = scanTensorEntry(t, i, name, out);
        if (i < 0) return null;
      }
      i = skipWs(t, i);
      const c = t.charCodeAt(i);
      i++;
      if (c === COMMA) continue;
      if (c === CLOSE_BRACE) break;
      return null;
    }
  }
  i = skipWs(t, i);
  return i === n ? out : null;
}

/**
 * One tensor's `{ "dtype": "..", "shape": [..], "data_offsets": [b, e] }` at `i` (the three fields in
 * any order, each once, nothing else), appended to `out` under `name`: the index after it, or -1.
 */
function scanTensorEntry(t: string, i: number, name: string, out: HeaderScan): number {
  let close: number;
  if (t.charCodeAt(i) !== OPEN_BRACE) return -1;
  i++;
  let dtype = '';
  let shape: number[] | null = null;
  let offsets: number[] | null = null;
  let got = 0;
  for (;;) {
    i = skipWs(t, i);
    close = plainStringEnd(t, i);
    if (close < 0) return -1;
    const len = close - i - 1;
    const bit = len === 5 && t.startsWith('dtype', i + 1) ? DTYPE : len === 5 && t.startsWith('shape', i + 1) ? SHAPE : len === 12 && t.startsWith('data_offsets', i + 1) ? OFFSETS : 0;
    if (bit === 0 || (got & bit) !== 0) return -1;
    got |= bit;
    i = close + 1;
    i = skipWs(t, i);
    if (t.charCodeAt(i) !== COLON) return -1;
    i++;
    i = skipWs(t, i);
    if (bit === DTYPE) {
      close = plainStringEnd(t, i);
      if (close < 0) return -1;
      dtype = t.slice(i + 1, close);
      i = close + 1;
    } else {
      const list: number[] = [];
      i = scanCounts(t, i, list);
      if (i < 0) return -1;
      if (bit === SHAPE) shape = list;
      else offsets = list;
    }
    i = skipWs(t, i);
    const c = t.charCodeAt(i);
    i++;
    if (c === COMMA) continue;
    if (c === CLOSE_BRACE) break;
    return -1;
  }
  if (got !== (DTYPE | SHAPE | OFFSETS) || offsets!.length !== 2) return -1;
  out.names.push(name);
  out.dtypes.push(dtype);
  out.shapes.push(shape!);
  out.begins.push(offsets![0]!);
  out.ends.push(offsets![1]!);
  return i;
}

/** `{"k": "v", …}` of plain strings, keys distinct, at `open`: a null-prototype object and its end, or null. */
function scanStringMap(t: string, open: number): { map: Record<string, string>; end: number } | null {
  const pairs = scanStringPairs(t, open);
  if (pairs === null) return null;
  const map: Record<string, string> = Object.create(null);
  for (let k = 0; k < pairs.keys.length; k++) {
    if (Object.hasOwn(map, pairs.keys[k]!)) return null;
    map[pairs.keys[k]!] = pairs.values[k]!;
  }
  return { map, end: pairs.end };
}

/**
 * The members of the string → string object that starts at `open` (a '{') in `text`, in document
 * order, and the index after the object; null when the object is outside the subset. Repeated keys
 * are returned as they come: the caller must not trust the pairs until it has checked there are none.
 */
export function scanStringPairs(t: string, open: number): { keys: string[]; values: string[]; end: number } | null {
  const keys: string[] = [];
  const values: string[] = [];
  let i = open;
  if (t.charCodeAt(i) !== OPEN_BRACE) return null;
  i++;
  i = skipWs(t, i);
  if (t.charCodeAt(i) === CLOSE_BRACE) return { keys, values, end: i + 1 };
  for (;;) {
    i = skipWs(t, i);
    let close = plainStringEnd(t, i);
    if (close < 0) return null;
    keys.push(t.slice(i + 1, close));
    i = close + 1;
    i = skipWs(t, i);
    if (t.charCodeAt(i) !== COLON) return null;
    i++;
    i = skipWs(t, i);
    close = plainStringEnd(t, i);
    if (close < 0) return null;
    values.push(t.slice(i + 1, close));
    i = close + 1;
    i = skipWs(t, i);
    const c = t.charCodeAt(i);
    i++;
    if (c === COMMA) continue;
    if (c === CLOSE_BRACE) return { keys, values, end: i };
    return null;
  }
}
