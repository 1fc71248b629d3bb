import { dtypeOfTorchGlobal } from './dtype.js';
import { FormatError } from './errors.js';
import type { KeyEntry } from './keys.js';

/**
 * The key lists a PyTorch user prints without sdmatch's helper (review 22 F13): `print(sd.keys())`, `print(list(sd))`
 * (pprint's one-a-line wrapping too) and `for k, v in sd.items(): print(k, v.shape)`. The last carries shapes, so it
 * is read as a manifest would be. A list a user cut (`...`, or a text that stops before its `]`) is refused as cut:
 * taken as whole it would call every key past the cut missing.
 */

/** Every printed form sdmatch reads as a key source; the refusal of an unknown text names them from here. */
export const KEY_LIST_FORMS: readonly { printedBy: string; looks: string; shapes: boolean }[] = [
  { printedBy: `print(*sd, sep='\\n')`, looks: 'one key a line', shapes: false },
  { printedBy: 'print(sd.keys())', looks: "odict_keys(['conv.weight', …])", shapes: false },
  { printedBy: 'print(list(sd))', looks: "['conv.weight', …]", shapes: false },
  { printedBy: 'print(k, v.shape)', looks: 'conv.weight torch.Size([8, 3, 3, 3])', shapes: true },
  { printedBy: 'print(k, tuple(v.shape))', looks: 'conv.weight (8, 3, 3, 3)', shapes: true },
];

/** How the forms are named in a refusal: `print(sd.keys())`, … */
export const KEY_LIST_FORMS_LINE = KEY_LIST_FORMS.map((f) => f.printedBy).join(', ');

/** `odict_keys([` (an OrderedDict's keys), `dict_keys([` (a dict's), or a bare `[` before a quoted key */
const LIST_START = /^\s*(?:(o?dict_keys)\(\s*)?\[\s*(?=['"]|\]|\.\.\.|…)/;

/** KEY [:] SHAPE [torch.DTYPE]: a shape as torch.Size, a tuple or a list of sizes */
const SHAPE_LINE = /^(\S+?):?\s+(?:torch\.Size\(\[([\d,\s]*)\]\)|\(([\d,\s]*)\)|\[([\d,\s]*)\])(?:\s+torch\.(\w+))?\s*$/;

/** a line a user left in place of what they cut */
const CUT_LINE = /^(?:\.\.\.|…)$/;

const SAMPLE = 65536;

/** A last line that stops inside its shape (`bn.weight torch.Si`): a `print(k, v.shape)` list a paste cut. */
function cutShapeLine(line: string): boolean {
  const m = /^\S+?:?\s+(.*)$/.exec(line);
  if (!m) return /^\S+$/.test(line); // cut inside the key or before its shape
  const rest = m[1]!;
  return 'torch.Size(['.startsWith(rest) || /^(?:torch\.Size\(\[|[(\[])[\d,\s]*(?:\]\)?)?$/.test(rest);
}

export function looksLikePrintedKeys(text: string): boolean {
  const head = text.slice(0, SAMPLE).replace(/^\uFEFF/, '');
  if (LIST_START.test(head)) return true;
  const lines = head.split(/\r\n|\r|\n/);
  // a last line without its line break may be cut inside its shape: the lines before it decide
  if (text.length > head.length || (lines.length > 1 && cutShapeLine(lines[lines.length - 1]!.trim()))) lines.pop();
  let shaped = 0;
  for (const raw of lines) {
    const line = raw.trim();
    if (!line || CUT_LINE.test(line)) continue;
    if (!SHAPE_LINE.test(line)) return false;
    shaped++;
  }
  return shaped > 0;
}

export interface PrintedKeys {
  entries: KeyEntry[];
  /** true when each entry has its shape (the `print(k, v.shape)` forms) */
  shapes: boolean;
}

export function parsePrintedKeys(text: string, file: string): PrintedKeys {
  const body = text.replace(/^\uFEFF/, '');
  return LIST_START.test(body) ? { entries: parseList(body, file), shapes: false } : { entries: parseShapeLines(body, file), shapes: true };
}

function cutShort(file: string, read: number, where: string): FormatError {
  return new FormatError(file, `the printed key list is cut short (${where}, after ${read} key${read === 1 ? '' : 's'}): sdmatch reads only a whole list; print it whole, e.g. print(*sd, sep='\\n')`);
}

class Entries {
  readonly entries: KeyEntry[] = [];
  private readonly seen = new Set<string>();
  constructor(private readonly file: string) {}
  add(key: string, shape: number[] | null, dtype: KeyEntry['dtype'], where: string): void {
    if (key === '') throw new FormatError(this.file, `${where}: an empty key`);
    if (this.seen.has(key)) throw new FormatError(this.file, `${where}: duplicate key ${JSON.stringify(key)}`);
    this.seen.add(key);
    this.entries.push({ key, shape, dtype });
  }
}

/** `odict_keys([...])` / `['a', 'b']`, wrapped over lines anywhere (pprint between items, a terminal inside a key) */
function parseList(text: string, file: string): KeyEntry[] {
  const start = LIST_START.exec(text)!;
  const wrapped = start[1] !== undefined;
  const out = new Entries(file);
  let i = start[0].length;
  const lineAt = (at: number) => text.slice(0, at).split('\n').length;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  for (;;) {
    ws();
    if (i >= text.length) throw cutShort(file, out.entries.length, 'the text ends before the closing ]');
    const c = text[i]!;
    if (c === ']') break;
    if (text.startsWith('...', i) || c === '…' || text.startsWith('Ellipsis', i)) throw cutShort(file, out.entries.length, '`...` in the list');
    if (c !== "'" && c !== '"') throw new FormatError(file, `line ${lineAt(i)}: expected a quoted key in the printed list, found ${JSON.stringify(text.slice(i, i + 20))}`);
    const at = i;
    const read = readPythonString(text, i, file, lineAt);
    if (read === null) throw cutShort(file, out.entries.length, 'the text ends inside a key');
    out.add(read.value, null, null, `line ${lineAt(at)}`);
    i = read.end;
    ws();
    if (i >= text.length) throw cutShort(file, out.entries.length, 'the text ends before the closing ]');
    if (text[i] === ',') {
      i++;
      continue;
    }
    if (text[i] !== ']') throw new FormatError(file, `line ${lineAt(i)}: expected , or ] after a key in the printed list, found ${JSON.stringify(text.slice(i, i + 20))}`);
  }
  i++;
  ws();
  if (wrapped) {
    if (i >= text.length) throw cutShort(file, out.entries.length, 'the text ends before the closing )');
    if (text[i] !== ')') throw new FormatError(file, `line ${lineAt(i)}: expected ) after the printed list`);
    i++;
    ws();
  }
  if (i < text.length) throw new FormatError(file, `line ${lineAt(i)}: text after the printed key list (${JSON.stringify(text.slice(i, i + 20))})`);
  if (out.entries.length === 0) throw new FormatError(file, 'the printed key list holds no keys');
  return out.entries;
}

const ESCAPES: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', n: '\n', r: '\r', t: '\t', a: '\x07', b: '\b', f: '\f', v: '\v', '0': '\0' };

/**
 * A Python string literal as repr prints it, from its opening quote. repr never prints a raw line break inside a
 * literal, so one there is a terminal's wrap and is dropped. null: the text ends inside it.
 */
function readPythonString(text: string, from: number, file: string, lineAt: (at: number) => number): { value: string; end: number } | null {
  const quote = text[from]!;
  let value = '';
  let i = from + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === quote) return { value, end: i + 1 };
    if (c === '\r' || c === '\n') {
      i++;
      continue;
    }
    if (c !== '\\') {
      value += c;
      i++;
      continue;
    }
    const e = text[i + 1];
    if (e === undefined) return null;
    const hex = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    if (hex) {
      const digits = text.slice(i + 2, i + 2 + hex);
      if (!new RegExp(`^[0-9a-fA-F]{${hex}}$`).test(digits)) throw new FormatError(file, `line ${lineAt(i)}: a bad \\${e} escape in a printed key`);
      value += String.fromCodePoint(parseInt(digits, 16));
      i += 2 + hex;
      continue;
    }
    const plain = ESCAPES[e];
    if (plain === undefined) throw new FormatError(file, `line ${lineAt(i)}: an escape \\${e} repr does not print`);
    value += plain;
    i += 2;
  }
  return null;
}

function sizesOf(s: string): number[] {
  return s.split(',').map((x) => x.trim()).filter((x) => x !== '').map(Number);
}

/** `KEY torch.Size([8, 3, 3, 3])`, `KEY (8, 3, 3, 3)` or `KEY [8, 3, 3, 3]`, one a line, optionally `torch.DTYPE` after */
function parseShapeLines(text: string, file: string): KeyEntry[] {
  const out = new Entries(file);
  const lines = text.split(/\r\n|\r|\n/);
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!.trim();
    if (!line) continue;
    if (CUT_LINE.test(line)) throw cutShort(file, out.entries.length, `\`${line}\` on line ${n + 1}`);
    const m = SHAPE_LINE.exec(line);
    if (!m) {
      // the last line stopping mid-way is a cut paste; anywhere else, a line of another kind
      if (lines.slice(n + 1).every((l) => !l.trim())) throw cutShort(file, out.entries.length, `line ${n + 1} stops before its shape ends`);
      throw new FormatError(file, `line ${n + 1}: ${JSON.stringify(line.slice(0, 80))} is not KEY SHAPE like the lines before it`);
    }
    let dtype: KeyEntry['dtype'] = null;
    if (m[5] !== undefined) {
      dtype = dtypeOfTorchGlobal(m[5]) ?? null;
      if (dtype === null) throw new FormatError(file, `line ${n + 1}: torch.${m[5]} is not a dtype`);
    }
    out.add(m[1]!, sizesOf(m[2] ?? m[3] ?? m[4]!), dtype, `line ${n + 1}`);
  }
  if (out.entries.length === 0) throw new FormatError(file, 'the printed key list holds no keys');
  return out.entries;
}
