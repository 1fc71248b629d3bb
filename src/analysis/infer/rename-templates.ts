/**
 * Rename ops read as templates, to say two of them as one (merge-renames.ts). A generated pattern is a
 * run of dot-separated segments made of literal text and plain groups — `(\d+)`, `(^|\.)` or an
 * alternation of literal words (`(16|18|20)`, `(to_q|to_k)`) — and its replacement literal text with
 * `$N` / `${N…}` parts. Anything else (classes, quantifiers, nested groups) is no template: such an op is
 * never merged. A template renders back to exactly the pattern it was read from (checked), so what a
 * merge writes differs from its ops only where the merge says.
 */
import { escapeRegex, replacementParts } from './regex.js';
import { splitKey } from '../key-tokens.js';

export type Group = { group: 'digits' } | { group: 'start' } | { group: 'alt'; alts: string[] };
export type Atom = { lit: string } | Group;

export interface Template {
  anchored: boolean;
  end: boolean;
  /** the pattern cut at its literal dots; a trailing dot leaves an empty last segment */
  segments: Atom[][];
}

const WORD = /[A-Za-z0-9_\-:/ ]/;
const ALT = /^(?:[A-Za-z0-9_\-]|\\\.)+(?:\|(?:[A-Za-z0-9_\-]|\\\.)+)*$/;

/** templates read so far, by pattern (a merge pass reads each op's again for every pair it tries) */
const READ = new Map<string, Template | null>();
const READ_KEPT = 4096;

/** The template of a pattern, or null when it is not one a merge may rewrite (kept: treat as read-only). */
export function readTemplate(pattern: string): Template | null {
  let t = READ.get(pattern);
  if (t === undefined) {
    if (READ.size >= READ_KEPT) READ.clear();
    READ.set(pattern, (t = parseTemplate(pattern)));
  }
  return t;
}

/**
 * The longest literal text every name the pattern matches contains ('' when it has none or is no
 * template): a cheap `includes` before the regex, on every key.
 */
export function needleOf(pattern: string): string {
  const t = readTemplate(pattern);
  let best = '';
  if (t) for (const s of t.segments) for (const a of s) if ('lit' in a && a.lit.length > best.length) best = a.lit;
  return best;
}

function parseTemplate(pattern: string): Template | null {
  let i = 0;
  const anchored = pattern.startsWith('^');
  if (anchored) i = 1;
  let end = false;
  const atoms: Atom[] = [];
  const lit = (c: string) => {
    const last = atoms[atoms.length - 1];
    if (last && 'lit' in last) last.lit += c;
    else atoms.push({ lit: c });
  };
  for (; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '$' && i === pattern.length - 1) end = true;
    else if (c === '\\') {
      const next = pattern[i + 1];
      if (next === undefined || /[A-Za-z0-9]/.test(next)) return null;
      lit(next);
      i++;
    } else if (c === '(') {
      const close = pattern.indexOf(')', i);
      if (close < 0) return null;
      const body = pattern.slice(i + 1, close);
      if (body.includes('(') || /^[*+?{]/.test(pattern.slice(close + 1))) return null;
      if (body === '\\d+') atoms.push({ group: 'digits' });
      else if (body === '^|\\.') atoms.push({ group: 'start' });
      else if (ALT.test(body)) atoms.push({ group: 'alt', alts: body.split('|').map((a) => a.replace(/\\\./g, '.')) });
      else return null;
      i = close;
    } else if (WORD.test(c)) lit(c);
    else return null;
  }
  // literal dots cut segments; a group is never cut
  const segments: Atom[][] = [[]];
  for (const a of atoms) {
    if (!('lit' in a)) {
      segments[segments.length - 1]!.push(a);
      continue;
    }
    const parts = splitKey(a.lit);
    parts.forEach((p, k) => {
      if (k > 0) segments.push([]);
      if (p) segments[segments.length - 1]!.push({ lit: p });
    });
  }
  const t = { anchored, end, segments };
  return renderPattern(t) === pattern ? t : null;
}

function renderAtom(a: Atom): string {
  if ('lit' in a) return escapeRegex(a.lit);
  if (a.group === 'digits') return '(\\d+)';
  if (a.group === 'start') return '(^|\\.)';
  return `(${a.alts.map(escapeRegex).join('|')})`;
}

export function renderPattern(t: Template): string {
  return (t.anchored ? '^' : '') + t.segments.map((s) => s.map(renderAtom).join('')).join('\\.') + (t.end ? '$' : '');
}

export function groupsIn(segments: readonly Atom[][]): number {
  let n = 0;
  for (const s of segments) for (const a of s) if (!('lit' in a)) n++;
  return n;
}

function sameAtom(a: Atom, b: Atom): boolean {
  if ('lit' in a || 'lit' in b) return 'lit' in a && 'lit' in b && a.lit === b.lit;
  if (a.group !== b.group) return false;
  return a.group !== 'alt' || (b.group === 'alt' && a.alts.length === b.alts.length && a.alts.every((x, i) => x === b.alts[i]));
}

export function sameSegment(a: readonly Atom[], b: readonly Atom[]): boolean {
  return a.length === b.length && a.every((x, i) => sameAtom(x, b[i]!));
}

/** Where two templates differ: the segments both share at the head and at the tail, and the runs between. */
export interface Difference {
  head: number;
  tail: number;
  a: Atom[][];
  b: Atom[][];
}

export function differenceOf(x: Template, y: Template): Difference | null {
  if (x.anchored !== y.anchored || x.end !== y.end) return null;
  const n = Math.min(x.segments.length, y.segments.length);
  let head = 0;
  while (head < n && sameSegment(x.segments[head]!, y.segments[head]!)) head++;
  let tail = 0;
  while (tail < n - head && sameSegment(x.segments[x.segments.length - 1 - tail]!, y.segments[y.segments.length - 1 - tail]!)) tail++;
  return { head, tail, a: x.segments.slice(head, x.segments.length - tail), b: y.segments.slice(head, y.segments.length - tail) };
}

/** The text of segments that are literal only (joined by dots), or null. */
export function literalText(segments: readonly Atom[][]): string | null {
  const out: string[] = [];
  for (const s of segments) {
    let t = '';
    for (const a of s) {
      if (!('lit' in a)) return null;
      t += a.lit;
    }
    out.push(t);
  }
  return out.join('.');
}

/** The one group a run is made of (a single segment holding a single group), or null. */
export function soleGroup(segments: readonly Atom[][]): Group | null {
  if (segments.length !== 1 || segments[0]!.length !== 1) return null;
  const a = segments[0]![0]!;
  return 'lit' in a ? null : a;
}

/** A replacement with every group reference from `from` on moved up by one (a group inserted before them). */
export function shiftGroups(replacement: string, from: number): string {
  const parts = replacementParts(replacement);
  let out = '';
  parts.forEach((p, k) => {
    if (typeof p === 'string') {
      out += p.replace(/\$/g, '$$$$');
      return;
    }
    const group = typeof p === 'number' ? p : p.group;
    const g = group >= from ? group + 1 : group;
    const next = parts[k + 1];
    if (typeof p === 'number') out += typeof next === 'string' && /^\d/.test(next) ? `\${${g}}` : `$${g}`;
    else out += `\${${g}${p.steps.map(([op, n]) => `${op}${n}`).join('')}}`;
  });
  return out;
}

/**
 * The text two replacements differ in, widened to whole segments (a dot, an end, or a group reference on
 * each side): [start, end in a, end in b], or null when they are equal.
 */
export function replacementDifference(a: string, b: string): [number, number, number] | null {
  if (a === b) return null;
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let tail = 0;
  while (tail < a.length - start && tail < b.length - start && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const boundaryBefore = (s: string, i: number) => i === 0 || s[i - 1] === '.' || s[i - 1] === '}' || /\$\d{1,2}$/.test(s.slice(0, i));
  while (start > 0 && !boundaryBefore(a, start)) start--;
  let endA = a.length - tail;
  let endB = b.length - tail;
  const boundaryAfter = (s: string, i: number) => i === s.length || s[i] === '.' || s[i] === '$';
  while (endA < a.length && endB < b.length && !(boundaryAfter(a, endA) && boundaryAfter(b, endB))) {
    endA++;
    endB++;
  }
  return [start, endA, endB];
}

type RenameOp = { op: 'rename'; pattern: string; replacement: string };

/**
 * One rename saying what two say, placed where the first stands — a candidate only: merge-renames.ts
 * keeps it when the whole pipeline then names every key as before. Three ways:
 *   - the same replacement over two alternations of one segment: their union (`(16|18)` and `(15|17)`);
 *   - a literal segment where the other op has a group: the group takes it (`blocks.5.` into
 *     `blocks.(6|8).`, `5` into `(\d+)`), the group's op's replacement for both;
 *   - literal segments that the replacements copy where they differ (`to_q` → `to_q`, `to_k` → `to_k`):
 *     captured as one alternation and copied by its group (`(to_q|to_k)` → `$3`).
 */
export function mergedRename(x: RenameOp, y: RenameOp): RenameOp | null {
  const tx = readTemplate(x.pattern);
  const ty = readTemplate(y.pattern);
  if (!tx || !ty) return null;
  const d = differenceOf(tx, ty);
  if (!d || (d.a.length === 0 && d.b.length === 0)) return null;
  const gx = soleGroup(d.a);
  const gy = soleGroup(d.b);
  const withSegment = (t: Template, seg: Atom[]): string => renderPattern({ ...t, segments: [...t.segments.slice(0, d.head), seg, ...t.segments.slice(t.segments.length - d.tail)] });
  if (gx && gy) {
    if (x.replacement !== y.replacement) return null;
    if (gx.group === 'alt' && gy.group === 'alt') return { op: 'rename', pattern: withSegment(tx, [{ group: 'alt', alts: union(gx.alts, gy.alts) }]), replacement: x.replacement };
    if (gx.group === 'digits' && gy.group === 'alt' && gy.alts.every(isIndex)) return { op: 'rename', pattern: x.pattern, replacement: x.replacement };
    if (gy.group === 'digits' && gx.group === 'alt' && gx.alts.every(isIndex)) return { op: 'rename', pattern: y.pattern, replacement: y.replacement };
    return null;
  }
  const bx = literalText(d.a);
  const by = literalText(d.b);
  // a group on one side, literal text on the other: the group's op, taking that text too
  const taking = (g: Group, t: Template, op: RenameOp, text: string): RenameOp | null => {
    if (g.group === 'start' || text === '') return null;
    if (g.group === 'digits') return isIndex(text) ? { op: 'rename', pattern: op.pattern, replacement: op.replacement } : null;
    // an alternation of indices takes an index (its replacement may compute with it), no other text
    if (g.alts.every(isIndex) && !isIndex(text)) return null;
    return { op: 'rename', pattern: withSegment(t, [{ group: 'alt', alts: union(g.alts, [text]) }]), replacement: op.replacement };
  };
  if (gx && by !== null) return taking(gx, tx, x, by);
  if (gy && bx !== null) return taking(gy, ty, y, bx);
  if (bx === null || by === null || bx === '' || by === '') return null;
  const r = replacementDifference(x.replacement, y.replacement);
  if (!r) return null;
  const [start, endX, endY] = r;
  if (x.replacement.slice(start, endX) !== bx || y.replacement.slice(start, endY) !== by) return null;
  const g = groupsIn(tx.segments.slice(0, d.head)) + 1;
  const after = shiftGroups(x.replacement.slice(endX), g);
  const replacement = `${shiftGroups(x.replacement.slice(0, start), g)}${/^\d/.test(after) ? `\${${g}}` : `$${g}`}${after}`;
  return { op: 'rename', pattern: withSegment(tx, [{ group: 'alt', alts: [bx, by] }]), replacement };
}

function isIndex(s: string): boolean {
  return /^\d+$/.test(s);
}

/** Two alternations' words, each once; numbers in numeric order when all are numbers. */
function union(a: readonly string[], b: readonly string[]): string[] {
  const all = [...new Set([...a, ...b])];
  return all.every(isIndex) ? all.sort((p, q) => Number(p) - Number(q)) : all;
}

/**
 * What a rename writes at its end: the literal text after its pattern's last group and after its
 * replacement's last group reference (`m.` → `block.` for both `^stages\.(\d+)\.m\.` → `stages.$1.block.`
 * and `(^|\.)m\.` → `$1block.`). Two ops with the same edit may make one of them unneeded.
 */
export function editOf(op: RenameOp): string | null {
  const t = readTemplate(op.pattern);
  if (!t) return null;
  let from = '';
  t.segments.forEach((s, k) => {
    if (k > 0) from += '.';
    for (const a of s) from = 'lit' in a ? from + a.lit : '';
  });
  const parts = replacementParts(op.replacement);
  let to = '';
  for (const p of parts) to = typeof p === 'string' ? to + p : '';
  from = from.replace(/^\./, '');
  to = to.replace(/^\./, '');
  return from ? `${from}\u0000${to}` : null;
}
