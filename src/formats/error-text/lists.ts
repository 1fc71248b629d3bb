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

/** Characters no state-dict key holds: where one shows up inside quotes, the key was cut and prose follows. */
const NOT_IN_KEY = new Set(['(', ')', '[', ']', '{', '}', '<', '>', ';', '\n', '…']);
/** Longer than any real key even after a wrap glued pieces together: a quote that never closed. */
export const MAX_KEY = 4096;

/**
 * Read one quoted key starting after the opening quote at `i`. Returns the key and the index after the
 * closing quote, or `null` when the key was cut (an elision inside it, prose, the text's end).
 */
function readKey(s: string, i: number, q: string): { key: string; end: number } | null {
  const n = s.length;
  const stop = Math.min(n, i + 1 + MAX_KEY);
  for (let j = i + 1; j < stop; j++) {
    const ch = s[j]!;
    if (ch === q) return { key: s.slice(i + 1, j).replace(/\s+/g, ''), end: j + 1 };
    if (NOT_IN_KEY.has(ch) || (ch === '.' && s[j + 1] === '.')) return null;
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
      continue;
    }
    let q = s[i]!;
    if ((q === 'u' || q === 'b' || q === 'r') && (s[i + 1] === '"' || s[i + 1] === "'")) q = s[++i]!;
    if (q === close) return { keys, truncated, end: i + 1 };
    // not a key: before the first one this is not a list at all (a source line in a traceback);
    // after a comma the rest of the list is gone
    if (q !== '"' && q !== "'") return { keys, truncated: truncated || keys.length > 0, end: i };
    const key = readKey(s, i, q);
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
  const joined = r.keys.some((k) => k.includes(','));
  const keys = joined ? r.keys.flatMap((k) => k.split(',').filter((x) => x !== '')) : r.keys;
  return { ...r, keys, joined };
}

/** Keys of a repr'd set inside torch 0.1–0.3's KeyError text: quotes may be backslash-escaped. */
export function keysOfSetRepr(body: string): string[] {
  const keys: string[] = [];
  for (const m of body.matchAll(/\\?(['"])((?:(?!\\?\1).){0,4096}?)\\?\1/g)) keys.push(m[2]!.replace(/\s+/g, ''));
  return keys;
}

/** A bare key in an unquoted list: no spaces, quotes, brackets or commas. */
const BARE_KEY = /^[^\s"'()[\]{}<>,;]+$/;

/**
 * An unquoted comma-separated list (mmcv `a, b`, timm `(a, b)`, diffusers `a, b.`): keys until a token
 * that is not one (prose after the list). Quotes and a full stop glued to the last key are not part of it.
 */
export function readUnquotedList(body: string): { keys: string[]; truncated: boolean; stopped: boolean } {
  const keys: string[] = [];
  let truncated = false;
  const parts = body.split(',');
  for (let p = 0; p < parts.length; p++) {
    let k = parts[p]!.trim();
    if (p === parts.length - 1) k = k.replace(/["')\]]+$/, '');
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
    if (!BARE_KEY.test(k)) return { keys, truncated, stopped: true };
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
 * Expand brace groups into keys: fvcore's `a.{bias, weight}`, nested and repeated groups
 * (`heads.{cls, box}.{bias, weight}`, `a.{b.{x, y}, c}`), and transformers' layer runs `{0...11}`.
 * Returns `null` when the text is not a well-formed group (unbalanced, a space outside braces) or
 * would expand past `limit` keys. Linear in the text plus the keys it produces.
 */
export function expandBraces(text: string, limit = MAX_EXPANSION): string[] | null {
  let pos = 0;
  const n = text.length;
  const product = (left: string[], right: string[]): string[] | null => {
    if (left.length * right.length > limit) return null;
    const out: string[] = [];
    for (const l of left) for (const r of right) out.push(l + r);
    return out;
  };
  const alternatives = (): string[] | null => {
    const all: string[] = [];
    for (;;) {
      while (pos < n && text[pos] === ' ') pos++;
      const start = pos;
      const one = sequence(true);
      if (!one) return null;
      const written = text.slice(start, pos).trim();
      const range = /^(\d+)\s*\.\.\.\s*(\d+)$/.exec(written);
      if (range) {
        const lo = Number(range[1]);
        const hi = Number(range[2]);
        if (!(hi >= lo) || hi - lo >= limit) return null;
        for (let v = lo; v <= hi; v++) all.push(String(v));
      }
      else all.push(...one.map((x) => x.trim()));
      if (all.length > limit) return null;
      if (text[pos] === ',') {
        pos++;
        continue;
      }
      return all;
    }
  };
  const sequence = (inBraces: boolean): string[] | null => {
    let out: string[] | null = [''];
    while (pos < n) {
      const ch = text[pos]!;
      if (ch === '{') {
        pos++;
        const alts = alternatives();
        if (!alts || text[pos] !== '}') return null;
        pos++;
        out = product(out, alts);
        if (!out) return null;
      }
      else if (ch === '}' || ch === ',') {
        if (!inBraces) return null;
        break;
      }
      else {
        let j = pos;
        while (j < n && text[j] !== '{' && text[j] !== '}' && text[j] !== ',') j++;
        const lit = text.slice(pos, j);
        if (!inBraces && /\s/.test(lit)) return null;
        pos = j;
        out = out.map((o) => o + lit);
      }
    }
    return out;
  };
  const keys = sequence(false);
  if (!keys || pos !== n) return null;
  return keys;
}
