import { BufferSource, type ByteSource } from '../byte-source.js';
import { readPickle, type PickleOptions, type PickleResult } from './machine.js';
import { globalPath, incompleteFinding, pickleFindings, type GlobalFinding } from './safety.js';
import { SubSource } from './sub-source.js';
import { isGlobal, type PyObject, type PyValue } from './values.js';

/**
 * Safety scanning of everything a loader could unpickle from one stream: pickles written back to back
 * (a loader calling `pickle.load` repeatedly runs each one; scanners that stop at the first STOP miss
 * the rest) and, optionally, byte strings the file itself hands to an unpickler.
 */

export interface ScanOptions extends PickleOptions {
  /** also scan byte strings passed to a known unpickler: pickle.loads, _pickle.loads, torch.storage._load_from_bytes … */
  nested?: boolean;
  /** how many unpickler-inside-pickle levels to follow (default 4) */
  maxNestedDepth?: number;
}

export interface NestedPickle {
  /** the unpickler the outer stream calls on it, e.g. 'pickle.loads' */
  loader: string;
  /** `<outer where> > pickle.loads #1` */
  where: string;
  /** 1 for a payload of the top stream, 2 for a payload inside that, … */
  depth: number;
  results: PickleResult[];
}

export interface PickleScan {
  /** the pickles of the stream itself, in order; the last one may carry the error that ended the scan */
  results: PickleResult[];
  /** nested payloads (only with `nested: true`), outermost first */
  nested: NestedPickle[];
  /** payloads a loader would unpickle that were not read (a depth or count limit): the verdict is incomplete */
  unread: string[];
}

/** Callables that unpickle their first argument. */
export const NESTED_LOADERS: ReadonlySet<string> = new Set([
  'pickle.loads',
  'pickle._loads',
  '_pickle.loads',
  'dill.loads',
  'dill._dill.loads',
  'cloudpickle.loads',
  'numpy.loads',
  'torch.storage._load_from_bytes',
  // loaders of file objects: their payload is found when it is an io.BytesIO of bytes in the file
  'pickle.load',
  '_pickle.load',
  'torch.load',
  'torch.serialization.load',
  'numpy.load',
  'numpy.lib.format.read_array',
]);

const DEFAULT_NESTED_DEPTH = 4;
/** a reference bomb must not turn into a scanning bomb */
const MAX_NESTED_PAYLOADS = 10_000;

const ENCODERS = new Set(['_codecs.encode', 'codecs.encode']);
const BYTES_IO = new Set(['io.BytesIO', '_io.BytesIO']);
const LATIN1_NAMES = new Set(['latin1', 'latin-1', 'latin_1', 'iso-8859-1', 'iso8859-1', 'iso_8859_1', 'l1']);
const UTF8_NAMES = new Set(['utf-8', 'utf8', 'utf_8']);

export interface Payload {
  loader: string;
  source: ByteSource;
}

export function scanPickleStream(src: ByteSource, offset = 0, options: ScanOptions = {}): PickleScan {
  const where = options.where ?? src.name;
  const top = readStream(src, offset, options, where);
  const scan: PickleScan = { results: top.results, nested: [], unread: [] };
  if (!options.nested) return scan;

  const maxDepth = options.maxNestedDepth ?? DEFAULT_NESTED_DEPTH;
  const queue = top.payloads.map((p, i) => ({ ...p, depth: 1, where: `${where} > ${p.loader} #${i + 1}` }));
  for (let q = 0; q < queue.length; q++) {
    const item = queue[q]!;
    if (q >= MAX_NESTED_PAYLOADS) {
      scan.unread.push(`${queue.length - q} nested payloads past the ${MAX_NESTED_PAYLOADS} read`);
      break;
    }
    const inner = readStream(item.source, 0, options, item.where);
    scan.nested.push({ loader: item.loader, where: item.where, depth: item.depth, results: inner.results });
    if (item.depth < maxDepth) {
      inner.payloads.forEach((p, i) => queue.push({ ...p, depth: item.depth + 1, where: `${item.where} > ${p.loader} #${i + 1}` }));
    } else if (inner.payloads.length > 0) {
      scan.unread.push(`${item.where}: ${inner.payloads.length} payload(s) nested deeper than ${maxDepth} levels`);
    }
  }
  return scan;
}

/** Findings for the whole scan: every pickle of the stream and every nested payload. */
export function scanFindings(scan: PickleScan, where: string): GlobalFinding[] {
  const findings = scan.results.flatMap((r) => pickleFindings(r, where));
  for (const n of scan.nested) for (const r of n.results) findings.push(...pickleFindings(r, n.where));
  for (const u of scan.unread) findings.push(incompleteFinding(where, 'limit reached', u));
  return findings;
}

/** Every global of the scan (stream and nested), `module.name`, first-seen order, deduplicated. */
export function scanGlobalNames(scan: PickleScan): string[] {
  const names = new Set<string>();
  const all = [...scan.results, ...scan.nested.flatMap((n) => n.results)];
  for (const r of all) for (const g of r.globals) names.add(`${g.module}.${g.name}`);
  return [...names];
}

function readStream(src: ByteSource, offset: number, options: ScanOptions, where: string): { results: PickleResult[]; payloads: Payload[] } {
  const results: PickleResult[] = [];
  const payloads: Payload[] = [];
  const seenPayloads = new Set<PyValue>();
  let at = offset;
  for (;;) {
    const found: Payload[] = [];
    const onCall = options.nested
      ? (call: PyObject) => {
          const p = nestedPayload(call, src, `${where} payload`, seenPayloads);
          if (p) found.push(p);
        }
      : undefined;
    const r = readPickle(src, at, { ...options, onCall });
    if (results.length > 0 && r.error && !looksLikePickle(src, at, r)) break; // junk after the last STOP
    results.push(r);
    payloads.push(...found);
    if (r.error || r.end >= src.size) break;
    at = r.end;
  }
  return { results, payloads };
}

const IDENTIFIER_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/**
 * Whether bytes after a STOP that do not parse cleanly were still meant as a pickle (and a repeated
 * `pickle.load` would run their first part): they start with PROTO, or they import well-formed names.
 * Raw tensor bytes after a legacy torch stream are neither.
 */
function looksLikePickle(src: ByteSource, at: number, r: PickleResult): boolean {
  if (at + 2 <= src.size) {
    const head = src.read(at, 2);
    if (head[0] === 0x80 && head[1]! <= 5) return true;
  }
  return r.globals.length > 0 && r.globals.every((g) => IDENTIFIER_PATH.test(g.module) && IDENTIFIER_PATH.test(g.name));
}

/** The bytes a loader call would unpickle, when the file spells them out. */
export function nestedPayload(call: PyObject, src: ByteSource, label: string, seen: Set<PyValue>): Payload | null {
  const fn = call.callable;
  if (!isGlobal(fn)) return null;
  const loader = globalPath(fn.module, fn.name);
  if (!NESTED_LOADERS.has(loader)) return null;
  const arg = call.args[0];
  if (arg === undefined || (typeof arg === 'object' && arg !== null && seen.has(arg))) return null;
  if (typeof arg === 'object' && arg !== null) seen.add(arg);
  const source = payloadSource(arg, src, label);
  return source && { loader, source };
}

function payloadSource(v: PyValue, src: ByteSource, label: string): ByteSource | null {
  if (typeof v === 'string') return latin1Bytes(v, label);
  if (typeof v !== 'object' || v === null) return null;
  if (v.kind === 'bytes') {
    if (v.data) return new BufferSource(v.data, label);
    if (v.fileOffset !== null) return new SubSource(src, v.fileOffset, v.length, label);
    return null;
  }
  // io.BytesIO(b): the file object a nested torch.load / pickle.load reads
  if (v.kind === 'object' && isGlobal(v.callable) && BYTES_IO.has(globalPath(v.callable.module, v.callable.name)) && v.args[0] !== undefined) {
    return payloadSource(v.args[0], src, label);
  }
  // protocol < 3 writes bytes as _codecs.encode(<latin-1 text>, 'latin1')
  if (v.kind === 'object' && isGlobal(v.callable) && ENCODERS.has(globalPath(v.callable.module, v.callable.name))) {
    const [text, encoding = 'utf-8'] = v.args;
    if (typeof text !== 'string' || typeof encoding !== 'string') return null;
    const enc = encoding.toLowerCase();
    if (LATIN1_NAMES.has(enc)) return latin1Bytes(text, label);
    if (UTF8_NAMES.has(enc)) return new BufferSource(new TextEncoder().encode(text), label);
  }
  return null;
}

function latin1Bytes(text: string, label: string): ByteSource | null {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0xff) return null;
    out[i] = c;
  }
  return new BufferSource(out, label);
}
