import type { ByteSource } from './byte-source.js';
import { DTYPES, type DType } from './dtype.js';
import { FormatError } from './errors.js';
import { isNpy } from './magic.js';
import { readEntryPrefix, type ZipArchive, type ZipEntry } from './zip/reader.js';

/**
 * numpy's .npy header: magic, version, then a Python dict literal. The literal is parsed by a small
 * parser of our own (never evaluated) that accepts only strings, integers, booleans, None, tuples,
 * lists and dicts.
 */
export interface NpyHeader {
  /** null for types PyTorch has no dtype for (structured, strings, datetimes, longdouble, objects) */
  dtype: DType | null;
  /** as written: `<f4`, `|b1`, or the literal text of a structured descr */
  descr: string;
  fortranOrder: boolean;
  shape: number[];
  /** where the array bytes (or, for object arrays, the pickle) start, relative to the parsed source */
  dataOffset: number;
  /** object arrays hold a pickle after the header, which the caller must scan */
  objectArray: boolean;
  /** a descr sdmatch cannot tell holds no objects: the payload may be a pickle (scan it; the verdict is incomplete) */
  unknownDescr: boolean;
  /** `>` byte order: the dtype is right but the bytes need swapping before PyTorch can use them */
  bigEndian: boolean;
}

/** numpy's own default limit is 10,000; structured dtypes can exceed it, a megabyte cannot be honest */
export const MAX_NPY_HEADER = 1 << 20;

/** the check lives in magic.ts, which detectKind imports without this reader */
export { isNpy };

/** Reads the header of the .npy that starts at `offset` of `src`; dataOffset is absolute in `src`. */
export function readNpyHeader(src: ByteSource, offset: number, file: string): NpyHeader {
  const available = src.size - offset;
  if (available < 10) throw new FormatError(file, `truncated npy: ${Math.max(available, 0)} bytes is too short for the npy preamble`);
  const preamble = src.read(offset, Math.min(12, available));
  const { headerStart, headerLength } = readPreamble(preamble, available, file);
  const h = parseNpyHeaderText(src.read(offset + headerStart, headerLength), preamble[6]!, file);
  return finish(h, offset, headerStart + headerLength, available, file);
}

/** An npz member's header; dataOffset is relative to the start of the member's (uncompressed) bytes. */
export function readNpyHeaderFromEntry(zip: ZipArchive, e: ZipEntry, file: string): NpyHeader {
  const preamble = readEntryPrefix(zip, e, 12);
  if (preamble.length < 10) throw new FormatError(file, `truncated npy in "${e.name}": ${preamble.length} bytes is too short for the npy preamble`);
  const { headerStart, headerLength } = readPreamble(preamble, e.size, file);
  const whole = readEntryPrefix(zip, e, headerStart + headerLength);
  const h = parseNpyHeaderText(whole.subarray(headerStart), preamble[6]!, file);
  return finish(h, 0, headerStart + headerLength, e.size, file);
}

export interface NpzMember {
  /** the name numpy.load gives it: the entry name without `.npy` */
  key: string;
  entry: ZipEntry;
  header: NpyHeader;
}

/** npz = a zip of .npy files; members that are not npy (numpy returns their raw bytes) go in `others`. */
export function readNpz(zip: ZipArchive, file: string): { members: NpzMember[]; others: ZipEntry[] } {
  const members: NpzMember[] = [];
  const others: ZipEntry[] = [];
  for (const e of zip.entries) {
    let header: NpyHeader | null = null;
    try {
      if (!e.name.endsWith('/') && e.size >= 10 && (e.method === 0 || e.method === 8) && isNpy(readEntryPrefix(zip, e, 6, { ignoreFlags: true }))) {
        header = readNpyHeaderFromEntry(zip, e, file);
      }
    } catch (err) {
      // a member numpy may read differently (or refuse) is left to the safety sweep, which says so
      if (!(err instanceof FormatError)) throw err;
    }
    if (!header) {
      others.push(e);
      continue;
    }
    const key = e.name.endsWith('.npy') ? e.name.slice(0, -4) : e.name;
    members.push({ key, entry: e, header });
  }
  return { members, others };
}

/**
 * Where the payload of an npy whose header sdmatch cannot parse starts (numpy parses it with
 * ast.literal_eval, which takes spellings sdmatch's parser refuses): right after the declared header.
 */
export function npyPayloadStart(preamble: Uint8Array, available: number, file: string): number {
  const { headerStart, headerLength } = readPreamble(preamble, available, file);
  return headerStart + headerLength;
}

function readPreamble(p: Uint8Array, available: number, file: string): { headerStart: number; headerLength: number } {
  if (!isNpy(p)) throw new FormatError(file, 'not an npy array: missing the \\x93NUMPY magic');
  const major = p[6]!;
  let headerStart: number;
  let headerLength: number;
  if (major === 1) {
    headerStart = 10;
    headerLength = p[8]! | (p[9]! << 8);
  } else if (major === 2 || major === 3) {
    if (p.length < 12) throw new FormatError(file, `truncated npy: version ${major} preamble needs 12 bytes`);
    headerStart = 12;
    headerLength = (p[8]! | (p[9]! << 8) | (p[10]! << 16) | (p[11]! << 24)) >>> 0;
  } else {
    throw new FormatError(file, `unsupported npy format version ${major}.${p[7]}`);
  }
  if (headerLength > MAX_NPY_HEADER) throw new FormatError(file, `bad npy: header length ${headerLength} is over the ${MAX_NPY_HEADER}-byte limit`);
  if (headerStart + headerLength > available) {
    throw new FormatError(file, `truncated npy: header of ${headerLength} bytes runs past the end (${available} bytes)`);
  }
  return { headerStart, headerLength };
}

interface ParsedFields {
  descr: string;
  dtype: DType | null;
  objectArray: boolean;
  unknownDescr: boolean;
  bigEndian: boolean;
  fortranOrder: boolean;
  shape: number[];
  itemsize: number | null;
}

function parseNpyHeaderText(bytes: Uint8Array, major: number, file: string): ParsedFields {
  const text = new TextDecoder(major >= 3 ? 'utf-8' : 'latin1').decode(bytes);
  let lit: PyLit;
  try {
    lit = parsePyLiteral(text);
  } catch (e) {
    throw new FormatError(file, `bad npy header: ${(e as Error).message} in ${JSON.stringify(text.trim().slice(0, 120))}`);
  }
  if (!(lit instanceof Map)) throw new FormatError(file, 'bad npy header: not a dict');
  const keys = [...lit.keys()].sort().join(',');
  if (keys !== 'descr,fortran_order,shape') throw new FormatError(file, `bad npy header: keys are {${keys}}, expected descr, fortran_order, shape`);
  const fortranOrder = lit.get('fortran_order');
  if (typeof fortranOrder !== 'boolean') throw new FormatError(file, 'bad npy header: fortran_order is not True or False');
  const shape = lit.get('shape');
  if (!Array.isArray(shape) || !shape.every((d) => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0)) {
    throw new FormatError(file, 'bad npy header: shape is not a tuple of non-negative integers');
  }
  const descr = lit.get('descr')!;
  if (typeof descr === 'string') return { ...simpleDescr(descr), fortranOrder, shape: shape as number[] };
  if (!Array.isArray(descr)) throw new FormatError(file, 'bad npy header: descr is neither a type string nor a field list');
  const holds = descrHoldsObjects(descr);
  return { descr: reprFieldList(descr), dtype: null, objectArray: holds === 'yes', unknownDescr: holds === 'unknown', bigEndian: false, itemsize: null, fortranOrder, shape: shape as number[] };
}

const BY_NUMPY_CODE = new Map<string, DType>();
for (const [name, info] of Object.entries(DTYPES) as [DType, (typeof DTYPES)[DType]][]) if (info.numpy) BY_NUMPY_CODE.set(info.numpy, name);

function simpleDescr(descr: string): Omit<ParsedFields, 'fortranOrder' | 'shape'> {
  const order = '<>|='.includes(descr[0] ?? '') ? descr[0]! : '';
  const code = descr.slice(order.length);
  const dtype = BY_NUMPY_CODE.get(code) ?? null;
  const holds = dtype ? 'no' : descrHoldsObjects(descr);
  return {
    descr,
    dtype,
    objectArray: holds === 'yes',
    unknownDescr: holds === 'unknown',
    bigEndian: order === '>' && dtype !== null && DTYPES[dtype].itemsize > 1,
    itemsize: dtype ? DTYPES[dtype].itemsize : null,
  };
}

/** A structured descr as Python would print it: a list of (name, type[, shape]) tuples. */
function reprFieldList(fields: PyLit[]): string {
  const repr = (v: PyLit, asTuple: boolean): string => {
    if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
    if (Array.isArray(v)) {
      const inner = v.map((x) => repr(x, true)).join(', ');
      return asTuple ? `(${inner}${v.length === 1 ? ',' : ''})` : `[${inner}]`;
    }
    if (v instanceof Map) return `{${[...v].map(([k, x]) => `${repr(k, true)}: ${repr(x, true)}`).join(', ')}}`;
    return v === null ? 'None' : typeof v === 'boolean' ? (v ? 'True' : 'False') : String(v);
  };
  return repr(fields, false);
}

/**
 * Whether numpy.dtype(descr) has objects, i.e. whether `numpy.load(allow_pickle=True)` unpickles the
 * payload: every spelling of the object type (`O`, `O8`, `object`, `object_`, `object0`, any byte
 * order), a structured dtype with an object field at any depth, a subarray `(base, shape)` of one.
 * 'unknown' for what sdmatch cannot tell (the caller scans the payload and says so).
 */
export function descrHoldsObjects(d: PyLit): 'yes' | 'no' | 'unknown' {
  if (typeof d === 'string') {
    const code = d.replace(/^[<>|=]/, '');
    if (OBJECT_SPELLING.test(code)) return 'yes';
    return PLAIN_CODE.test(code) || PLAIN_NAME.test(code) ? 'no' : 'unknown';
  }
  if (!Array.isArray(d)) return 'unknown';
  const isShape = (x: PyLit): boolean => typeof x === 'number' || (Array.isArray(x) && x.every((n) => typeof n === 'number'));
  // (base, shape): a subarray
  if (d.length === 2 && (typeof d[0] === 'string' || Array.isArray(d[0])) && isShape(d[1]!) && !d.every(Array.isArray)) return descrHoldsObjects(d[0]!);
  // [(name, type[, shape]), …]: fields
  let worst: 'yes' | 'no' | 'unknown' = 'no';
  for (const f of d) {
    if (!Array.isArray(f) || f.length < 2 || f.length > 3) return 'unknown';
    const r = descrHoldsObjects(f[1]!);
    if (r === 'yes') return 'yes';
    if (r === 'unknown') worst = 'unknown';
  }
  return worst;
}

const OBJECT_SPELLING = /^(O\d*|object_?|object0)$/;
/** numpy's one-letter codes with an optional size and datetime unit: none holds objects */
const PLAIN_CODE = /^[?bBhHiIlLqQpPnNefdgFDGSUVaMmc]\d*(\[[A-Za-z0-9]+\])?$/;
const PLAIN_NAME = /^(u?int(8|16|32|64|p|c)?|float(16|32|64|96|128)?|complex(64|128|192|256)?|bool8?|bool_|str_?|bytes_?|unicode_?|void\d*|half|single|double|longdouble|longfloat|byte|ubyte|short|ushort|intc|uintc|intp|uintp|longlong|ulonglong|csingle|cdouble|clongdouble|float_|int_|uint|datetime64(\[\w+\])?|timedelta64(\[\w+\])?)$/;

function finish(f: ParsedFields, base: number, headerEnd: number, available: number, file: string): NpyHeader {
  let numel = 1;
  for (const d of f.shape) numel *= d;
  if (!Number.isSafeInteger(numel)) throw new FormatError(file, `bad npy header: shape (${f.shape.join(', ')}) has too many elements`);
  if (f.itemsize !== null && !f.objectArray && !f.unknownDescr) {
    const bytes = numel * f.itemsize;
    if (!Number.isSafeInteger(bytes) || headerEnd + bytes > available) {
      throw new FormatError(file, `truncated npy: ${f.descr} (${f.shape.join(', ')}) needs ${bytes} bytes after the header but ${available - headerEnd} remain`);
    }
  }
  return { dtype: f.dtype, descr: f.descr, fortranOrder: f.fortranOrder, shape: f.shape, dataOffset: base + headerEnd, objectArray: f.objectArray, unknownDescr: f.unknownDescr, bigEndian: f.bigEndian };
}

/** The Python literals an npy header can contain. Tuples and lists are both arrays. */
export type PyLit = string | number | boolean | null | PyLit[] | Map<string, PyLit>;

const MAX_DEPTH = 32;

/** Parses one Python literal (with surrounding whitespace); throws a plain Error describing the problem. */
export function parsePyLiteral(text: string): PyLit {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && ' \t\r\n'.includes(text[i]!)) i++;
  };
  const value = (depth: number): PyLit => {
    if (depth > MAX_DEPTH) throw new Error('nested too deeply');
    ws();
    const c = text[i];
    if (c === undefined) throw new Error('unexpected end');
    if (c === '{') return dict(depth);
    if (c === '(' || c === '[') return sequence(c === '(' ? ')' : ']', depth);
    if (c === "'" || c === '"') return str();
    if (/[-+0-9]/.test(c)) return int();
    for (const [word, v] of [['True', true], ['False', false], ['None', null]] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return v;
      }
    }
    throw new Error(`unexpected ${JSON.stringify(c)} at ${i}`);
  };
  const expect = (ch: string): void => {
    ws();
    if (text[i] !== ch) throw new Error(`expected ${JSON.stringify(ch)} at ${i}`);
    i++;
  };
  const dict = (depth: number): Map<string, PyLit> => {
    const m = new Map<string, PyLit>();
    i++;
    for (;;) {
      ws();
      if (text[i] === '}') { i++; return m; }
      const k = value(depth + 1);
      if (typeof k !== 'string') throw new Error('dict key is not a string');
      expect(':');
      if (m.has(k)) throw new Error(`duplicate key ${JSON.stringify(k)}`);
      m.set(k, value(depth + 1));
      ws();
      if (text[i] === ',') i++;
      else if (text[i] !== '}') throw new Error(`expected ',' or '}' at ${i}`);
    }
  };
  const sequence = (close: string, depth: number): PyLit[] => {
    const out: PyLit[] = [];
    i++;
    for (;;) {
      ws();
      if (text[i] === close) { i++; return out; }
      out.push(value(depth + 1));
      ws();
      if (text[i] === ',') i++;
      else if (text[i] !== close) throw new Error(`expected ',' or '${close}' at ${i}`);
    }
  };
  const str = (): string => {
    const q = text[i]!;
    i++;
    let s = '';
    while (i < text.length && text[i] !== q) {
      if (text[i] !== '\\') { s += text[i++]; continue; }
      const e = text[i + 1];
      const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0' };
      if (e !== undefined && simple[e] !== undefined) { s += simple[e]; i += 2; continue; }
      const hexLen = e === 'x' ? 2 : e === 'u' ? 4 : 0;
      const hex = text.slice(i + 2, i + 2 + hexLen);
      if (!hexLen || !/^[0-9a-fA-F]+$/.test(hex) || hex.length !== hexLen) throw new Error(`unsupported escape at ${i}`);
      s += String.fromCharCode(parseInt(hex, 16));
      i += 2 + hexLen;
    }
    if (i >= text.length) throw new Error('unterminated string');
    i++;
    return s;
  };
  const int = (): number => {
    const m = /^[-+]?[0-9]+[lL]?/.exec(text.slice(i, i + 40));
    if (!m) throw new Error(`bad number at ${i}`);
    i += m[0].length;
    if (text[i] === '.' || text[i] === 'e' || text[i] === 'E') throw new Error(`floats are not expected (at ${i})`);
    const n = Number(m[0].replace(/[lL]$/, ''));
    if (!Number.isSafeInteger(n)) throw new Error(`integer ${m[0]} is too large`);
    return n;
  };
  const v = value(0);
  ws();
  if (i !== text.length) throw new Error(`unexpected text after the literal at ${i}`);
  return v;
}
