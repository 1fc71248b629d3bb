/**
 * Readers for the key lists inside error texts, each linear in what it reads: PyTorch's quoted
 * `"a", "b".`, Python list/set reprs `['a', 'b']`, unquoted comma lists (mmcv, timm, diffusers) and
 * fvcore's brace groups `a.{bias, weight}`.
 */

export interface ListResult {
  keys: string[];
  /** the list was cut short: an elision, an unterminated key, the text ending inside it */
  truncated: boolean;
  /** where reading stopped */
  end: number;
}

const ELLIPSIS = /^(?:\.{2,}|…|\[\s*(?:\.{2,}|…)\s*\])/;
export const ELLIPSIS_TOKEN = /^(?:\.{2,}|…)$/;

/**
 * Characters that end a quoted key wherever they appear: a line break, an elision. (`..` is checked
 * apart.) A key holding one was cut by the paste.
 */
const CUT_IN_KEY = new Set(['\n', '…']);
/**
 * Characters of the scripts and punctuation a poster writes around a paste in Chinese, Japanese or Korean
 * (ideographs, kana, Hangul, the full-width `，：？（）！`). A state-dict key is a dotted path of Python
 * attribute names and indices, which models write in ASCII: a run that holds one is the poster's words
 * glued to a key the paste cut (`bbox_head.1` + `请问这是什么原因`), never a key.
 */
export const WIDE_SCRIPT = '\\u2E80-\\u9FFF\\uAC00-\\uD7AF\\uF900-\\uFAFF\\uFF00-\\uFFEF';
const WIDE = new RegExp(`[${WIDE_SCRIPT}]`);
/**
 * Characters no real state-dict key holds. One inside quotes usually means the key was cut and prose
 * follows, so such a quoted string is a key only when the list goes on right after it (`,` or the
 * list's close): then it is an item the list really holds (a heading quoted as a key, say), and reading
 * it whole is what keeps a list full of such items to one pass.
 */
const NOT_IN_KEY = new Set(['(', ')', '[', ']', '{', '}', '<', '>', ';']);
const SPACE_AFTER_KEY_CHAR = /[^\s,]\s/;
/** Longer than any real key (torch.save writes keys of thousands of segments, ~30k characters at 5,000) even after a wrap glued pieces together: a quote that never closed. */
export const MAX_KEY = 65_536;

/**
 * Read one quoted key starting after the opening quote at `i`, in a list closed by `close`. Returns
 * the key and the index after the closing quote, or `null` when the key was cut (an elision inside
 * it, prose, the text's end). Scans at most MAX_KEY characters, and only up to the next quote of its
 * kind, so consecutive keys never scan the same text twice.
 */
function readKey(s: string, i: number, q: string, close: string): { key: string; end: number } | null {
  const n = s.length;
  const stop = Math.min(n, i + 1 + MAX_KEY);
  let odd = false;
  for (let j = i + 1; j < stop; j++) {
    const ch = s[j]!;
    if (ch === q) {
      const raw = s.slice(i + 1, j);
      // a space inside the quotes after a key's character (after a comma it is diffusers' joined
      // string `'a, b'`): as for NOT_IN_KEY, when the list does not go on, the key was cut and the next
      // record was glued on (`"bn.running_va` + `File "train.py"`, a paste that repeats its traceback)
      if (odd || SPACE_AFTER_KEY_CHAR.test(raw)) {
        let k = j + 1;
        while (k < n && (s[k] === ' ' || s[k] === '\t')) k++;
        if (s[k] !== ',' && s[k] !== close) return null;
      }
      return { key: canonicalKey(raw), end: j + 1 };
    }
    if (CUT_IN_KEY.has(ch) || (ch === '.' && s[j + 1] === '.') || (ch > '\u2E7F' && WIDE.test(ch))) return null;
    if (NOT_IN_KEY.has(ch)) odd = true;
  }
  return null;
}

/**
 * Read quoted keys starting at `pos`: `"a", "b".` (PyTorch) or `'a', 'b']` (a Python list).
 * `close` is the character that ends the list. Whitespace inside quotes is dropped: keys have none,
 * and a wrapped key may have picked some up from padding.
 */
export function readQuotedList(s: string, pos: number, close: string): ListResult {
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
      // an elision of any length (`.................`): the match sees 8 characters, a lone `.` left after it is no key
      while (i < n && (s[i] === '.' || s[i] === '…')) i++;
      continue;
    }
    let q = s[i]!;
    if ((q === 'u' || q === 'b' || q === 'r') && (s[i + 1] === '"' || s[i + 1] === "'")) q = s[++i]!;
    if (q === close) return { keys, truncated, end: i + 1 };
    // not a key: before the first one this is not a list at all (a source line in a traceback);
    // after a comma the rest of the list is gone
    if (q !== '"' && q !== "'") return { keys, truncated: truncated || keys.length > 0, end: i };
    const key = readKey(s, i, q, close);
    if (!key) return { keys, truncated: true, end: i + 1 };
    keys.push(key.key);
    i = key.end;
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

/**
 * A Python list or set literal's keys at `pos` (spaces allowed before `[` or `{`), or `null` when no
 * list starts there. diffusers joins its keys into one string (`['a, b, c']`): such a string is split.
 */
export function readPythonList(s: string, pos: number): (ListResult & { joined: boolean }) | null {
  let i = pos;
  while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i++;
  const open = s[i];
  if (open !== '[' && open !== '{') return null;
  const r = readQuotedList(s, i + 1, open === '{' ? '}' : ']');
  // a comma inside a key's repr group (`block_expansion_('a', 'b')`) joins no keys
  const joined = r.keys.some((k) => splitItems(k).length > 1);
  const keys = joined ? r.keys.flatMap((k) => splitItems(k).filter((x) => x !== '')) : r.keys;
  return { ...r, keys, joined };
}

/** Keys of a repr'd set inside torch 0.1–0.3's KeyError text: quotes may be backslash-escaped. */
export function keysOfSetRepr(body: string): string[] {
  const keys: string[] = [];
  for (const m of body.matchAll(/\\?(['"])((?:(?!\\?\1).){0,4096}?)\\?\1/g)) keys.push(m[2]!.replace(/\s+/g, ''));
  return keys;
}

/** A bare key in an unquoted list: no spaces, quotes, brackets or commas. */
const BARE_KEY = new RegExp(`^[^\\s"'()[\\]{}<>,;${WIDE_SCRIPT}]+$`);

/**
 * A module name may hold any character but `.` (torch's add_module refuses only that and the empty name), and
 * some libraries build names from a repr: e2cnn/escnn name a basis expansion's buffers after the tuple of its
 * field types (`conv1._basisexpansion.block_expansion_('irrep_0', 'regular').sampled_basis`) and an
 * InnerBatchNorm's norms after a list (`bn1.batch_norm_[8].weight`), as a ModuleDict keyed by str(tuple) does.
 * Such a group is glued to the name before it and holds what a tuple or list repr holds (quoted strings,
 * numbers, names, `, ` between them): a comma inside it separates no keys.
 */
const REPR_ITEM = `(?:'[^'\\n]{0,256}'|"[^"\\n]{0,256}"|[\\w.+-]{1,256})`;
const REPR_GROUP = `(?:\\((?:${REPR_ITEM}(?:\\s*,\\s*${REPR_ITEM})*\\s*,?)?\\s*\\)|\\[(?:${REPR_ITEM}(?:\\s*,\\s*${REPR_ITEM})*\\s*,?)?\\s*\\])`;
const NAME_RUN = `[^\\s"'()[\\]{}<>,;${WIDE_SCRIPT}]`;
/** A key holding repr groups (none of its characters is outside a name run or a group), as written or wrapped. */
const REPR_KEY = new RegExp(`^${NAME_RUN}+(?:${REPR_GROUP}${NAME_RUN}*)+$`);
/** A repr group starting here (sticky), for the list splitter. */
const REPR_GROUP_AT = new RegExp(REPR_GROUP, 'y');
/** A repr group the text ends inside (sticky): whole items, then part of one. */
const REPR_GROUP_CUT = new RegExp(`[([](?:${REPR_ITEM}\\s*,\\s*)*(?:'[^'\\n]{0,256}|"[^"\\n]{0,256}|[\\w.+-]{0,256})\\s*$`, 'y');
/** How far past a glued bracket the text may end and still be a repr group the paste cut. */
const MAX_GROUP = 1024;

/**
 * The key as the model names it: white space a wrap or padding put into it dropped, except that inside a repr
 * group a comma is followed by one space, as Python's repr writes it (`('irrep_0', 'regular')`, `('a',)`).
 */
export function canonicalKey(raw: string): string {
  const bare = raw.replace(/\s+/g, '');
  if (!bare.includes('(') && !bare.includes('[')) return bare;
  return bare.replace(/[([][^()[\]]*[)\]]/g, (g) => g.replace(/,(?![)\]])/g, ', '));
}

/**
 * A comma-separated list split at its commas, except those inside a repr group glued to a key (REPR_GROUP).
 * `cut` is true when the text ends inside such a group: the last item is a key the paste cut.
 */
export function splitItems(body: string): string[] & { cut?: boolean } {
  const parts: string[] & { cut?: boolean } = [];
  let from = 0;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch === ',') {
      parts.push(body.slice(from, i));
      from = i + 1;
    }
    else if ((ch === '(' || ch === '[') && i > from && !/[\s,]/.test(body[i - 1]!)) {
      REPR_GROUP_AT.lastIndex = i;
      if (REPR_GROUP_AT.test(body)) i = REPR_GROUP_AT.lastIndex - 1;
      else if (body.length - i <= MAX_GROUP && (REPR_GROUP_CUT.lastIndex = i, REPR_GROUP_CUT.test(body))) {
        // the text ends inside the group: the rest is one key, cut
        parts.push(body.slice(from));
        parts.cut = true;
        return parts;
      }
    }
  }
  parts.push(body.slice(from));
  return parts;
}

/**
 * An unquoted comma-separated list (mmcv `a, b`, timm `(a, b)`, diffusers `a, b.`): keys until a token
 * that is not one (prose after the list). Quotes and a full stop glued to the last key are not part of it.
 */
export function readUnquotedList(body: string): { keys: string[]; truncated: boolean; stopped: boolean } {
  const keys: string[] = [];
  let truncated = false;
  const parts = splitItems(body);
  for (let p = 0; p < parts.length; p++) {
    let k = parts[p]!.trim();
    if (p === parts.length - 1 && parts.cut) return { keys, truncated: true, stopped: false };
    if (p === parts.length - 1 && !REPR_KEY.test(k)) k = k.replace(/["')\]]+$/, '');
    if (!k) continue;
    if (ELLIPSIS_TOKEN.test(k)) {
      truncated = true;
      continue;
    }
    const glued = /^(.*?[^.])(\.{2,}|…)$/.exec(k);
    if (glued) {
      // `a.weight...`: the key may be whole or cut; only the elision is sure
      truncated = true;
      continue;
    }
    if (!BARE_KEY.test(k) && REPR_KEY.test(k)) {
      keys.push(canonicalKey(k));
      continue;
    }
    if (!BARE_KEY.test(k)) {
      const [first, ...rest] = k.split(/\s+/);
      // an elision, then the poster's words (`hand_pose_comps_ori, .... with the list including …`): the list
      // was cut there, and the elision is no key
      if (first !== undefined && ELLIPSIS_TOKEN.test(first)) return { keys, truncated: true, stopped: true };
      // one key with one space inside, and the list going on with a dotted key after it: a line break the paste
      // turned into a space (a flattened paste: `model.clip.visual.transformer.resblo cks.0.ln_2.bias`). A wider gap
      // is a terminal's padded columns side by side (error-text/clean.ts joinPaddedRows), not one key
      // (the next key may hold a repr group, `bn2.batch_norm_[8].weight`: it is a key all the same)
      const next = parts[p + 1]?.trim() ?? '';
      if (rest.length === 1 && / \S+$/.test(k) && !/\s{2,}|\t/.test(k) && first !== undefined && BARE_KEY.test(first) && BARE_KEY.test(rest[0]!) && next.includes('.') && (BARE_KEY.test(next) || REPR_KEY.test(next))) {
        keys.push(first + rest[0]!);
        continue;
      }
      // the last key, then the poster's own words on the same line (`…norm0.bias 加载swin时…`): the
      // list ends with that key
      if (rest.length > 0 && first !== undefined && first.includes('.') && BARE_KEY.test(first)) keys.push(first);
      return { keys, truncated, stopped: true };
    }
    keys.push(k);
  }
  return { keys, truncated, stopped: false };
}

/** More keys than one group line can honestly stand for. */
const MAX_EXPANSION = 100_000;

/**
 * Is `text` one brace group (`a.{b, c}.d`, nested allowed) with no space outside its braces? Checks
 * the shape without expanding it, so a pathological line costs its length, not its product.
 */
export function isBraceGroup(text: string): boolean {
  let depth = 0;
  for (let k = 0; k < text.length; k++) {
    const ch = text[k]!;
    if (ch === '{') depth++;
    else if (ch === '}') {
      if (--depth < 0) return false;
    }
    else if (depth === 0 && (ch === ',' || /\s/.test(ch))) return false;
  }
  return depth === 0 && text.includes('{');
}

/**
 * What a brace group is computed in: `walkBraces` parses once and asks the algebra for the value, so
 * the same walk counts a group's keys (numbers) without making them, or makes them (string arrays).
 */
interface BraceAlgebra<T> {
  /** the empty sequence */
  one(): T;
  literal(x: T, text: string): T;
  /** `{lo...hi}` (transformers' layer runs) */
  range(lo: number, hi: number): T;
  /** another alternative of the same group; may reuse `a` */
  sum(a: T, b: T): T;
  /** a sequence followed by a group */
  times(a: T, b: T): T;
}

const COUNT: BraceAlgebra<number> = {
  one: () => 1,
  literal: (x) => x,
  // digits past 2^1024 read as Infinity; Infinity - Infinity must not make NaN
  range: (lo, hi) => (Number.isFinite(hi) ? hi - lo + 1 : Infinity),
  sum: (a, b) => a + b,
  times: (a, b) => a * b,
};

const KEYS: BraceAlgebra<string[]> = {
  one: () => [''],
  literal: (x, text) => (text ? x.map((o) => o + text) : x),
  range: (lo, hi) => {
    const out: string[] = [];
    for (let v = lo; v <= hi; v++) out.push(String(v));
    return out;
  },
  sum: (a, b) => {
    for (const k of b) a.push(k);
    return a;
  },
  times: (a, b) => {
    const out: string[] = [];
    for (const l of a) for (const r of b) out.push(l + r);
    return out;
  },
};

const RANGE = /^(\d+)\s*\.\.\.\s*(\d+)$/;

interface BraceFrame<T> {
  /** the alternatives of this group read so far */
  alts: T | null;
  /** the alternative being read */
  seq: T;
  /** where it starts, and whether a group opened inside it (then it is no `{a...b}` range) */
  start: number;
  nested: boolean;
}

/**
 * Parse `text` as literals and brace groups, with an explicit stack (no recursion: a row of 100,000
 * `{` must not overflow the call stack), and compute its value in `algebra`. `null` when the text is
 * not a well-formed group: unbalanced, a space outside braces, a range running backwards. Spaces at
 * an alternative's edges are not part of it. Linear in the text plus the work the algebra does.
 */
function walkBraces<T>(text: string, algebra: BraceAlgebra<T>): T | null {
  const n = text.length;
  const stack: BraceFrame<T>[] = [];
  let cur: BraceFrame<T> = { alts: null, seq: algebra.one(), start: 0, nested: false };
  const skipSpace = (at: number): number => {
    while (at < n && /\s/.test(text[at]!)) at++;
    return at;
  };
  let pos = 0;
  while (pos < n) {
    const ch = text[pos]!;
    if (ch === '{') {
      cur.nested = true;
      stack.push(cur);
      pos = skipSpace(pos + 1);
      cur = { alts: null, seq: algebra.one(), start: pos, nested: false };
    }
    else if (ch === ',' || ch === '}') {
      if (stack.length === 0) return null;
      let value = cur.seq;
      if (!cur.nested) {
        // only an alternative with no group inside is sliced: those never overlap, so this stays linear
        const range = RANGE.exec(text.slice(cur.start, pos).trimEnd());
        if (range) {
          const lo = Number(range[1]);
          const hi = Number(range[2]);
          if (!(hi >= lo)) return null;
          value = algebra.range(lo, hi);
        }
      }
      cur.alts = cur.alts === null ? value : algebra.sum(cur.alts, value);
      if (ch === ',') {
        pos = skipSpace(pos + 1);
        cur.seq = algebra.one();
        cur.start = pos;
        cur.nested = false;
      }
      else {
        const parent = stack.pop()!;
        parent.seq = algebra.times(parent.seq, cur.alts);
        cur = parent;
        pos++;
      }
    }
    else {
      let j = pos;
      while (j < n && text[j] !== '{' && text[j] !== '}' && text[j] !== ',') j++;
      let lit = text.slice(pos, j);
      if (stack.length === 0 && /\s/.test(lit)) return null;
      if (stack.length > 0 && j < n && text[j] !== '{') lit = lit.trimEnd();
      cur.seq = algebra.literal(cur.seq, lit);
      pos = j;
    }
  }
  return stack.length === 0 ? cur.seq : null;
}

/**
 * How many keys a brace group stands for, and the keys when that is at most `limit` (else `keys` is
 * `null`: the caller decides whether too many is an error or a bound reached). `null` when the text is
 * not a well-formed group. The count is taken before any key is made, so `{0...99999}.{0...99999}`
 * costs its length, not its product.
 */
export function braceExpansion(text: string, limit = MAX_EXPANSION): { count: number; keys: string[] | null } | null {
  const count = walkBraces(text, COUNT);
  if (count === null) return null;
  return { count, keys: count > limit ? null : walkBraces(text, KEYS) };
}

/**
 * Expand brace groups into keys: fvcore's `a.{bias, weight}`, nested and repeated groups
 * (`heads.{cls, box}.{bias, weight}`, `a.{b.{x, y}, c}`), and transformers' layer runs `{0...11}`,
 * left to right (`{0...1}.{0...1}` gives `0.0, 0.1, 1.0, 1.1`). Returns `null` when the text is not a
 * well-formed group (unbalanced, a space outside braces) or would expand past `limit` keys.
 */
export function expandBraces(text: string, limit = MAX_EXPANSION): string[] | null {
  return braceExpansion(text, limit)?.keys ?? null;
}
