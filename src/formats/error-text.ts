import { FormatError } from './errors.js';

/**
 * The pasted text of a failed (or lenient) `load_state_dict`, read back into key lists.
 *
 * People paste these from terminals, notebooks, CI logs and issue threads, so the text arrives
 * wrapped at 80/120 columns (often inside a key or inside `torch.Size([...])`), wrapped in a traceback,
 * prefixed by loggers (`[rank0]:`, `2024-01-01 12:00:00,000 - INFO -`), coloured, with CRLF line ends,
 * and cut short. The parser therefore works on a *squashed* copy: logger prefixes dropped per line,
 * then every line break and the indentation around it removed, which undoes terminal wrapping exactly
 * (a wrap adds a break and nothing else). The fixed phrases are matched with `\s*` between words so a
 * wrap at a space does not matter either. Only the formats whose structure is line-based (mmcv's
 * unquoted lists, transformers' LOAD REPORT table) are read from the lines.
 */

export type ErrorKind = 'load_state_dict' | 'incompatible_keys' | 'transformers' | 'mixed';

export interface ReportedSizeMismatch {
  key: string;
  /** the shape in the checkpoint */
  source: number[];
  /** the shape the model has */
  expected: number[];
}

export interface ErrorReport {
  kind: ErrorKind;
  /** the model class the error names (`ResNet`), the first one when several errors were pasted */
  modelName: string | null;
  /** keys the model has and the checkpoint lacks, in the order the text lists them */
  missing: string[];
  /** keys the checkpoint has and the model lacks */
  unexpected: string[];
  sizeMismatch: ReportedSizeMismatch[];
  /** a list was cut short (`...`, `[...]`, an unterminated key, the text ending inside a list) */
  truncated: boolean;
  /** what the text says beyond the lists, in plain words */
  notes: string[];
}

const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;

/** Per-line prefixes that wrap a message: distributed launchers, Ray workers, markdown quotes. */
const LINE_PREFIXES: RegExp[] = [
  /^\s*\[(?:rank|default)\d+\]:\s?/,
  /^\s*\((?:\w+ )?pid=\d+[^)]*\)\s/,
  /^\s*>+ ?(?=\S)/,
  /^(?:DEBUG|INFO|WARNING|ERROR|CRITICAL):[\w.]*:\s?/,
];
/** A log record's head: a level in brackets, or a timestamp followed by logger fields. */
const LEVEL_HEAD = /^\s*-?\s*\[(?:DEBUG|INFO|WARNING|WARN|ERROR|CRITICAL|FATAL|[IWEF]\d{4}[^\]]*)(?:\|[^\]]*)?\]/;
const TIMESTAMP_HEAD =
  /^\s*-?\s*[[(]?(?:\d{4}[-/]\d{2}[-/]\d{2}[ T]|\d{2}\/\d{2}[ -])\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?[\])]?/;
/** Logger fields after a timestamp: `- INFO -`, `| fairseq.data |`, `[INFO] main.py:  27:`, `ERROR:`, `>>`. */
const LOG_FIELDS =
  /^(?:\s*(?:[-|]\s*)?(?:\[[^\]\s]{1,40}\]\s*)*(?:[A-Za-z_][\w.]*(?::\s*\d+)?)?\s*(?:-|\||:|>>)(?=\s|$))+\s*|^(?:\s*\[[^\]\s]{1,40}\])+\s*/;

function stripLinePrefixes(line: string): string {
  for (let round = 0; round < 4; round++) {
    const before = line;
    for (const re of LINE_PREFIXES) line = line.replace(re, '');
    const level = LEVEL_HEAD.exec(line);
    const stamp = level ? null : TIMESTAMP_HEAD.exec(line);
    const head = level ?? stamp;
    if (head) {
      line = line.slice(head[0].length);
      line = line.replace(TIMESTAMP_HEAD, '');
      // logger fields are short; bounding the slice keeps the regex linear on pathological lines
      line = line.slice(0, 240).replace(LOG_FIELDS, '') + line.slice(240);
    }
    if (line === before) break;
  }
  return line;
}

/** The text's lines with colours, CRs and logger prefixes removed, and outer whitespace trimmed. */
function cleanLines(text: string): string[] {
  return text
    .replace(/^\uFEFF/, '')
    .replace(ANSI, '')
    .split(/\r\n|\r|\n/)
    .map((l) => stripLinePrefixes(l).trim());
}

// --- the fixed phrases, wrap-tolerant (`\s*` wherever PyTorch writes a space) -----------------------

const SIZE = String.raw`torch\s*\.\s*Size\s*\(\s*\[([\d,\s]*)\]\s*\)`;
const RE_ERROR_HEAD = /Error\(s\)\s*in\s*loading\s*state_dict\s*for\s*([A-Za-z_][\w.]*)\s*:/g;
const RE_MISSING = /Missing\s*key\(s\)\s*in\s*state_dict\s*:/g;
const RE_UNEXPECTED = /Unexpected\s*key\(s\)\s*in\s*state_dict\s*:/g;
const RE_SIZE = new RegExp(
  String.raw`size\s*mismatch\s*for\s*(\S+?)\s*:\s*copying\s*a\s*param\s*with\s*shape\s*${SIZE}\s*from\s*checkpoint\s*,\s*the\s*shape\s*in\s*current\s*model\s*is\s*${SIZE}`,
  'g',
);
/** torch ≤ 1.0 (without quotes before 0.4), and torch ≥ 1.0's copy failure (`, an exception occurred`) */
const RE_WHILE_COPYING = new RegExp(
  String.raw`While\s*copying\s*the\s*parameter\s*named\s*"?([^",\s]+)"?\s*,\s*whose\s*dimensions\s*in\s*the\s*model\s*are\s*${SIZE}\s*and\s*whose\s*dimensions\s*in\s*the\s*checkpoint\s*are\s*${SIZE}`,
  'g',
);
const RE_NOT_TENSOR =
  /While\s*copying\s*the\s*parameter\s*named\s*"([^"]+)"\s*,\s*expected\s*torch\.Tensor\s*or\s*Tensor-like\s*object\s*from\s*checkpoint\s*but\s*received\s*(<[^>]*>|\S+)/g;
/** torch 0.1–0.3 raised KeyError per key / with a set */
const RE_OLD_UNEXPECTED = /unexpected\s*key\s*"([^"]*)"\s*in\s*state_dict/g;
/** the head of torch 0.3's KeyError; its set runs to the first `])"` or `}"` (OLD_MISSING_END) */
const RE_OLD_MISSING = /missing\s*keys\s*in\s*state_dict\s*:\s*"(?=set\s*\(\s*\[|\{)/g;
const OLD_MISSING_END = /(?:\]\s*\)|\})"/g;
const RE_INCOMPATIBLE = /_?IncompatibleKeys\s*\(\s*missing_keys\s*=\s*\[/g;
const RE_INCOMPATIBLE_UNEXPECTED = /^\s*,\s*unexpected_keys\s*=\s*\[/;
const RE_ALL_MATCHED = /<All\s*keys\s*matched\s*successfully>/;
const RE_HF_UNUSED =
  /Some\s*weights\s*of\s*the\s*model\s*checkpoint\s*(?:at\s*[\s\S]{0,2000}?)?\s*were\s*not\s*used\s*when\s*initializing\s*([A-Za-z_][\w.]*)\s*:\s*(?=[[{])/g;
const RE_HF_NEW =
  /Some\s*weights\s*of\s*([A-Za-z_][\w.]*)\s*were\s*not\s*initialized\s*from\s*the\s*model\s*checkpoint\s*(?:at\s*[\s\S]{0,2000}?)?\s*and\s*are\s*newly\s*initialized\s*:\s*(?=[[{])/g;
const RE_HF_SHAPES_HEAD =
  /Some\s*weights\s*of\s*([A-Za-z_][\w.]*)\s*were\s*not\s*initialized\s*from\s*the\s*model\s*checkpoint[\s\S]{0,2000}?newly\s*initialized\s*because\s*the\s*shapes\s*did\s*not\s*match\s*:/g;
const RE_HF_SHAPE = new RegExp(
  String.raw`-\s*(\S+?)\s*:\s*found\s*shape\s*${SIZE}\s*in\s*the\s*checkpoint\s*and\s*${SIZE}\s*in\s*the\s*model\s*instantiated`,
  'g',
);
const RE_HF_REPORT_HEAD = /^([A-Za-z_][\w.]*)\s+LOAD REPORT from:/;
const RE_HF_REPORT_ROW = /^(\S+)\s*\|\s*(UNEXPECTED|MISSING|MISMATCH)\b/;
const RE_MMCV_LIST = /^(unexpected key|missing keys) in source state_dict:\s*(.*)$/;
const RE_MMCV_SHAPE = /^size mismatch for/;
const RE_KEY_LIST_TAIL = /^[^\s,]*(?:,\s*(?:[^\s,]+|\.\.\.|…))*,?$/;

/** Quick test for format detection: robust to wrapping because whitespace is ignored. */
export function looksLikeErrorText(text: string): boolean {
  const flat = text.slice(0, 1 << 20).replace(/\s+/g, '');
  return /Error\(s\)inloadingstate_dictfor|Missingkey\(s\)instate_dict|Unexpectedkey\(s\)instate_dict|sizemismatchfor\S+?:copyingaparam|IncompatibleKeys\(missing_keys=|werenotusedwheninitializing|werenotinitializedfromthemodelcheckpoint|Whilecopyingtheparameternamed|LOADREPORTfrom:|insourcestate_dict:|unexpectedkey"[^"]*"instate_dict|missingkeysinstate_dict:"|<Allkeysmatchedsuccessfully>/.test(
    flat,
  );
}

function parseShape(s: string): number[] {
  const body = s.replace(/\s+/g, '');
  if (!body) return [];
  return body.split(',').filter((x) => x !== '').map(Number);
}

interface ListResult {
  keys: string[];
  truncated: boolean;
  /** where parsing stopped */
  end: number;
}

const ELLIPSIS = /^(?:\.{2,}|…|\[\s*(?:\.{2,}|…)\s*\])/;

/**
 * Read quoted keys starting at `pos`: `"a", "b".` (PyTorch) or `'a', 'b']` (a Python list).
 * `close` is the character that ends the list. Whitespace inside quotes is dropped: keys have none,
 * and a wrapped key may have picked some up from padding.
 */
function readQuotedList(s: string, pos: number, close: string): ListResult {
  const keys: string[] = [];
  let truncated = false;
  let i = pos;
  const n = s.length;
  for (;;) {
    while (i < n && (s[i] === ' ' || s[i] === '\t' || s[i] === ',')) i++;
    if (i >= n) return { keys, truncated: true, end: i };
    const ell = ELLIPSIS.exec(s.slice(i, i + 8));
    if (ell) {
      truncated = true;
      i += ell[0].length;
      continue;
    }
    let q = s[i]!;
    if ((q === 'u' || q === 'b' || q === 'r') && (s[i + 1] === '"' || s[i + 1] === "'")) q = s[++i]!;
    if (q === close) return { keys, truncated, end: i + 1 };
    // not a key: before the first one this is not a list at all (a source line in a traceback);
    // after a comma the rest of the list is gone
    if (q !== '"' && q !== "'") return { keys, truncated: truncated || keys.length > 0, end: i };
    const j = s.indexOf(q, i + 1);
    if (j < 0) return { keys, truncated: true, end: n };
    keys.push(s.slice(i + 1, j).replace(/\s+/g, ''));
    i = j + 1;
    while (i < n && (s[i] === ' ' || s[i] === '\t')) i++;
    if (i >= n) return { keys, truncated: true, end: i };
    if (s[i] === ',') continue;
    // before the terminator: PyTorch's list ends in `.`, and `...` must not pass for it
    if (ELLIPSIS.test(s.slice(i, i + 8))) continue;
    if (s[i] === close) return { keys, truncated, end: i + 1 };
    // anything else ends the list without its terminator: a paste that lost it, or a cut
    return { keys, truncated: true, end: i };
  }
}

/** A Python list or set literal's keys at `pos` (just before `[` or `{`). */
function readPythonList(s: string, pos: number): ListResult {
  const open = s[pos];
  const close = open === '{' ? '}' : ']';
  return readQuotedList(s, pos + 1, close);
}

/** Keys of a repr'd set inside torch 0.3's KeyError text: quotes may be backslash-escaped. */
function keysOfSetRepr(body: string): string[] {
  const keys: string[] = [];
  for (const m of body.matchAll(/\\?(['"])((?:(?!\\?\1).)*)\\?\1/g)) keys.push(m[2]!.replace(/\s+/g, ''));
  return keys;
}

/**
 * Keys a whole paste may expand its `{a...b}` ranges into. A real LOAD REPORT collapses layer runs
 * (`layers.{0...79}`) over a few hundred rows; a crafted one (`{0...99999}` on every row, or ranges
 * nested in one key) would otherwise turn a few kilobytes into billions of keys.
 */
const MAX_EXPANDED_KEYS = 1_000_000;

/**
 * `layers.{0...11}.attn.weight` → 12 keys (transformers' LOAD REPORT collapses layer runs). `budget`
 * is what is left of MAX_EXPANDED_KEYS for the whole text; a key whose expansion would exceed it is
 * kept as written, and the budget marked spent.
 */
function expandRanges(key: string, budget: { left: number; exceeded: boolean }): string[] {
  const ranges = [...key.matchAll(/\{(\d+)\s*\.\.\.\s*(\d+)\}/g)];
  if (ranges.length === 0) return [key];
  let count = 1;
  for (const m of ranges) {
    const lo = Number(m[1]);
    const hi = Number(m[2]);
    if (!(hi >= lo)) return [key];
    count *= hi - lo + 1;
  }
  if (count > budget.left) {
    budget.exceeded = true;
    return [key];
  }
  budget.left -= count;
  // expanded left to right, iteratively: the product is already known to fit
  let out = [''];
  let at = 0;
  for (const m of ranges) {
    const literal = key.slice(at, m.index);
    const next: string[] = [];
    for (const prefix of out) for (let v = Number(m[1]); v <= Number(m[2]); v++) next.push(`${prefix}${literal}${v}`);
    out = next;
    at = m.index + m[0].length;
  }
  const tail = key.slice(at);
  return out.map((k) => k + tail);
}

class Collector {
  readonly kinds = new Set<Exclude<ErrorKind, 'mixed'>>();
  readonly missing = new Set<string>();
  readonly unexpected = new Set<string>();
  readonly sizes = new Map<string, ReportedSizeMismatch>();
  readonly models: string[] = [];
  private readonly modelSet = new Set<string>();
  readonly notes: string[] = [];
  truncated = false;
  recognised = false;
  readonly expansion = { left: MAX_EXPANDED_KEYS, exceeded: false };

  saw(kind: Exclude<ErrorKind, 'mixed'>): void {
    this.kinds.add(kind);
    this.recognised = true;
  }
  model(name: string): void {
    if (this.modelSet.has(name)) return;
    this.modelSet.add(name);
    this.models.push(name);
  }
  addList(target: Set<string>, r: ListResult): void {
    for (const k of r.keys) target.add(k);
    if (r.truncated) this.truncated = true;
  }
  size(key: string, source: number[], expected: number[]): void {
    if (!this.sizes.has(key)) this.sizes.set(key, { key, source, expected });
  }
}

function scanPyTorch(s: string, c: Collector): void {
  let errorHeads = 0;
  for (const m of s.matchAll(RE_ERROR_HEAD)) {
    c.saw('load_state_dict');
    c.model(m[1]!);
    errorHeads++;
  }
  for (const [re, target] of [
    [RE_MISSING, c.missing],
    [RE_UNEXPECTED, c.unexpected],
  ] as const) {
    // a head inside a list already read is a key that looks like one: reading on from it would read
    // the rest of the list again, once per such key (quadratic in the paste)
    let readUntil = 0;
    for (const m of s.matchAll(re)) {
      c.saw('load_state_dict');
      if (m.index < readUntil) continue;
      const list = readQuotedList(s, m.index + m[0].length, '.');
      c.addList(target, list);
      readUntil = list.end;
    }
  }
  for (const m of s.matchAll(RE_SIZE)) {
    c.saw('load_state_dict');
    c.size(m[1]!, parseShape(m[2]!), parseShape(m[3]!));
  }
  for (const m of s.matchAll(RE_WHILE_COPYING)) {
    c.saw('load_state_dict');
    const model = parseShape(m[2]!);
    const ckpt = parseShape(m[3]!);
    if (model.join() !== ckpt.join()) c.size(m[1]!, ckpt, model);
    else c.notes.push(`copying \`${m[1]}\` failed although its shape [${model.join(', ')}] matches: see the exception in the text`);
  }
  for (const m of s.matchAll(RE_NOT_TENSOR)) {
    c.saw('load_state_dict');
    c.notes.push(`the checkpoint's \`${m[1]}\` is not a tensor (received ${m[2]})`);
  }
  for (const m of s.matchAll(RE_OLD_UNEXPECTED)) {
    c.saw('load_state_dict');
    c.unexpected.add(m[1]!);
  }
  // each set ends at the first terminator after its head: one forward search, never repeated
  let setUntil = 0;
  for (const m of s.matchAll(RE_OLD_MISSING)) {
    c.saw('load_state_dict');
    const start = m.index + m[0].length;
    if (start < setUntil) continue;
    OLD_MISSING_END.lastIndex = start;
    const end = OLD_MISSING_END.exec(s);
    if (!end) {
      c.truncated = true;
      break;
    }
    for (const k of keysOfSetRepr(s.slice(start, end.index + end[0].length - 1))) c.missing.add(k);
    setUntil = end.index + end[0].length;
  }
  if (errorHeads > 0 && c.missing.size + c.unexpected.size + c.sizes.size === 0 && c.notes.length === 0) {
    c.truncated = true;
    c.notes.push('the text has the error heading but no key lists: it was cut short');
  }
}

function scanIncompatible(s: string, c: Collector): void {
  let readUntil = 0;
  for (const m of s.matchAll(RE_INCOMPATIBLE)) {
    c.saw('incompatible_keys');
    if (m.index < readUntil) continue;
    const missing = readQuotedList(s, m.index + m[0].length, ']');
    c.addList(c.missing, missing);
    readUntil = missing.end;
    const tail = RE_INCOMPATIBLE_UNEXPECTED.exec(s.slice(missing.end, missing.end + 64));
    if (tail) {
      const unexpected = readQuotedList(s, missing.end + tail[0].length, ']');
      c.addList(c.unexpected, unexpected);
      readUntil = unexpected.end;
    } else c.truncated = true;
  }
  if (RE_ALL_MATCHED.test(s)) {
    c.saw('incompatible_keys');
    c.notes.push('the text reports that all keys matched');
  }
}

function scanTransformers(s: string, c: Collector): void {
  for (const [re, target] of [
    [RE_HF_UNUSED, c.unexpected],
    [RE_HF_NEW, c.missing],
  ] as const) {
    let readUntil = 0;
    for (const m of s.matchAll(re)) {
      c.saw('transformers');
      c.model(m[1]!);
      if (m.index < readUntil) continue;
      const list = readPythonList(s, m.index + m[0].length);
      c.addList(target, list);
      readUntil = list.end;
    }
  }
  for (const m of s.matchAll(RE_HF_SHAPES_HEAD)) {
    c.saw('transformers');
    c.model(m[1]!);
  }
  for (const m of s.matchAll(RE_HF_SHAPE)) {
    c.saw('transformers');
    c.size(m[1]!, parseShape(m[2]!), parseShape(m[3]!));
  }
}

/** Line-based formats: transformers' LOAD REPORT table and mmcv/mmengine's unquoted lists. */
function scanLines(lines: string[], c: Collector): void {
  let mismatchRows = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const head = RE_HF_REPORT_HEAD.exec(line);
    if (head) {
      c.saw('transformers');
      c.model(head[1]!);
      continue;
    }
    const row = RE_HF_REPORT_ROW.exec(line);
    if (row && row[1] !== 'Key') {
      c.saw('transformers');
      const keys = expandRanges(row[1]!, c.expansion);
      if (row[2] === 'MISSING') for (const k of keys) c.missing.add(k);
      else if (row[2] === 'UNEXPECTED') for (const k of keys) c.unexpected.add(k);
      else mismatchRows += keys.length;
      continue;
    }
    const mm = RE_MMCV_LIST.exec(line);
    if (mm) {
      c.saw('incompatible_keys');
      let body = mm[2]!;
      // a wrapped list continues on lines that hold nothing but more of the comma-separated keys
      while (i + 1 < lines.length) {
        const next = lines[i + 1]!;
        if (!next || RE_MMCV_LIST.test(next) || RE_MMCV_SHAPE.test(next) || !RE_KEY_LIST_TAIL.test(next)) break;
        body += next;
        i++;
      }
      const target = mm[1] === 'unexpected key' ? c.unexpected : c.missing;
      for (const raw of body.split(',')) {
        const k = raw.trim();
        if (!k) continue;
        if (/^(?:\.{2,}|…)$/.test(k)) {
          c.truncated = true;
          continue;
        }
        target.add(k);
      }
    }
  }
  if (c.expansion.exceeded) {
    c.truncated = true;
    c.notes.push(`the LOAD REPORT's {a...b} ranges stand for more than ${MAX_EXPANDED_KEYS.toLocaleString('en-US')} keys: those past that were kept as written, unexpanded`);
  }
  if (mismatchRows > 0) {
    c.notes.push(`the LOAD REPORT marks ${mismatchRows} key(s) MISMATCH; their shapes are not in the table`);
  }
}

const WRAPPER_NOTES: Record<string, string> = {
  DataParallel: 'the model was wrapped in DataParallel when loading, so it expected keys starting with `module.`',
  DistributedDataParallel:
    'the model was wrapped in DistributedDataParallel when loading, so it expected keys starting with `module.`',
  OptimizedModule: 'the model was compiled with torch.compile when loading, so it expected keys starting with `_orig_mod.`',
};

export function parseErrorText(text: string, file: string): ErrorReport {
  const lines = cleanLines(text);
  const squashed = lines.join('');
  const c = new Collector();
  scanPyTorch(squashed, c);
  scanIncompatible(squashed, c);
  scanTransformers(squashed, c);
  scanLines(lines, c);
  if (!c.recognised) {
    throw new FormatError(
      file,
      'no load_state_dict error found: expected "Error(s) in loading state_dict", "Missing key(s)", "Unexpected key(s)", ' +
        '"size mismatch for", "_IncompatibleKeys(...)" or a transformers "Some weights of ..." warning',
    );
  }
  const notes: string[] = [];
  if (c.models.length > 1) {
    notes.push(`the text holds errors for ${c.models.length} models (${c.models.join(', ')}); their key lists are merged`);
  }
  for (const m of c.models) {
    const note = WRAPPER_NOTES[m];
    if (note) notes.push(note);
  }
  const both = [...c.missing].filter((k) => c.unexpected.has(k));
  if (both.length > 0) {
    notes.push(`${both.length} key(s) are listed both as missing and as unexpected (e.g. \`${both[0]}\`): the text mixes several loads`);
  }
  if (c.truncated) notes.push('a key list in the text was cut short: there may be more keys than it shows');
  notes.push(...c.notes);
  const kinds = [...c.kinds];
  return {
    kind: kinds.length === 1 ? kinds[0]! : 'mixed',
    modelName: c.models[0] ?? null,
    missing: [...c.missing],
    unexpected: [...c.unexpected],
    sizeMismatch: [...c.sizes.values()],
    truncated: c.truncated,
    notes,
  };
}
