/**
 * Undoing how an error text was captured before any phrase is looked for: terminal colours, CRLF,
 * logger and launcher prefixes per line, Markdown quoting and emphasis, typographic quotes and HTML
 * entities (from a rendered page), so that the phrase and list readers see what PyTorch printed.
 * Every step is a single pass over the text (the parser must stay linear on 5 MB pastes).
 */

import { WIDE_SCRIPT } from './lists.js';
import { endsInLeaf } from './loose.js';
import { MESSAGE_DETECTOR } from './families.js';

/** a character of the poster's own script (lists.ts WIDE_SCRIPT), which no key holds */
const WIDE = new RegExp(`[${WIDE_SCRIPT}]`);

const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;

/** What a rendered page or a word processor made of PyTorch's ASCII: state-dict keys never hold these. */
const CHARACTER_FIXES: [RegExp, string, string][] = [
  [/[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g, '"', 'typographic double quotes (forums, word processors, “smart quotes”)'],
  [/[\u2018\u2019\u201A\u201B\u2032]/g, "'", 'typographic single quotes'],
  [/[\u00A0\u2007\u202F]/g, ' ', 'non-breaking spaces from a rendered page'],
  [/\uFF0C|\u3001/g, ', ', 'fullwidth commas from a CJK input method (`backbone.bn1.weight，and missing keys`)'],
  [/\uFF1A/g, ': ', 'fullwidth colons from a CJK input method'],
  [/[\u200B\u200C\u200D\u2060]/g, '', 'zero-width characters from a rendered page'],
  [/&quot;|&#34;/g, '"', 'HTML entities from a scraped page'],
  [/&#39;|&#x27;|&apos;/g, "'", 'HTML entities'],
  [/&lt;/g, '<', 'HTML entities'],
  [/&gt;/g, '>', 'HTML entities'],
  [/&amp;/g, '&', 'HTML entities'],
  [/\*\*|`/g, '', 'Markdown bold and code marks around a pasted message (`**Unexpected key(s)**`, ``` ``RuntimeError`` ```)'],
  [/\\_/g, '_', 'Markdown-escaped underscores (`conv1\\_weight`)'],
];

/** The fixes that give back PyTorch's quotes and angle brackets (typographic quotes, HTML entities). */
const QUOTE_FIXES = CHARACTER_FIXES.filter(([, to]) => ['"', "'", '<', '>', '&'].includes(to));

export function normaliseCharacters(text: string): string {
  let out = text.replace(/^\uFEFF/, '').replace(ANSI, '');
  for (const [re, to] of CHARACTER_FIXES) out = out.replace(re, to);
  return out;
}

/** Per-line prefixes that wrap a message: distributed launchers, Ray workers, markdown quotes. */
const LINE_PREFIXES: RegExp[] = [
  /^\s*\[(?:rank|default)\d+\]:\s?/,
  /^\s*\((?:\w+ )?pid=\d+[^)]*\)\s/,
  // one or more quote levels (`> > `), a quoted blank line (`>`), a quote before a tab-indented line
  /^\s*(?:>[ \t]?)+/,
  /^(?:DEBUG|INFO|WARNING|ERROR|CRITICAL):[\w.]*:\s?/,
];
/** A log record's head: a level in brackets, or a timestamp followed by logger fields. */
const LEVEL_HEAD = /^\s*-?\s*\[(?:DEBUG|INFO|WARNING|WARN|ERROR|CRITICAL|FATAL|[IWEF]\d{4}[^\]]*)(?:\|[^\]]*)?\]/;
const TIMESTAMP_HEAD =
  /^\s*-?\s*[[(]?(?:\d{4}[-/]\d{2}[-/]\d{2}[ T]|\d{2}\/\d{2}[ -])\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?[\])]?/;
/** A bare level after a timestamp, followed by the message (a level followed by `-`, `|` or `:` is a logger field, below). */
const LEVEL_WORD = /^\s*(?:DEBUG|INFO|WARNING|WARN|ERROR|CRITICAL|FATAL)[ \t]+(?![-|:])/;
/** Logger fields after a timestamp: `- INFO -`, `| fairseq.data |`, `[INFO] main.py:  27:`, `ERROR:`, `>>`. */
const LOG_FIELDS =
  /^(?:\s*(?:[-|]\s*)?(?:\[[^\]\s]{1,40}\]\s*)*(?:[A-Za-z_][\w.]*(?::\s*\d+)?)?\s*(?:-|\||:|>>)(?=\s|$))+\s*|^(?:\s*\[[^\]\s]{1,40}\])+\s*/;

/**
 * `%(asctime)s %(levelname)s %(message)s` on every line: a timestamp, a bare level and one space, the
 * message right after (a Markdown quote may stand before it). Alone, `ERROR | key | shape |` or
 * `ERROR --> 117 frame` reads as logger fields (`ERROR |`, `ERROR -`) and loses the message's first
 * characters; what decides is the whole paste: when every line carries the head and what follows it
 * is not one separator repeated on every line (a field layout prints the same one each time), the
 * head is the logger's and what follows is the message. A line without it right after a line as wide
 * as the paste's widest is that line's rest, wrapped by a terminal.
 */
const SHARED_HEAD = new RegExp(
  `^(\\s*(?:>[ \\t]?)*)${TIMESTAMP_HEAD.source.slice(1)}[ \\t]+(?:DEBUG|INFO|WARNING|WARN|ERROR|CRITICAL|FATAL)(?:[ \\t]|$)`,
);

function stripSharedLogHead(lines: string[]): string[] {
  const content = lines.filter((l) => l.trim() !== '');
  if (content.length === 0) return lines;
  // heads are short; matching a bounded slice keeps the regex linear on pathological lines
  const head = (l: string): RegExpExecArray | null => SHARED_HEAD.exec(l.slice(0, 200));
  // a line a terminal wrapped goes on at the next line's start, without the head
  const widths = lines.map((l) => l.replace(ANSI, '').length);
  const wrapWidth = widths.reduce((m, w) => Math.max(m, w), 0);
  // a layout's format string prints the same separator and blank before every record's message
  // (`%(levelname)s - %(message)s`); one record with the separator glued to a word (`ERROR -ft_2 and …`,
  // a paste cut mid-word above transformers' `- key: found shape` items) is no such layout
  const after = new Set<string>();
  for (let k = 0; k < lines.length; k++) {
    const l = lines[k]!;
    if (l.trim() === '') continue;
    const m = head(l);
    if (!m) {
      if (k > 0 && widths[k - 1] === wrapWidth && wrapWidth >= 40) continue;
      return lines;
    }
    after.add(/^\s*([-|:])(?:\s|$)/.exec(l.slice(m[0].length))?.[1] ?? 'message');
  }
  if (after.size === 1 && !after.has('message')) return lines;
  return lines.map((l) => {
    const m = head(l);
    return m ? m[1]! + l.slice(m[0].length) : l;
  });
}

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
      // `%(asctime)s %(levelname)s %(message)s`: the level and the message a space apart, no separator
      line = line.replace(LEVEL_WORD, '');
      // logger fields are short; bounding the slice keeps the regex linear on pathological lines
      line = line.slice(0, 240).replace(LOG_FIELDS, '') + line.slice(240);
    }
    if (line === before) break;
  }
  return line;
}

/** A Markdown code fence line (its backticks are already gone: `python` alone stays, see below). */
const FENCE = /^(?:`{3,}|~{3,})[\w+-]*$/;

/**
 * A line number an IDE console or a numbered code view puts before each line: `12  text`, `12 | text`,
 * `12\ttext` (a numbered blank line is the number alone).
 */
const LINE_NUMBER = /^ *(\d{1,7})(?:\t| {2,}| ?\| ?|[ \t]*$)/;

/**
 * The line numbers are only taken off when every line carries one and they count up by one from
 * the first: a text whose own lines start with numbers (a shape table, `0.weight` keys) never does.
 */
function stripLineNumbers(lines: string[]): string[] {
  let end = lines.length;
  while (end > 0 && lines[end - 1]!.trim() === '') end--;
  if (end < 2) return lines;
  let first = -1;
  for (let k = 0; k < end; k++) {
    const m = LINE_NUMBER.exec(lines[k]!);
    if (!m) return lines;
    const n = Number(m[1]);
    if (k === 0) first = n;
    else if (n !== first + k) return lines;
  }
  return lines.map((l, k) => (k < end ? l.replace(LINE_NUMBER, '') : l));
}

/**
 * A run of padding between a terminal's rows on one line: the screen's blank columns (or the tab a
 * paste made of them) that a copy from a terminal (tmux or screen copy mode, a web terminal) kept
 * while losing the line break after each row.
 */
const PADDING_RUN = / {8,}|\t+/g;

/**
 * The rows of one long line a terminal wrapped, joined back when the copy kept each row's padding and
 * lost the break (`…, layer3` + 128 blanks + `.2.bn1.num_batches_tracked, …`, multiperson#4): every row
 * then takes the same columns, its text plus its padding, so a line whose runs of blanks each end a
 * row of one width (at least two runs, the width at least 80 columns, a terminal's) is the rows, and the
 * runs go. Columns aligned by spaces (a table, a traceback's `RuntimeError      Traceback`) are one row a
 * line, or columns of different widths or narrower than a terminal, and stay as they are.
 */
function joinPaddedRows(line: string): string {
  if (line.length < 80) return line;
  const runs = [...line.matchAll(PADDING_RUN)];
  if (runs.length < 2) return line;
  // the rows between runs: a flattening that lost the other line breaks too put the lines above before the first row
  // (`… missing keys in source state_dict: …, layer3` + padding), so with three rows or more the first may be longer
  const rows = runs.map((r, k) => r.index + r[0].length - (k === 0 ? 0 : runs[k - 1]!.index + runs[k - 1]![0].length));
  const row = rows.length >= 3 ? rows[1]! : rows[0]!;
  if (row < 80 || rows.some((w, k) => w !== row && !(k === 0 && rows.length >= 3 && w > row))) return line;
  return line.replace(PADDING_RUN, '');
}

/** The key characters a terminal's wrap can fall between (a key's part at a line's end, its rest at the next one's start). */
const TAIL_RUN = /(^|["',\s:])([\w.\-]+)$/;
const HEAD_RUN = /^[\w.\-]+/;
/**
 * A line broken inside one token whatever the line's width (a screenshot read back, a page's reflow, a
 * proportional font): what the text itself says cannot end there. Python prints a frame's `File "path",
 * line N` on one line, so an unclosed path goes on where `", line N` stands; a quoted key holds no line
 * break, so a quote left open on a key (`"index_sv_a` + `2w"`) closes on the next line; in a comma list a
 * line that ends inside an item without its comma, where the next line's first item ends at one (or ends
 * the list) and only both together end in a parameter's name, broke inside that item (`la` +
 * `yer1.1.bn1.num_batches_tracked,`).
 */
const OPEN_FRAME = /(?:^|\s)File\s+"[^"]*$/;
const FRAME_REST = /^[^"]*",\s*line\s+\d+/;
const OPEN_QUOTED_KEY = /(?:^|[\s,:[({])(["'])([A-Za-z_][\w.\-]*)$/;
const COMMA_LIST_TAIL = /(?:^|[,:]\s*)([A-Za-z_][\w\-]*(?:\.[\w\-]*)*)$/;
const COMMA_LIST_HEAD = /^([\w\-]+(?:\.[\w\-]*)*)(?=,|\s*$|\s*(?:\.{2,}|…))/;

function breaksInside(line: string, next: string): boolean {
  if (OPEN_FRAME.test(line)) return FRAME_REST.test(next);
  const quoted = OPEN_QUOTED_KEY.exec(line);
  if (quoted) {
    const q = quoted[1]!;
    if (line.split(q).length % 2 !== 0) return false;
    const close = new RegExp(`^([\\w.\\-]*)${q}(?=[\\s,.\\]})]|$)`).exec(next);
    return close !== null && /[._]/.test(quoted[2]! + close[1]!);
  }
  const tail = COMMA_LIST_TAIL.exec(line);
  const head = COMMA_LIST_HEAD.exec(next);
  if (!tail || !head || !/[\w\])],\s*[A-Za-z_]|:\s*[A-Za-z_][\w.\-]*$/.test(line)) return false;
  const a = tail[1]!;
  const b = head[1]!;
  return !endsInLeaf(a) && endsInLeaf(a + b) && (a + b).includes('.');
}

/**
 * A terminal's wrap inside a key, for the readers that read a list line by line (fvcore's one group
 * per line, PEFT's and diffusers' comma lists; torch's lists are read on the text squashed, where a
 * wrap is already gone): line k was as wide as the paste's widest line (a terminal breaks at its
 * width), ends inside a run of key characters that does not end in a parameter's name, and the next
 * line goes on with key characters that, joined, end in one (`to_q.lo` + `ra_B.default_0.weight`) or
 * open an fvcore group (`attention_weig` + `hts.{bias, weight}`), or start with the dot no key starts
 * with. A word of prose before a key has no dot or underscore and no quote or list comma before it;
 * a line that is one whole key (`visual.proj` above `visual.ln_post.weight`) is a list item: when
 * the line is one token, the next line's first module must be one no other line starts with, and
 * the paste must have another line at the same width (a terminal wraps a list more than once).
 */
function joinWrapsInKeys(lines: string[], widths: readonly number[]): { lines: string[]; at: number[] } {
  const wrapWidth = widths.reduce((m, w) => Math.max(m, w), 0);
  const atWidth = linesAtWidth(lines, widths, wrapWidth);
  // the first modules of lines a wrap cannot have made: a line below one as wide as the terminal may be the rest of
  // a key the same wrap split the same way more than once (`…resblocks.0.attn.out_p` + `roj.{bias, weight}`, twice)
  const firstModules = new Map<string, number>();
  lines.forEach((l, k) => {
    const m = /^[\w\-]+(?=\.)/.exec(l);
    if (m && !(k > 0 && widths[k - 1] === wrapWidth && wrapWidth >= 40)) firstModules.set(m[0], (firstModules.get(m[0]) ?? 0) + 1);
  });
  // a row as wide as the terminal holding nothing but blanks: the padding of a run of blanks wider than
  // the terminal (a paste that kept a padded row's blanks, wrapped again), which the wrap goes on past
  const blankRow = (k: number): boolean => k < lines.length && lines[k] === '' && wrapWidth >= 40 && widths[k] === wrapWidth;
  /** the line the wrap at line k goes on to (past blank rows), or -1 when line k is not wrapped */
  const wraps = (k: number, line: string): number => {
    let n = k + 1;
    while (widths[k] === wrapWidth && blankRow(n)) n++;
    return n < lines.length && wrapsOnto(k, n, line) ? n : -1;
  };
  const wrapsOnto = (k: number, n: number, line: string): boolean => {
    if (breaksInside(line.length > 400 ? line.slice(-400) : line, lines[n]!)) return true;
    // no key starts with a dot: a line that does continues the key before it, however wide that line
    const dotStart = /^\.[A-Za-z_]/.test(lines[n]!);
    if (!dotStart && (wrapWidth < 40 || widths[k] !== wrapWidth)) return false;
    // a key is short: the end of a long line is enough (and keeps the match linear on a 5 MB line)
    const end = line.length > 400 ? line.slice(-400) : line;
    const tail = TAIL_RUN.exec(end);
    if (tail && tail.index === 0 && end !== line) return false;
    const next = lines[n]!;
    // an elision starts no part of a key (no key holds `..`): the line stands for lines left out (`... 120 lines omitted`)
    if (/^(?:\.{2}|…)/.test(next)) return false;
    const head = HEAD_RUN.exec(next);
    if (!tail || !head) return false;
    const a = tail[2]!;
    const b = head[0];
    const group = next.charAt(b.length) === '{';
    // a full stop ends a sentence (`reported as missing.`) unless a quote or a list comma opened the run, or the next
    // line goes on with an index that makes a parameter's name (`…for model.` + `0.0.weight`): no sentence starts so
    if (/^[^.]*\.$/.test(a) && !/["',]/.test(tail[1]!) && !(/^\d+\./.test(b) && endsInLeaf(a + b))) return false;
    if (!b.startsWith('.') && endsInLeaf(a)) return false;
    if (!(b.startsWith('.') || group || endsInLeaf(a + b))) return false;
    if (!/[._]/.test(a + b.charAt(0)) && !/["',]/.test(tail[1]!)) return false;
    // a key never ends in a dot: a run that does (`encoder.layers.` + `0.linear1.{bias, weight}`) is cut, not a list item
    if (tail.index === 0 && !dotStart && !a.endsWith('.')) {
      const module = /^[\w\-]+(?=\.)/.exec(next)?.[0];
      if (atWidth < 2 || (module && (firstModules.get(module) ?? 0) > 1)) return false;
    }
    return true;
  };
  const out: string[] = [];
  const at: number[] = [];
  for (let k = 0; k < lines.length; k++) {
    let line = lines[k]!;
    let j = k;
    for (let n = wraps(j, line); n >= 0; n = wraps(j, line)) {
      while (j < n) line += lines[++j]!;
    }
    for (let i = k; i <= j; i++) at.push(out.length);
    out.push(line);
    k = j;
  }
  return { lines: out, at };
}

/**
 * `rich`'s boxes (rich.traceback's frames, Typer's and Lightning's error panels): a rule of box-drawing
 * characters between two corners, and a border at the start (and end) of every line inside. The border
 * goes, what it frames is read as any line.
 */
const BOX_RULE = /^[╭╰┏┗┌└╔╚][^\n]*[╮╯┓┛┐┘╗╝]$/;
const BOX_SIDE = /^[│┃║]/;

/**
 * A line of Python source that formats a message, as a traceback shows it around the raise (IPython's
 * `2148  0, 'Missing key(s) in state_dict: {}. '.format(`, rich's frames, the standard frame's source
 * line): the message's phrase with a placeholder where the keys go. It is the library's code, not its
 * output, and is not read: a literal with `{…}` then `.format(`, an f-string with a field, or `%s` then `%`.
 */
const FORMATTING_SOURCE = /(["'])[^"'\n]*\{[^{}\n]*\}[^"'\n]*\1\s*\.\s*format\s*\(|\bf(["'])[^"'\n]*\{[^{}\n]+\}|(["'])[^"'\n]*%[sr][^"'\n]*\3\s*%/;

function readThroughFrames(line: string): string {
  if (BOX_RULE.test(line)) return '';
  // string operations, not a lazy regex: a 5 MB line inside a border stays linear
  const inner = BOX_SIDE.test(line) ? line.slice(1).trimEnd().replace(/[│┃║]$/, '') : line;
  const source = FORMATTING_SOURCE.exec(inner);
  if (!source) return inner;
  // a line whose breaks were lost (a single-line field, a page without <pre>) holds output beside the source: the
  // raised exception after it (`….format( RuntimeError: Error(s) in loading …`), or the message pasted before the
  // traceback (`Missing key(s) in state_dict: … Traceback … raise RuntimeError('… {}'.format(`); those parts stay
  const after = inner.slice(source.index + source[0].length);
  const raised = RAISED_AFTER_SOURCE.exec(after);
  const before = inner.slice(0, source.index);
  // the traceback's frames before it stay too: the readers of frames (a Lightning restore, a library hook, an evaluation
  // script) read them as they read a traceback's own lines
  const kept = [MESSAGE_DETECTOR.test(before.replace(/\s+/g, '')) || FRAME_ON_LINE.test(before) ? before.trimEnd() : '', raised ? after.slice(raised.index) : ''];
  return kept.filter((part) => part !== '').join(' ');
}

/** A Python traceback frame (`File "x.py", line 12`) on a line: a traceback that lost its line breaks. */
const FRAME_ON_LINE = /File\s+"[^"\n]{1,400}",\s*line\s+\d/;

/** An exception's name and colon, as a traceback's last line starts (`RuntimeError: `, `KeyError: `). */
const RAISED_AFTER_SOURCE = /\b[A-Z]\w*(?:Error|Exception)\s*:/;

/** The cleaned lines of a paste, and where each pasted block ends. */
export interface CleanPaste {
  lines: string[];
  /**
   * The index of the last line with content before each closing code fence, and of the text's last
   * line with content: where a paste can stop mid-list (the poster's cut, or the excerpt's), even when
   * prose follows the fence.
   */
  blockEnds: number[];
  /** Each line's width as captured (colours aside, before any prefix is taken off): where a terminal wrapped it. */
  widths: number[];
  /**
   * The cleaned text with every line as wide as the paste's widest one joined to the next, when at
   * least two lines are that wide (a terminal wrapped it there): a traceback frame's path or a
   * command a terminal broke (`test_partseg_showwe` + `ldpointcloud.py`) is read whole.
   */
  unwrapped: string;
}

/**
 * How many different lines are `width` wide: a terminal wraps different text at its width, while the same
 * line twice is a paste repeated (a cell run again), which says nothing about a wrap.
 */
function linesAtWidth(lines: readonly string[], widths: readonly number[], width: number): number {
  return new Set(lines.filter((_, k) => widths[k] === width)).size;
}

function unwrap(lines: readonly string[], widths: readonly number[]): string {
  const wrapWidth = widths.reduce((m, w) => Math.max(m, w), 0);
  if (wrapWidth < 40 || linesAtWidth(lines, widths, wrapWidth) < 2) return lines.join('\n');
  return lines.map((l, k) => (widths[k] === wrapWidth ? l : `${l}\n`)).join('');
}

/**
 * Terminal colours whose escape byte was lost on the way (a log viewer, a notebook's output copied as
 * text): `[1;31mRuntimeError[0m`. Only read as colours when the text holds a bare reset (`[0m`), which
 * no message prints; a shape or a list never holds `[` + digits + `m`.
 */
const BARE_SGR = /\[\d{1,3}(?:;\d{1,3})*m/g;

function stripBareColours(text: string): string {
  const t = text.replace(ANSI, '');
  return t.includes('[0m') ? t.replace(BARE_SGR, '') : t;
}

/**
 * A message printed escaped on one line: a structured log's JSON string (`"message": "…\\n\\t…"`), the
 * exception's repr (`RuntimeError('Error(s) … for Net:\\n\\tMissing key(s) …')`, a list or dict of
 * errors). A line is read so when an escaped line break stands where torch's message or a traceback
 * breaks its lines (before a tab or indentation, a heading, an exception's name), or escaped quotes stand
 * around a list's keys or a dotted key (`\\"model\\", \\"optimizer\\"`, `\\"text_model.embeddings.position_ids\\"`: a
 * one-line message); a Windows path
 * (`C:\\nets\\model.py`) has none of these after its `\\n`. A traceback's source line formatting the
 * message (`'… for {}:\\n\\t{}'.format(`) is code, not output, and stays as it is (FORMATTING_SOURCE).
 */
const ESCAPED_BREAK = /\\n(?:\\t| {2}|(?:Missing|Unexpected|size mismatch|Traceback|[A-Z]\w*(?:Error|Exception)\b))|\\"[\w.\-]+\\",\s*\\"[\w.\-]+\\"|\\"[\w\-]+(?:\.[\w\-]+)+\\"/;
// a backslash before blanks is an escaped line break whose break a paste lost (a YAML scalar's fold, flattened)
const ESCAPE = /\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[nrt"'\\/]|[ \t]+)/g;

/** A string literal on a line, JSON's or Python's: its quote (not an escaped one), its body (escapes kept), its closing quote (none when the line cut it). */
// a quote before `, line N` closes a traceback frame's path (`File "x.py", line 94`; a paste that starts inside the path
// shows only that one): it opens no literal
const STRING_LITERAL = /(?<!\\)(["'])(?![ \t]*,[ \t]*line[ \t]+\d)((?:\\[\s\S]|(?!\1)[^\\])*)(\1|$)/g;

function decodeEscapes(body: string): string {
  return body.replace(ESCAPE, (_, e: string) => {
    if (e === 'n') return '\n';
    if (e === 't') return '\t';
    if (e === 'r' || /^[ \t]/.test(e)) return '';
    if (e.length > 1) return String.fromCharCode(parseInt(e.slice(1), 16));
    return e;
  });
}

/** What follows a literal that code uses (`'… {}'.format(`, `'… %s' %`, `"\\n\\t".join(`): the literal is code, not a message. */
const FORMATTED_LITERAL = /^\s*(?:\.\s*\w+\s*\(|%)/;

/** A literal body holding an escape a message's printer makes (a line break, a tab, an escaped quote). */
const HAS_ESCAPE = /\\[nt"']/;

/**
 * torch 0.1–0.3's KeyError, which Python prints as the repr of its message (`KeyError: 'missing keys in
 * state_dict: "{\\'a\\', \\'b\\'}"'`): read as it stands (lists.ts keysOfSetRepr), never decoded here.
 */
const KEY_ERROR_BEFORE = /KeyError:\s*$/;

/**
 * A literal's body is an escaped message when an escaped break or quote stands where a message has one
 * (ESCAPED_BREAK), or when, decoded, it holds a message of a known family (families.ts: fvcore's
 * `checkpoint:\\n backbone.…`, transformers' `were not used … \\n- This IS expected`).
 */
function escapedMessage(body: string): string | null {
  if (!HAS_ESCAPE.test(body)) return null;
  const decoded = decodeEscapes(body);
  // a separator or a bare line break (`"\\n\\t"`) holds no message
  if (!/[A-Za-z]{3}/.test(decoded)) return null;
  return ESCAPED_BREAK.test(body) || MESSAGE_DETECTOR.test(decoded.replace(/\s+/g, '')) ? decoded : null;
}

/** The string values of a parsed JSON value, nested objects and arrays included, in order. */
function stringsOf(value: unknown, depth = 0): string[] {
  if (typeof value === 'string') return [value];
  if (depth > 4 || value === null || typeof value !== 'object') return [];
  return Object.values(value as Record<string, unknown>).flatMap((v) => stringsOf(v, depth + 1));
}

/**
 * A structured log record on one line (`{"time": …, "level": "ERROR", "message": "…"}`: structlog, a JSON
 * logging handler, a cloud log viewer's copy) holding a message of a known family in one of its string fields:
 * the line becomes those fields' text, as the handler's JSON encoding had it before (its `\\n`, `\\"` and
 * `\\uXXXX` undone by the JSON reader itself). A record whose message holds no escape (a one-line fvcore or
 * MMEngine message) is read the same way: the record's own quotes and braces are the log's, not the message's.
 * A line that does not parse as one JSON object is left to the literal reader below.
 */
function jsonRecordLines(text: string): string {
  if (!text.includes('{"') && !text.includes('{ "')) return text;
  return text
    .split(/(\r\n|\r|\n)/)
    .map((line) => {
      const t = line.trim();
      if (!t.startsWith('{') || !t.endsWith('}')) return line;
      let record: unknown;
      try {
        record = JSON.parse(t);
      } catch {
        return line;
      }
      if (record === null || typeof record !== 'object' || Array.isArray(record)) return line;
      const messages = stringsOf(record).filter((v) => MESSAGE_DETECTOR.test(v.replace(/\s+/g, '')));
      return messages.length > 0 ? messages.join('\n') : line;
    })
    .join('');
}

/** Each string literal holding an escaped message, replaced by the message on lines of its own (its quotes gone: they are the log's or the repr's, not the message's). */
function unescapeMessageLines(text: string): string {
  if (!text.includes('\\')) return text;
  return text
    .split(/\r\n|\r|\n/)
    .map((raw) => {
      if (!raw.includes('\\')) return raw;
      // quotes as the page or word processor rendered them, read as the printer's (an escaped `\\”` is an escaped `\\"`)
      const l = QUOTE_FIXES.reduce((t, [re, to]) => t.replace(re, to), raw);
      let decoded = false;
      const out = l.replace(STRING_LITERAL, (whole: string, _q: string, body: string, close: string, at: number) => {
        // the source line that formats the message (`'… for {}:\\n\\t{}'.format(`) is code: it stays as it is
        if (FORMATTED_LITERAL.test(l.slice(at + whole.length, at + whole.length + 40)) || (/\bf$/.test(l.slice(Math.max(0, at - 2), at)) && /\{[^{}\n]+\}/.test(body))) return whole;
        if (KEY_ERROR_BEFORE.test(l.slice(Math.max(0, at - 20), at))) return whole;
        const message = escapedMessage(body);
        // a literal the line cut goes on at the next line: no break of its own after it
        if (message === null) return whole;
        decoded = true;
        return `\n${message}${close ? '\n' : ''}`;
      });
      // a message escaped once and pasted without its literal's quotes (its line breaks undone, `\\t` and `\\"` left:
      // BiRefNet-73) is not decoded: a terminal's wraps cut its escapes apart, and the readers take it as it stands
      return decoded ? out : raw;
    })
    .join('\n');
}

/**
 * A shell's prompt at a line's start, as a terminal copy shows it: bash's `user@host:~/dir$` (a conda or
 * venv name in parentheses before it), a bare `$ `, PowerShell's `PS C:\\dir>`, cmd's `C:\\dir>`.
 */
const SHELL_PROMPT = /^(?:\([\w.\-]+\)\s*)?(?:[\w.\-]+@[\w.\-]+(?::[^\s$#]*)?\s?[$#]|\$|PS [A-Za-z]:\\[^>\n]*>|[A-Za-z]:\\[^>\n]*>)(?:\s|$)/;

/**
 * A line of the poster's sentences: it starts with a word, holds three more words after spaces, and no dotted name or
 * traceback frame (`File "x.py", line 3`) is in it.
 */
const PROSE_LINE = /^(?![^\n]*(?:\w\.\w|File "))[A-Za-z][a-z']*(?: [A-Za-z][\w',?!:;-]*){3,}[\s\w',.?!:;()-]*$/;

/** How many Markdown quote levels a raw line carries (`> > text`: 2). */
function quoteDepth(line: string): number {
  const m = /^\s*(?:>[ \t]?)+/.exec(line);
  return m ? (m[0].match(/>/g) ?? []).length : 0;
}

/** A line's indentation in columns, a tab as four (Markdown's rule). */
function indentOf(line: string): number {
  const m = /^[ \t]*/.exec(line)![0];
  return m.replace(/\t/g, '    ').length;
}

/**
 * Where a pasted block ends by the Markdown around it, whatever its last line holds: a quote one level
 * deeper than the words after it (an e-mail reply quoting the issue, `> > …` then `> —`), and an
 * indented code block (four columns, opened after a blank line) that the poster's unindented words
 * close after a blank line. Each is the index of the block's last line with content.
 */
function markdownBlockEnds(raw: readonly string[]): number[] {
  const ends: number[] = [];
  const content = (k: number) => raw[k]!.replace(/^\s*(?:>[ \t]?)+/, '').trim() !== '';
  let prev = -1;
  let codeFrom = -1;
  for (let k = 0; k < raw.length; k++) {
    if (!content(k)) continue;
    if (prev >= 0 && quoteDepth(raw[k]!) < quoteDepth(raw[prev]!)) ends.push(prev);
    const indented = indentOf(raw[k]!) >= 4;
    if (indented && codeFrom < 0 && (prev < 0 || prev < k - 1)) codeFrom = k;
    else if (!indented && codeFrom >= 0) {
      // the words after a code block stand after a blank line; an unindented line right below an indented one is
      // the message's own layout (torch's tab-indented list heading above the list a paste wrapped)
      if (prev < k - 1) ends.push(prev);
      codeFrom = -1;
    }
    prev = k;
  }
  return ends;
}

/** A code fence at a line's start with the block's first line after it, a space apart (```` ```text , "layers.2…" ````). */
const FENCE_THEN_TEXT = /^([ \t]*(?:`{3,}|~{3,})[\w+-]*)[ \t]+(\S.*)$/;
/**
 * A block's last line with its closing fence after it, a space apart (`… "conv5.bias". ````): after a list's or a
 * message's last character only (a quote, a full stop, a bracket), not after a log record's head (`… ERROR ````,
 * a fence line of a prefixed paste, read as one by the prefix stripping).
 */
const TEXT_THEN_FENCE = /^(.*["'.,)\]}])[ \t]+(`{3,}|~{3,})[ \t]*$/;

/**
 * A paste that lost its line breaks (an issue title, a one-line field, a page without <pre>) keeps a code fence on the
 * line of the text it opened or closed: the fence goes back on a line of its own, so the block's first line starts a
 * line again (a list whose heading the paste cut starts inside a key there, which is how it is known as cut) and a
 * closing fence still ends the block.
 */
function unglueFences(text: string): string {
  if (!text.includes('```') && !text.includes('~~~')) return text;
  return text
    .split(/(\r\n|\r|\n)/)
    .map((l) => {
      const open = FENCE_THEN_TEXT.exec(l);
      const line = open ? open[2]! : l;
      const close = TEXT_THEN_FENCE.exec(line);
      const parts = close ? [close[1]!, close[2]!] : [line];
      return (open ? [open[1]!, ...parts] : parts).join('\n');
    })
    .join('');
}

/**
 * A double-quoted YAML scalar (a CI log's, a workflow's or a service's status `message: "…"`) holding an escaped
 * message, folded over lines. Inside it each line break is read as YAML reads it (YAML 1.2, 7.3.1): a backslash at the
 * line's end escapes the break (the lines join, the next one's indentation dropped: `… in state_dict: \"_fsdp…weight\",
 * \"\` + `        _fsdp_wrapped…`), a bare break folds to a space. A line as wide as the paste's widest was wrapped
 * by a terminal and joins as it stands; a backslash at a line's end before a line that starts with a quote escapes
 * that quote (a wrap fell between them). The scalar ends at its closing quote or a blank line. Only a literal opened
 * after a key and a colon whose first two lines hold a message's escape (`\n`, `\t`, `\"`) or a line-end backslash.
 */
const YAML_SCALAR_OPEN = /^[ \t]*(?:-[ \t]+)?[\w.\-]+:[ \t]*"/;
const ESCAPED_LINE_END = /(?<!\\)(?:\\\\)*\\$/;

/** Where an unescaped double quote closes a literal in `piece` (its first character escaped when `escaped`), or -1. */
function literalClose(piece: string, escaped: boolean): number {
  for (let k = escaped ? 1 : 0; k < piece.length; k++) {
    if (piece[k] === '\\') k++;
    else if (piece[k] === '"') return k;
  }
  return -1;
}

function joinYamlScalars(text: string): string {
  if (!text.includes('\\')) return text;
  const lines = text.split(/\r\n|\r|\n/);
  const widths = lines.map((l) => l.length);
  const widest = widths.reduce((m, w) => Math.max(m, w), 0);
  const wrapWidth = widest >= 40 && widths.filter((w) => w === widest).length >= 2 ? widest : -1;
  // what a line holds past a logger's, a launcher's or a quote's prefix (a long line: its start only), its quotes and
  // blanks as the printer wrote them (a rendered page's `“`, `&quot;`, no-break spaces)
  const norm = (raw: string): string => QUOTE_FIXES.reduce((t, [re, to]) => t.replace(re, to), raw).replace(/[\u00A0\u2007\u202F]/g, ' ');
  const strip = (l: string): string => stripLinePrefixes(l.length > 4000 ? l.slice(0, 4000) : l) + (l.length > 4000 ? l.slice(4000) : '');
  const bare = (raw: string): string => strip(norm(raw));
  const out: string[] = [];
  for (let k = 0; k < lines.length; k++) {
    const line = norm(lines[k]!);
    const content = strip(line);
    // the key may have gone with the prefix: a logger's fields end in a colon as a key does (`ERROR    message: "`)
    const keyInPrefix = content.startsWith('"') && /[\w.\-]+:[ \t]*$/.test(line.slice(0, line.length - content.length));
    const opened = YAML_SCALAR_OPEN.exec(content)?.[0].length ?? (keyInPrefix ? 1 : -1);
    const escapes = opened >= 0 && /\\[nt"]|\\$/.test(`${content.slice(0, 4000)}${bare(lines[k + 1] ?? '').slice(0, 4000)}`);
    if (!escapes || literalClose(content.slice(opened), false) >= 0) {
      out.push(lines[k]!);
      continue;
    }
    let joined = content;
    let j = k;
    while (j + 1 < lines.length && bare(lines[j + 1]!).trim() !== '') {
      const next = bare(lines[j + 1]!);
      const escapedBreak = ESCAPED_LINE_END.test(joined.slice(-200));
      let piece: string;
      let escaped = false;
      if (escapedBreak && next.startsWith('"')) {
        piece = next;
        escaped = true;
      } else if (escapedBreak) {
        joined = joined.slice(0, -1);
        piece = next.trimStart();
      } else if (widths[j] === wrapWidth || !/^[ \t]/.test(next)) {
        // a terminal's wrap, or a break no YAML fold makes (a fold's next line is indented): a break inside a token
        piece = next;
      } else {
        joined = joined.trimEnd();
        piece = ` ${next.trimStart()}`;
      }
      joined += piece;
      j++;
      if (literalClose(piece, escaped) >= 0) break;
    }
    // an escaped break before a blank line or the text's end: the paste stopped there
    if (ESCAPED_LINE_END.test(joined.slice(-200))) joined = joined.slice(0, -1);
    out.push(line.slice(0, line.length - content.length) + joined);
    k = j;
  }
  return out.join('\n');
}

/**
 * A quoted list item holding a blank between two runs of key characters (`'visual.tru nk.stages.2.blocks.26.gamma'`): a
 * terminal's wrap inside that key whose line break a flattening made a blank, with the Markdown quote's `>` that began
 * the next line when the paste was quoted (`"backb > one.layer1.residual_0.conv1.weight"`). Only where the run before
 * the blank ends in no parameter's name and the two joined do; a bare blank only where no other item of the line holds
 * one (keys with spaces in them, `'conv4.02 EncoderLayer.weight'`, hold one in every item), a quote's `>` (no key holds
 * one) wherever it stands.
 */
const QUOTED_ITEM = /(?<=^|[\s,[(])(['"])([^'"\n]*)\1(?=\s*[,\])]|\s*$|\.{2,}|…)/g;
const BLANK_IN_ITEM = /^([A-Za-z_][\w.\-]*)\s+(>\s+)?([\w.\-]+)$/;

function joinBlankInQuotedKey(line: string): string {
  if (!line.includes(' ')) return line;
  const items = [...line.matchAll(QUOTED_ITEM)].map((m) => m[2]!);
  if (items.length < 3) return line;
  const bare = items.filter((i) => /\s/.test(i) && BLANK_IN_ITEM.exec(i)?.[2] === undefined).length;
  const joined = (item: string): string | null => {
    const m = BLANK_IN_ITEM.exec(item);
    if (!m || (m[2] === undefined && bare !== 1)) return null;
    const [a, b] = [m[1]!, m[3]!];
    return !endsInLeaf(a) && endsInLeaf(a + b) && (a + b).includes('.') ? a + b : null;
  };
  return line.replace(QUOTED_ITEM, (all, q: string, item: string) => {
    const key = /\s/.test(item) ? joined(item) : null;
    return key === null ? all : q + key + q;
  });
}

export function cleanPaste(pasted: string): CleanPaste {
  const text = unescapeMessageLines(joinYamlScalars(jsonRecordLines(stripBareColours(unglueFences(pasted)))));
  const raw = text.split(/\r\n|\r|\n/);
  const numbered = stripSharedLogHead(stripLineNumbers(raw));
  // fences go before the characters are normalised (that removes every backtick, so ```python would stay as `python`)
  const fences = numbered.map((l) => FENCE.test(stripLinePrefixes(l).trim()));
  const prefixless = normaliseCharacters(numbered.map((l, k) => (fences[k] ? '' : l)).join('\n'))
    .split('\n')
    .map((l) => stripLinePrefixes(l).trim());
  const boxed = prefixless.map((l) => BOX_RULE.test(l) || BOX_SIDE.test(l));
  const lines = prefixless.map((l) => joinBlankInQuotedKey(joinPaddedRows(readThroughFrames(l).trim())));
  const blockEnds: number[] = [];
  const lastContent = (before: number): number => {
    let k = before - 1;
    while (k >= 0 && !lines[k]) k--;
    return k;
  };
  // fences pair up: the text before a closing one stops there (a block the poster or the excerpt
  // cut); before an opening one stands the poster's prose, which no cut ends. A fence with an info
  // string (```python) only opens; the text's last fence closes (an excerpt that kept a block's
  // close but not its open, or kept its open but not its close, pairs the rest the wrong way)
  const fenceAt = fences.flatMap((fence, k) => (fence ? [k] : []));
  let open = false;
  for (const k of fenceAt) {
    const info = /[\w+-]$/.test(stripLinePrefixes(numbered[k]!).trim());
    const closes: boolean = !info && (open || k === fenceAt[fenceAt.length - 1]);
    if (closes) blockEnds.push(lastContent(k));
    open = !closes;
  }
  // the poster's words in their own script (`请问这是什么原因？`) after a line without them: the pasted block
  // ended on the line before, however it ended (no fence needed)
  for (let k = 1; k < lines.length; k++) {
    if (WIDE.test(lines[k]!) && !WIDE.test(lines[k - 1]!)) blockEnds.push(lastContent(k));
  }
  for (const k of markdownBlockEnds(numbered)) blockEnds.push(lastContent(k + 1));
  // the poster's words after a blank line (a sentence: words and spaces, no key, no message heading, no traceback):
  // what stood above the blank line ended there, however it ended (a terminal never wraps into a blank line)
  for (let k = 2; k < lines.length; k++) {
    if (lines[k - 1] === '' && lines[k - 2] !== '' && PROSE_LINE.test(lines[k]!) && !MESSAGE_DETECTOR.test(lines[k]!.replace(/\s+/g, ''))) blockEnds.push(k - 2);
  }
  // a shell's prompt ends the output of the command before it, however that output ended
  for (let k = 1; k < lines.length; k++) if (SHELL_PROMPT.test(lines[k]!)) blockEnds.push(lastContent(k));
  const last = lastContent(lines.length);
  if (!blockEnds.includes(last)) blockEnds.push(last);
  // a box's lines are padded to its width by the printer, not wrapped there
  const rawWidths = raw.map((l, k) => (boxed[k] ? 0 : l.replace(ANSI, '').length));
  const joined = joinWrapsInKeys(lines, rawWidths);
  // a joined line's width is its last part's: where the terminal left it
  const widths = joined.lines.map(() => 0);
  joined.at.forEach((to, k) => (widths[to] = rawWidths[k]!));
  const ends = [...new Set(blockEnds.filter((k) => k >= 0).map((k) => joined.at[k]!))];
  return { lines: joined.lines, blockEnds: ends, widths, unwrapped: unwrap(joined.lines, widths) };
}

/** The text's lines with capture artefacts and logger prefixes removed, and outer whitespace trimmed. */
export function cleanLines(text: string): string[] {
  return cleanPaste(text).lines;
}
