import type { Checkpoint, KeyPath, TensorRecord } from '../checkpoint/types.js';
import { sharedStorages, summarizeLeaves, tensorTotals, type LeafSummary, type SharedStorage, type TensorTotals } from '../checkpoint/summary.js';
import { candidateEntries } from '../checkpoint/walk.js';
import type { GlobalFinding, SafetyReport } from '../formats/pickle/safety.js';
import { checkpointSafety } from '../checkpoint/safety.js';
import type { TensorInfo } from '../formats/tensor.js';
import { isContiguous } from '../formats/tensor.js';
import { ascii, ByteWriter } from './byte-writer.js';
import { linePieces, unwritten, type At } from './inspect-json-lines.js';
import { pathText } from './key-path.js';

/**
 * Everything `inspect` reports, computed once and shared by the table and JSON renderers so the two
 * can never disagree.
 */
export interface InspectModel {
  file: string;
  format: string;
  size: number;
  detail: string[];
  /** over every tensor in the file, whatever the filter */
  totals: TensorTotals;
  shared: SharedStorage[];
  stateDicts: { path: KeyPath; count: number; nonTensor: string[] }[];
  leaves: LeafSummary[];
  /** each state dict's tensors under its own keys, then the tensors no state dict names, by full path */
  groups: TensorGroup[];
  /** the distinct tensors the listing shows (all, or those with a key the filter matched), in file order */
  tensors: TensorRecord[];
  /** how many `tensors` there are (without making them, when they are read from columns) */
  tensorCount: number;
  /**
   * The `tensors` reached under more than one name (non-empty `aliases`), in order: what the table's
   * `shared` rows and its name count need, without a record per tensor for a model read from columns
   * (whose readers take no tensor under two names: every record they make has no aliases).
   */
  aliased(): TensorRecord[];
  /** `tensors[i]` as its line of the JSON listing: JSON.stringify(tensorJson(tensors[i])) */
  tensorLine(i: number): string;
  /**
   * The listing's lines start..end as UTF-8, each indented and followed by `,\n` (`\n` after the last
   * tensor): what inspectJsonChunks makes of tensorLine, written as bytes by a model that can
   * (columns: no string per tensor). With `into`, a model may write them there (emptied first) and
   * return a view of it, valid until `into` is used again.
   */
  tensorText?(start: number, end: number, into?: ByteWriter): Uint8Array;
  /** the --filter pattern, when the listing is partial */
  filter: string | null;
  safety: SafetyReport;
  error: string | null;
}

export interface TensorGroup {
  /** the state dict's path, or null for tensors outside any state dict */
  dict: KeyPath | null;
  /** rows.length, without making the rows */
  count: number;
  /** the first n rows (a table of 2,000,000 tensors prints 200) */
  head(n: number): TensorRow[];
  rows: TensorRow[];
}

export interface TensorRow {
  key: string;
  record: TensorRecord;
}

/** A group over rows already made. */
export function groupOf(dict: KeyPath | null, rows: TensorRow[]): TensorGroup {
  return { dict, get count() { return rows.length; }, head: (n) => (n >= rows.length ? rows : rows.slice(0, n)), rows };
}

export interface InspectOptions {
  /** keeps the tensors whose shown key (state-dict key, or full path outside state dicts) matches */
  filter?: RegExp;
}

export function buildInspectModel(ckpt: Checkpoint & { error?: { message: string } | null }, opts: InspectOptions = {}): InspectModel {
  const { filter } = opts;
  const all = ckpt.tensors;
  // Without a filter every tensor is listed and the groups only serve the table: they are made when
  // the table asks (`--json` of 2,000,000 tensors never needs a row object per tensor).
  const grouped = filter ? groupTensors(ckpt, filter) : null;
  let lazy: TensorGroup[] | null = null;
  const tensors = grouped ? all.filter((_, i) => grouped.shown[i] === 1) : all;
  return {
    file: ckpt.file,
    format: ckpt.format,
    size: ckpt.size,
    detail: ckpt.detail,
    totals: tensorTotals(all),
    shared: sharedStorages(all),
    stateDicts: ckpt.stateDicts.map((d) => ({ path: d.path, count: d.keys.length, nonTensor: d.nonTensor })),
    leaves: ckpt.root === null ? [] : summarizeLeaves(ckpt.root),
    get groups(): TensorGroup[] {
      return grouped ? grouped.groups : (lazy ??= groupTensors(ckpt, undefined).groups);
    },
    tensors,
    tensorCount: tensors.length,
    aliased: () => tensors.filter((t) => t.aliases.length > 0),
    tensorLine: (i) => JSON.stringify(tensorJson(tensors[i]!)),
    tensorText: (start, end, into) => recordLines(tensors, start, end, into),
    filter: filter ? filter.source : null,
    safety: ckpt.safety,
    error: ckpt.error ? ckpt.error.message : null,
  };
}

/** The listing's groups, and which of ckpt.tensors they show (by index: a byte per tensor, not a Set of records). */
function groupTensors(ckpt: Checkpoint, filter: RegExp | undefined): { groups: TensorGroup[]; shown: Uint8Array } {
  const all = ckpt.tensors;
  const find = recordFinder(all);
  const inSomeDict = new Uint8Array(all.length);
  const shown = new Uint8Array(all.length);
  const groups: TensorGroup[] = [];
  const made = (g: { dict: KeyPath | null; rows: TensorRow[] }): TensorGroup => groupOf(g.dict, g.rows);
  // A state dict's tensors are found by its keys, not by where the walk first met them: the
  // tensors of a pickled nn.Module sit under `_modules/…/_parameters`, yet belong to its state dict.
  for (const d of ckpt.stateDicts) {
    const group = { dict: d.path, rows: [] as TensorRow[] };
    for (const [key, tensor] of candidateEntries(ckpt.root, d)) {
      const i = find(tensor.info);
      const record = i >= 0 ? all[i]! : { path: [...d.path, key], info: tensor.info, aliases: [] };
      if (i >= 0) inSomeDict[i] = 1;
      if (filter && !filter.test(key)) continue;
      group.rows.push({ key, record });
      if (i >= 0) shown[i] = 1;
    }
    if (group.rows.length > 0 || !filter) groups.push(made(group));
  }
  const loose = { dict: null, rows: [] as TensorRow[] };
  for (let i = 0; i < all.length; i++) {
    if (inSomeDict[i]) continue;
    const record = all[i]!;
    const key = pathText(record.path);
    if (filter && !filter.test(key)) continue;
    loose.rows.push({ key, record });
    shown[i] = 1;
  }
  if (loose.rows.length > 0) groups.push(made(loose));
  return { groups, shown };
}

/**
 * The index of the record holding a tensor, or -1. State dicts list their tensors in the order the walk
 * recorded them nearly always, so the next record in line is tried first; the map by tensor is built
 * only when that guess fails (each tensor has one record: a tensor reached twice is an alias).
 */
function recordFinder(records: readonly TensorRecord[]): (info: TensorInfo) => number {
  let next = 0;
  let byInfo: Map<TensorInfo, number> | null = null;
  return (info) => {
    if (next < records.length && records[next]!.info === info) return next++;
    if (byInfo === null) {
      byInfo = new Map();
      for (let i = 0; i < records.length; i++) byInfo.set(records[i]!.info, i);
    }
    const i = byInfo.get(info);
    if (i === undefined) return -1;
    next = i + 1;
    return i;
  };
}

/** The documented `--json` form: schemas/inspect.schema.json describes every field. */
export function inspectJson(m: InspectModel): unknown {
  return jsonDocument(m, m.tensors.map(tensorJson));
}

/** The document with `tensors` as given, every other field in its schema order. */
function jsonDocument(m: InspectModel, tensors: unknown): Record<string, unknown> {
  return {
    file: m.file,
    format: m.format,
    size: m.size,
    detail: m.detail,
    tensorCount: m.totals.tensors,
    parameterCount: m.totals.elements,
    bytes: m.totals.bytes,
    bytesByDtype: Object.fromEntries(Object.entries(m.totals.byDtype).map(([d, v]) => [d, v!.bytes])),
    sharedStorages: m.shared.map((s) => ({ storage: s.key, dtype: s.dtype, paths: s.paths })),
    stateDicts: m.stateDicts.map((d) => ({ path: d.path, count: d.count, nonTensor: d.nonTensor })),
    leaves: m.leaves.map((l) => ({ path: l.path, text: l.text })),
    filter: m.filter,
    tensors,
    globals: m.safety.globals.map(globalJson),
    safety: { verdict: m.safety.verdict, globals: m.safety.globals.map(globalJson) },
    checkpointSafety: [checkpointSafety(m.file, m.safety)],
    error: m.error,
  };
}

/** Stands in for the tensor list while the rest is indented; no JSON value stringifies to it. */
const TENSORS_PLACEHOLDER = '\u0000tensors\u0000';
const TENSORS_PLACEHOLDER_JSON = JSON.stringify(TENSORS_PLACEHOLDER);

/**
 * The JSON text: indented, with one tensor a line. A checkpoint of 100,000 tensors would otherwise
 * print about 3 million lines, and indenting them costs more than reading the checkpoint. (Each line
 * is V8's JSON.stringify of the record's object: its native fast path beats assembling the text in
 * JavaScript by 2×, measured on 100,000 tensors.)
 */
export function formatInspectJson(m: InspectModel): string {
  let text = '';
  for (const chunk of inspectJsonChunks(m)) text += typeof chunk === 'string' ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length).toString('utf8');
  return text;
}

/** tensor records per chunk: ~200 bytes each, so chunks of about a megabyte */
const TENSORS_PER_CHUNK = 5000;

/**
 * The same text as formatInspectJson, in pieces of about a megabyte, made as they are consumed: the
 * JSON of 2,000,000 tensors is over V8's largest string (~512 MB), so the CLI writes the pieces as
 * they come and never holds the whole text.
 *
 * `reuse`: the tensor lines' bytes (the Uint8Array pieces) are written through one buffer, each valid
 * only until the next piece is asked for, for a consumer that is done with a piece by then (the CLI
 * writes it out and waits for the write). Without it every piece is bytes of its own.
 */
export function* inspectJsonChunks(m: InspectModel, opts: { reuse?: boolean } = {}): Generator<string | Uint8Array> {
  const text = JSON.stringify(jsonDocument(m, TENSORS_PLACEHOLDER), null, 2);
  const at = text.indexOf(TENSORS_PLACEHOLDER_JSON);
  const n = m.tensorCount;
  if (n === 0) {
    yield `${text.slice(0, at)}[]${text.slice(at + TENSORS_PLACEHOLDER_JSON.length)}`;
    return;
  }
  yield `${text.slice(0, at)}[\n`;
  const into = opts.reuse ? new ByteWriter(0) : undefined;
  for (let start = 0; start < n; start += TENSORS_PER_CHUNK) {
    const end = Math.min(n, start + TENSORS_PER_CHUNK);
    if (m.tensorText) {
      yield m.tensorText(start, end, into);
      continue;
    }
    const lines = new Array<string>(end - start);
    for (let i = start; i < end; i++) lines[i - start] = `    ${m.tensorLine(i)}`;
    yield lines.join(',\n') + (end < n ? ',\n' : '\n');
  }
  yield `  ]${text.slice(at + TENSORS_PLACEHOLDER_JSON.length)}`;
}

/**
 * Listing lines start..end of `tensors` as InspectModel.tensorText says: the text of
 * `    ${JSON.stringify(tensorJson(r))}` and its separator, written as bytes field by field (no object
 * and no string per tensor: at 200,000 tensors the objects and strings were most of `inspect --json`'s
 * time after reading). A record with quantization or aliases, rare, takes JSON.stringify. Written into
 * `into` when given (emptied first: a view of it is returned).
 */
export function recordLines(tensors: readonly TensorRecord[], start: number, end: number, into?: ByteWriter): Uint8Array {
  const w = into ? into.reset((end - start) * 256) : new ByteWriter((end - start) * 256);
  const n = tensors.length;
  const str = (s: string): void => {
    if (!w.plainString(s)) w.text(Buffer.from(JSON.stringify(s), 'utf8'));
  };
  const num = (v: number | null): void => {
    if (v !== null && Number.isSafeInteger(v) && v >= 0) w.int(v);
    else w.text(ascii(JSON.stringify(v)));
  };
  const ints = (xs: readonly number[]): void => {
    for (let d = 0; d < xs.length; d++) {
      if (d > 0) w.byte(0x2c);
      num(xs[d]!);
    }
  };
  for (let i = start; i < end; i++) {
    const r = tensors[i]!;
    const t = r.info;
    const last = i === n - 1;
    if (t.quantization || r.aliases.length > 0) {
      w.text(Buffer.from(`    ${JSON.stringify(tensorJson(r))}`, 'utf8'));
      w.text(last ? L_LAST : L_NEXT);
      continue;
    }
    // the line's literal text and its fields' order from the one table (inspect-json-lines.ts), its contiguity and grad folded in
    const contiguous = isContiguous(t);
    const { fields, pre, tails } = RECORD_PIECES[(contiguous ? 2 : 0) + (t.requiresGrad ? 1 : 0)]!;
    for (let s = 0; s < fields.length; s++) {
      w.text(pre[s]!);
      const f = fields[s]!;
      switch (f) {
        case 0 satisfies At<'path'>:
          w.byte(0x5b);
          for (let k = 0; k < r.path.length; k++) {
            if (k > 0) w.byte(0x2c);
            const step = r.path[k]!;
            if (typeof step === 'string') str(step);
            else num(step);
          }
          w.byte(0x5d);
          break;
        case 1 satisfies At<'dtype'>:
          str(t.dtype);
          break;
        case 2 satisfies At<'shape'>:
          w.byte(0x5b);
          ints(t.shape);
          w.byte(0x5d);
          break;
        case 3 satisfies At<'stride'>:
          w.byte(0x5b);
          ints(t.stride);
          w.byte(0x5d);
          break;
        case 4 satisfies At<'storageOffset'>:
          num(t.storageOffset);
          break;
        case 5 satisfies At<'contiguous'>:
          w.text(contiguous ? TRUE : FALSE);
          break;
        case 6 satisfies At<'kind'>:
          str(t.kind);
          break;
        case 7 satisfies At<'requiresGrad'>:
          w.text(t.requiresGrad ? TRUE : FALSE);
          break;
        case 8 satisfies At<'storage.key'>:
          str(t.storage.key);
          break;
        case 9 satisfies At<'storage.dtype'>:
          str(t.storage.dtype);
          break;
        case 10 satisfies At<'storage.numel'>:
          num(t.storage.numel);
          break;
        case 11 satisfies At<'storage.device'>:
          str(t.storage.device);
          break;
        default:
          unwritten(f);
      }
    }
    w.text(tails[last ? 1 : 0]!);
  }
  return w.done();
}

/**
 * The literal text of a tree line for each contiguity × grad (index 2·contiguous + requiresGrad): the
 * two booleans are fixed, so their text joins the pieces after them (`,"contiguous":true,"kind":`), and
 * every other field is written between the pieces, in LINE_FIELDS' order (LinePieces.fields).
 */
const RECORD_PIECES = [false, true].flatMap((contiguous) => [false, true].map((requiresGrad) => linePieces({ contiguous, requiresGrad })));
const TRUE = ascii('true');
const FALSE = ascii('false');
// what follows a line written by JSON.stringify (a line from the pieces ends with its tail)
const L_NEXT = ascii(',\n');
const L_LAST = ascii('\n');

export function tensorJson(rec: TensorRecord) {
  const t = rec.info;
  // built field by field (no object spreads): this runs once per tensor, 100,000 times on big checkpoints
  const out: Record<string, unknown> = {
    path: rec.path,
    dtype: t.dtype,
    shape: t.shape,
    stride: t.stride,
    storageOffset: t.storageOffset,
    contiguous: isContiguous(t),
    kind: t.kind,
    requiresGrad: t.requiresGrad,
    storage: { key: t.storage.key, dtype: t.storage.dtype, numel: t.storage.numel, device: t.storage.device },
  };
  if (t.quantization) out.quantization = t.quantization;
  if (rec.aliases.length > 0) out.aliases = rec.aliases;
  return out;
}

function globalJson(g: GlobalFinding) {
  return { module: g.module, name: g.name, verdict: g.verdict, where: g.where, ...(g.reason ? { reason: g.reason } : {}) };
}
