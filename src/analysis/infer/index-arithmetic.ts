/**
 * Step 6b′: renames whose indices change by arithmetic. What the general renames of rename-ops.ts cannot
 * reach — a stage's downsample moving to the next stage (`layers.{i}.downsample` → `layers.{i+1}…`), a
 * flat list regrouped into stages (`blocks.{i}` → `stages.{i//3}.blocks.{i%3}`), 1-based names re-based —
 * would otherwise end as one exact rename per key. Here those pairs are grouped by the shape of the part
 * that changes (the heads before a common tail, indices generalised), every target index is fitted as a
 * function of one source index (offset, floor division, modulo, or a constant), and one templated rename
 * (plan version 2: `${1+1}`, `${1//3}`, `${1%3}`) is proposed per group. When one function does not fit
 * the whole group, the group is cut by the target's leading index (a stage) and each part fitted alone,
 * its source indices listed in the pattern. The caller takes a proposal only when it is safe on every key.
 */
import { indexedSegment, innerIndexedSegment, type IndexedSegment } from '../key-tokens.js';
import { escapeRegex } from './regex.js';

export interface ArithmeticProposal {
  pattern: string;
  replacement: string;
  /** the ids (caller's numbering) it is meant to move */
  ids: number[];
  /**
   * a target index is computed from a source index (an offset, a floor division, a modulo) or carried
   * to a name it was not glued to (`s1` → `layer1`): what the general renames cannot say, so it goes
   * before them; the rest only helps what they leave
   */
  arithmetic: boolean;
}

/**
 * `div` is ⌊(x − pre) / k⌋ + offset: a flat list whose stage starts mid-way (LeViT's `blocks.7`…`12`
 * → `stages.1.blocks.{(i−7)//2}`) needs the shift before the division.
 */
type Fn = { kind: 'const'; value: number } | { kind: 'affine'; from: number; offset: number } | { kind: 'scale'; from: number; k: number; offset: number } | { kind: 'div'; from: number; k: number; pre: number; offset: number } | { kind: 'mod'; from: number; k: number; offset: number };

interface Member {
  id: number;
  src: number[];
  tgt: number[];
  /** the name's tokens; its tail (after the heads) from `heads` on: no slice per key */
  tokens: readonly IndexedSegment[];
  heads: number;
  /**
   * (src, tgt) numbered within the member's group (equal tuples, one number, one pair of arrays shared),
   * so distinctPoints reads a number, not the tuples; -1 on members cut to fewer indices (compared by value)
   */
  point: number;
}

/** Divisors tried for regrouping: stage sizes in real models stay small. */
const MAX_GROUP = 64;
/**
 * A division or modulo is read from at least this many distinct source indices: through two points
 * many functions pass (`blocks.5`, `blocks.14` → stages 1, 2 is `i // 8 + 1` and `i % 4` alike), and
 * a rule the evidence does not single out would read as the converter's when it is a coincidence.
 */
const MIN_POINTS_FOR_REGROUPING = 3;
/**
 * Slopes tried for an index read inside a name (`Conv2d_{i}_depthwise` → `layer.{2i−2}`: a list of pairs
 * flattened into one): interleaved module kinds come two or three to a block, and a slope is read from
 * MIN_POINTS_FOR_REGROUPING distinct indices at least, as a division is.
 */
const MAX_SCALE = 4;

/**
 * What one call of arithmeticRenames has established so far: the divisors of regroupings read from at
 * least MIN_POINTS_FOR_REGROUPING points, anywhere in the conversion. A group of two points one such stride apart (LeViT's stage 0,
 * `blocks.{0,2}` → `stages.0.blocks.{0,1}`, beside stages 1 and 2 that prove `//2` on three and four
 * points) is then the same regrouping, not a coincidence: through two points one stride apart, the
 * proven divisor is the one reading the rest of the conversion confirms. It also reads LeViT's
 * `m.{0,2}` → `mlp.ln{1,2}` (a Sequential whose activation holds index 1) as that stride; either way
 * the caller takes a proposal only where it is right on every key.
 */
interface FitContext {
  /** the list each source index of the group counts in (`blocks{}`, `blocks{}.m{}`): what a divisor is proven on */
  lists: readonly string[];
  /** for each target index of the group, whether it is glued to a name (`ln1`, `ln2`) rather than a list's own (`head.0`) */
  glued: readonly boolean[];
  /** divisors proven by enough points, keyed by the source list they were proven on (provenKey; read) */
  proven: ReadonlySet<string>;
  /** divisors fitted on enough points in this pass, keyed the same (written) */
  found: Set<string>;
  /** slopes may be fitted (`${1*2-2}`): only on indices read inside a name (innerPass) */
  scaled?: boolean;
}

/**
 * A divisor proven on one list says nothing of another list: `blocks.i` → `stages.{i//2}` does not make
 * `heads.{4,6}` → `head.{0,1}` a regrouping by two (only a coincidence of two points).
 */
const provenKey = (list: string, k: number) => `${list}\u0000${k}`;

/**
 * Whether stride k is proven for source index s going to target index t: on the same list; or, for a
 * target index glued to a name (LeViT's `m.{0,2}` → `mlp.ln{1,2}`, a Sequential whose activation holds
 * index 1: numbered names of one module, not a list of its own), anywhere in the conversion.
 */
function strideProven(ctx: FitContext, s: number, t: number, k: number): boolean {
  if (ctx.proven.has(provenKey(ctx.lists[s]!, k))) return true;
  if (!ctx.glued[t]) return false;
  const tail = provenKey('', k);
  for (const p of ctx.proven) if (p.endsWith(tail)) return true;
  return false;
}

/** The FitContext of a group with these heads. */
const contextOf = (hs: readonly IndexedSegment[], ht: readonly IndexedSegment[], proven: ReadonlySet<string>, found: Set<string>): FitContext => ({
  lists: listsOf(hs),
  glued: ht.filter((x) => x.index !== null).map((x) => x.stem !== ''),
  proven,
  found,
});

/** For each indexed segment of a source head, the list it indexes: the head up to it, its indices elided. */
function listsOf(hs: readonly IndexedSegment[]): string[] {
  const out: string[] = [];
  hs.forEach((seg, i) => {
    if (seg.index !== null) out.push(templ(hs.slice(0, i + 1)));
  });
  return out;
}

/**
 * A segment read once: its token, and its text in a template (`blocks{}`) as a number (`tpl`: one per
 * distinct text). Shared: never changed.
 */
interface Token extends IndexedSegment {
  readonly tpl: number;
}

/**
 * Splits names into tokens, each distinct segment read once: at 100,000 keys the pairs repeat a few
 * thousand segments, and a token object per segment per key was a third of the grouping's time. Each
 * reader keeps the tokens of the name it read before: the segments a name shares with it (neighbouring
 * keys share most of their head) are taken from there, not split and looked up again.
 */
function tokenizer(inner = false): () => (name: string) => readonly Token[] {
  const seen = new Map<string, Token>();
  const tpls = new Map<string, number>();
  const tokenOf = (seg: string): Token => {
    let t = seen.get(seg);
    if (t === undefined) {
      let x = indexedSegment(seg);
      if (inner && x.index === null) x = innerIndexedSegment(seg) ?? x;
      const text = textOf(x);
      let tpl = tpls.get(text);
      if (tpl === undefined) tpls.set(text, (tpl = tpls.size));
      seen.set(seg, (t = x.rest === undefined ? { stem: x.stem, index: x.index, tpl } : { stem: x.stem, index: x.index, rest: x.rest, tpl }));
    }
    return t;
  };
  return () => {
    let prev = '';
    let prevTokens: readonly Token[] = [];
    return (name) => {
      if (name === prev) return prevTokens;
      // whole segments (through their dot) the name shares with the one before
      let shared = 0;
      let from = 0;
      for (let i = 0; i < name.length && i < prev.length; i++) {
        const c = name.charCodeAt(i);
        if (c !== prev.charCodeAt(i)) break;
        if (c === DOT) {
          shared++;
          from = i + 1;
        }
      }
      const out = prevTokens.slice(0, shared);
      for (;;) {
        const dot = name.indexOf('.', from);
        out.push(tokenOf(dot < 0 ? name.slice(from) : name.slice(from, dot)));
        if (dot < 0) break;
        from = dot + 1;
      }
      prev = name;
      prevTokens = out;
      return out;
    };
  };
}
const DOT = 46;
const sameToken = (a: IndexedSegment, b: IndexedSegment) => a.stem === b.stem && a.index === b.index && a.rest === b.rest;

/**
 * How many segments the name and its goal share at the end: the common tail is literal, so a whole
 * index in it would be one the rename must carry, and it ends there; a segment with a glued index the
 * same on both sides (`norm1`) is a module's own name.
 */
function commonTail(a: readonly Token[], b: readonly Token[]): number {
  let n = 0;
  while (n < a.length - 1 && n < b.length - 1 && sameToken(a[a.length - 1 - n]!, b[b.length - 1 - n]!) && a[a.length - 1 - n]!.stem !== '') n++;
  return n;
}

/** A node of the groups' trie: heads' templates, token by token (`tpl`; -1 between the two heads). */
interface GroupNode {
  next: Map<number, GroupNode>;
  group: Group | null;
}
interface Group {
  hs: IndexedSegment[];
  ht: IndexedSegment[];
  members: Member[];
  /** the group's distinct (src, tgt) tuples: hash → point numbers, and each point's arrays */
  byHash: Map<number, number[]>;
  src: number[][];
  tgt: number[][];
}
function childOf(node: GroupNode, tpl: number): GroupNode {
  let c = node.next.get(tpl);
  if (c === undefined) node.next.set(tpl, (c = { next: new Map(), group: null }));
  return c;
}

/** a segment's text in a template: its index elided (`blocks{}`, `Conv2d_{}_depthwise`) */
const textOf = (s: IndexedSegment) => (s.index === null ? s.stem : `${s.stem}{}${s.rest ?? ''}`);
const templ = (segs: readonly IndexedSegment[]) => segs.map(textOf).join('.');

/** A function of the source indices every member agrees on for target position `t`, simplest first. */
function fit(members: readonly Member[], t: number, ctx: FitContext): Fn | null {
  const ys = members.map((m) => m.tgt[t]!);
  if (ys.every((y) => y === ys[0])) return { kind: 'const', value: ys[0]! };
  const width = members[0]!.src.length;
  for (let s = 0; s < width; s++) {
    const xs = members.map((m) => m.src[s]!);
    const offset = ys[0]! - xs[0]!;
    if (xs.every((x, i) => x + offset === ys[i])) return { kind: 'affine', from: s, offset };
  }
  if (ctx.scaled) {
    for (let s = 0; s < width; s++) {
      const xs = members.map((m) => m.src[s]!);
      if (new Set(xs).size < MIN_POINTS_FOR_REGROUPING) continue;
      for (let k = 2; k <= MAX_SCALE; k++) {
        const offset = ys[0]! - k * xs[0]!;
        if (xs.every((x, i) => k * x + offset === ys[i])) return { kind: 'scale', from: s, k, offset };
      }
    }
  }
  for (let s = 0; s < width; s++) {
    const xs = members.map((m) => m.src[s]!);
    const points = new Set(xs).size;
    const first = Math.min(...xs);
    if (points < MIN_POINTS_FOR_REGROUPING) {
      const f = provenStride(xs, ys, s, (k) => strideProven(ctx, s, t, k));
      if (f) return f;
      continue;
    }
    for (let k = 2; k <= MAX_GROUP; k++) {
      // the group's first index first: `${1-7//2}` (pairs from 7 on) reads better than `${1-6//2}`
      for (let n = 0; n < k; n++) {
        const pre = (first + n) % k;
        const d = ys[0]! - Math.floor((xs[0]! - pre) / k);
        if (xs.every((x, i) => Math.floor((x - pre) / k) + d === ys[i])) {
          ctx.found.add(provenKey(ctx.lists[s]!, k));
          return { kind: 'div', from: s, k, pre, offset: d };
        }
      }
      const r = ys[0]! - (xs[0]! % k);
      if (xs.every((x, i) => (x % k) + r === ys[i])) return { kind: 'mod', from: s, k, offset: r };
    }
  }
  return null;
}

/**
 * Two source points one proven stride k apart whose targets are consecutive: ⌊(x − first)/k⌋ + y₀,
 * the regrouping the rest of the list is proven to follow (FitContext).
 */
function provenStride(xs: readonly number[], ys: readonly number[], from: number, proven: (k: number) => boolean): Fn | null {
  const distinct = [...new Set(xs)].sort((a, b) => a - b);
  if (distinct.length !== 2) return null;
  const [lo, hi] = distinct as [number, number];
  const k = hi - lo;
  if (!proven(k)) return null;
  const y0 = ys[xs.indexOf(lo)]!;
  if (!xs.every((x, i) => ys[i] === (x === lo ? y0 : y0 + 1))) return null;
  return { kind: 'div', from, k, pre: lo % k, offset: y0 - Math.floor((lo - (lo % k)) / k) };
}

const sameNumbers = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((x, i) => x === b[i]);
/** a member's tail: its tokens after the heads */
const tailOf = (m: Member): readonly IndexedSegment[] => m.tokens.slice(m.heads);

/**
 * The members with distinct (source indices, target indices), first of each kept, in order: what
 * fit reads of members (every test, the first point, the distinct values) is the same on them.
 */
function distinctPoints(members: readonly Member[]): readonly Member[] {
  // members of one group: by their point numbers
  if (members.length > 0 && members[0]!.point >= 0) {
    const seen = new Uint8Array(members.reduce((n, m) => Math.max(n, m.point + 1), 0));
    const out: Member[] = [];
    for (const m of members) {
      if (seen[m.point]) continue;
      seen[m.point] = 1;
      out.push(m);
    }
    return out.length === members.length ? members : out;
  }
  // by a hash of the tuples, compared on a hit: no string per member (100,000 members a group)
  const kept = new Map<number, Member[]>();
  const out: Member[] = [];
  const same = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  for (const m of members) {
    let h = m.src.length;
    for (const x of m.src) h = (Math.imul(h, 31) + x) | 0;
    for (const x of m.tgt) h = (Math.imul(h, 37) + x) | 0;
    const list = kept.get(h);
    if (list?.some((k) => same(k.src, m.src) && same(k.tgt, m.tgt))) continue;
    if (list) list.push(m);
    else kept.set(h, [m]);
    out.push(m);
  }
  return out.length === members.length ? members : out;
}

/** One function per target index, or null when one of them fits no function. */
function fitAll(members: readonly Member[], ctx: FitContext): Fn[] | null {
  const fns: Fn[] = [];
  for (let t = 0; t < members[0]!.tgt.length; t++) {
    const f = fit(members, t, ctx);
    if (!f) return null;
    fns.push(f);
  }
  return fns;
}

function spell(fn: Fn, groupOf: (s: number) => number): string {
  const off = (o: number) => (o > 0 ? `+${o}` : o < 0 ? `-${-o}` : '');
  switch (fn.kind) {
    case 'const':
      return String(fn.value);
    case 'affine':
      return fn.offset === 0 ? `$${groupOf(fn.from)}` : `\${${groupOf(fn.from)}${off(fn.offset)}}`;
    case 'scale':
      return `\${${groupOf(fn.from)}*${fn.k}${off(fn.offset)}}`;
    case 'div': {
      // ⌊(x − pre)/k⌋ + d; a negative d is folded into the shift (`${1-7//2}`, not `${1-1//2-3}`)
      const pre = fn.offset < 0 ? fn.pre - fn.offset * fn.k : fn.pre;
      const d = fn.offset < 0 ? 0 : fn.offset;
      return `\${${groupOf(fn.from)}${off(-pre)}//${fn.k}${off(d)}}`;
    }
    case 'mod':
      return `\${${groupOf(fn.from)}%${fn.k}${off(fn.offset)}}`;
  }
}

/**
 * One proposal for members that one set of functions fits, or null. `only` restricts source index
 * values. `members` may be their distinct points (distinctPoints): `ids` are every member's.
 */
function propose(hs: readonly IndexedSegment[], ht: readonly IndexedSegment[], members: readonly Member[], ids: readonly number[], restrict: Map<number, Set<number>>, ctx: FitContext, fitted: Fn[] | null = fitAll(members, ctx)): ArithmeticProposal | null {
  const fns = fitted;
  if (!fns) return null;
  // every non-constant function reads one source index: those become groups, the rest stay literal
  let si = 0;
  const group = new Map<number, number>();
  const pattern = hs.map((seg) => {
    if (seg.index === null) return escapeRegex(seg.stem);
    const stem = escapeRegex(seg.stem);
    const rest = escapeRegex(seg.rest ?? '');
    const s = si++;
    const used = fns.some((f) => f.kind !== 'const' && f.from === s);
    const only = restrict.get(s);
    if (!used && !only) {
      // an index no target reads: any value this group has
      const values = [...new Set(members.map((m) => m.src[s]!))].sort((a, b) => a - b);
      group.set(s, group.size + 1);
      return `${stem}(${values.join('|')})${rest}`;
    }
    group.set(s, group.size + 1);
    if (only) return `${stem}(${[...only].sort((a, b) => a - b).join('|')})${rest}`;
    return `${stem}(\\d+)${rest}`;
  }).join('\\.');
  let ti = 0;
  const dollars = (text: string) => text.replace(/\$/g, '$$$$');
  const replacement = ht.map((seg) => dollars(seg.stem) + (seg.index === null ? '' : spell(fns[ti++]!, (s) => group.get(s)!) + dollars(seg.rest ?? ''))).join('.');
  const computed = fns.some((f) => f.kind === 'div' || f.kind === 'mod' || f.kind === 'scale' || (f.kind === 'affine' && f.offset !== 0));
  // an index carried from one name to another (`s1` → `layer1`, `block2` → `2`): general renames
  // capture whole segments only, so they would spell it out once per value
  const srcIndexed = hs.filter((x) => x.index !== null);
  const tgtIndexed = ht.filter((x) => x.index !== null);
  const restemmed = fns.some((f, t) => f.kind !== 'const' && srcIndexed[f.from]!.stem !== tgtIndexed[t]!.stem);
  return { pattern: `^${pattern}\\.`, replacement: `${replacement}.`, ids: [...ids], arithmetic: computed || restemmed };
}

/**
 * Proposals for the pairs (name now → goal) rename-ops could not generalise. Pairs whose heads carry
 * no index on either side, or groups of one, are left to exact renames.
 */
export function arithmeticRenames(pairs: readonly { id: number; name: string; goal: string }[]): ArithmeticProposal[][] {
  const out = wholeIndexPass(pairs);
  const inner = innerIndexPass(pairs, out);
  // most keys first
  return (inner.length ? [...out, ...inner] : out).sort((a, b) => b[0]!.ids.length - a[0]!.ids.length);
}

/**
 * Indices read inside a name (innerIndexedSegment: TF-slim's `Conv2d_{i}_depthwise` → `layer.{2i−2}`), on
 * the pairs the whole-index pass proposed nothing for, and only where that index is computed: a name whose
 * index is carried as it is (kohya's `…_layers_{i}_mlp_fc1` → `…layers.{i}.mlp.fc1`) is left to the renames
 * that unflatten names, which say it in one rule for every module. Each group must be fitted whole (never
 * cut by stage into one rule per part, as fitGroup cuts whole-index groups) by functions that read every
 * inner index at MIN_POINTS_FOR_REGROUPING distinct values or more: an index inside a name is believed only
 * when many instances follow one rule.
 */
function innerIndexPass(pairs: readonly { id: number; name: string; goal: string }[], before: readonly ArithmeticProposal[][]): ArithmeticProposal[][] {
  const proposed = new Set<number>();
  for (const alts of before) for (const id of alts[0]!.ids) proposed.add(id);
  // each distinct segment read once (at 1,000,000 keys the names repeat a few thousand segments)
  const inner = new Map<string, boolean>();
  const holdsInner = (seg: string): boolean => {
    let x = inner.get(seg);
    if (x === undefined) inner.set(seg, (x = indexedSegment(seg).index === null && innerIndexedSegment(seg) !== null));
    return x;
  };
  const rest = pairs.filter((p) => !proposed.has(p.id) && p.name.split('.').some(holdsInner));
  if (rest.length === 0) return [];
  const out: ArithmeticProposal[][] = [];
  for (const g of groupPairs(rest, true).groups) {
    const innerAt = g.hs.filter((x) => x.index !== null).map((x) => x.rest !== undefined);
    if (!innerAt.some(Boolean) || g.members.length < 2) continue;
    const ctx: FitContext = { ...contextOf(g.hs, g.ht, new Set(), new Set()), scaled: true };
    const points = distinctPoints(g.members);
    const fns = fitAll(points, ctx);
    if (!fns) continue;
    const computedFrom = new Set(fns.flatMap((f) => (f.kind === 'scale' || f.kind === 'div' || f.kind === 'mod' || (f.kind === 'affine' && f.offset !== 0) ? [f.from] : [])));
    const readFrom = new Set(fns.flatMap((f) => (f.kind === 'const' ? [] : [f.from])));
    const believed = innerAt.every((inner, s) => !inner || (computedFrom.has(s) && new Set(points.map((m) => m.src[s]!)).size >= MIN_POINTS_FOR_REGROUPING));
    // an identity carry of a whole index beside it is fine; an inner index read as is never is
    if (!believed || [...readFrom].some((s) => innerAt[s] && !computedFrom.has(s))) continue;
    const alts = alternatives(g.hs, g.ht, g.members, ctx, points);
    if (alts.length) out.push(alts);
  }
  return out;
}

/** The whole-index pass: every group of pairs with whole or glued indices, fitted (cut by stage when one function set does not fit). */
function wholeIndexPass(pairs: readonly { id: number; name: string; goal: string }[]): ArithmeticProposal[][] {
  const { groups, maxId } = groupPairs(pairs, false);
  const found = new Set<string>();
  const out: ArithmeticProposal[][] = [];
  const unfitted: Group[] = [];
  // ids a group's proposals cover, stamped with the group's number (no set of ids per group)
  const covered = new Int32Array(maxId + 1);
  groups.forEach((g, x) => {
    const before = out.length;
    fitGroup(g.hs, g.ht, g.members, out, contextOf(g.hs, g.ht, new Set(), found));
    for (let i = before; i < out.length; i++) for (const id of out[i]![0]!.ids) covered[id] = x + 1;
    if (g.members.some((m) => covered[m.id] !== x + 1)) unfitted.push(g);
  });
  // groups too small to single out a regrouping, once other groups have proven its divisor: again,
  // without what the first pass already proposed for them
  if (found.size > 0 && unfitted.length > 0) {
    const taken = new Uint8Array(maxId + 1);
    for (const alts of out) for (const id of alts[0]!.ids) taken[id] = 1;
    for (const g of unfitted) fitGroup(g.hs, g.ht, g.members.filter((m) => !taken[m.id]), out, contextOf(g.hs, g.ht, found, new Set()));
  }
  return out;
}

/** The pairs grouped by their heads' templates (templ(hs), templ(ht)), in the order the groups first appear. */
function groupPairs(pairs: readonly { id: number; name: string; goal: string }[], inner: boolean): { groups: Group[]; maxId: number } {
  // through a trie of template numbers, no template text built per pair
  const root: GroupNode = { next: new Map(), group: null };
  const groups: Group[] = [];
  const reader = tokenizer(inner);
  const namesOf = reader();
  const goalsOf = reader();
  const src: number[] = [];
  const tgt: number[] = [];
  let maxId = 0;
  for (const p of pairs) {
    if (p.id > maxId) maxId = p.id;
    const a = namesOf(p.name);
    const b = goalsOf(p.goal);
    const n = commonTail(a, b);
    const heads = a.length - n;
    const tHeads = b.length - n;
    src.length = 0;
    tgt.length = 0;
    let node = root;
    for (let i = 0; i < heads; i++) {
      const t = a[i]!;
      if (t.index !== null) src.push(t.index);
      node = childOf(node, t.tpl);
    }
    node = childOf(node, -1);
    for (let i = 0; i < tHeads; i++) {
      const t = b[i]!;
      if (t.index !== null) tgt.push(t.index);
      node = childOf(node, t.tpl);
    }
    if (src.length === 0 || tgt.length === 0) continue;
    let g = node.group;
    if (g === null) groups.push((g = node.group = { hs: a.slice(0, heads), ht: b.slice(0, tHeads), members: [], byHash: new Map(), src: [], tgt: [] }));
    // the tuple's point: most keys of a group repeat one of a few thousand (one per block, not per tensor)
    let h = src.length;
    for (const x of src) h = (Math.imul(h, 31) + x) | 0;
    for (const x of tgt) h = (Math.imul(h, 37) + x) | 0;
    let same = g.byHash.get(h);
    let point = -1;
    if (same === undefined) g.byHash.set(h, (same = []));
    else for (const q of same) if (sameNumbers(g.src[q]!, src) && sameNumbers(g.tgt[q]!, tgt)) point = q;
    if (point < 0) {
      point = g.src.length;
      same.push(point);
      g.src.push(src.slice());
      g.tgt.push(tgt.slice());
    }
    g.members.push({ id: p.id, src: g.src[point]!, tgt: g.tgt[point]!, tokens: a, heads, point });
  }
  return { groups, maxId };
}

/**
 * Proposals for one group, into `out`: the whole group when one set of functions fits it; else the
 * group cut by the values of the indices glued to target names no function of the source gives (LeViT's
 * `m.0`, `m.2` → `mlp.ln1`, `mlp.ln2`: two points single out no function), each part fitted again; else
 * cut by the target's leading index (a stage), each part fitted alone.
 */
function fitGroup(hs: readonly IndexedSegment[], ht: readonly IndexedSegment[], members: readonly Member[], out: ArithmeticProposal[][], ctx: FitContext): void {
  if (members.length < 2) return;
  const points = distinctPoints(members);
  const whole = alternatives(hs, ht, members, ctx, points);
  if (whole.length) {
    out.push(whole);
    return;
  }
  const tgtIndexed = ht.filter((x) => x.index !== null);
  const glued = tgtIndexed.flatMap((seg, t) => (seg.stem !== '' && fit(points, t, ctx) === null ? [t] : []));
  const parts = new Map<string | number, Member[]>();
  const partOf = glued.length ? (m: Member) => glued.map((t) => m.tgt[t]).join() : (m: Member) => m.tgt[0]!;
  for (const m of members) {
    const id = partOf(m);
    const part = parts.get(id);
    if (part) part.push(m);
    else parts.set(id, [m]);
  }
  for (const part of parts.values()) {
    if (part.length < 2) continue;
    if (glued.length) fitGroup(hs, ht, part, out, ctx);
    else {
      const alts = alternatives(hs, ht, part, ctx);
      if (alts.length) out.push(alts);
    }
  }
}

/**
 * The ways to say one fitted group, most general first: the indices alone (the head cut after the
 * last source index and after the last target index the op must write: computed, or a container's
 * `.0.`), leaving the module names after them to the general renames, as a script moves `sN.bM` →
 * `layerN.{M-1}` once and renames `f.a_bn` → `bn1` once; the head as found; the head with the literal
 * segments every member's tail starts with (`layers.{}.downsample`); then the same with the source
 * index values listed, for when other keys share the head. The caller takes the first that is safe.
 */
function alternatives(hs: readonly IndexedSegment[], ht: readonly IndexedSegment[], members: readonly Member[], ctx: FitContext, points = distinctPoints(members)): ArithmeticProposal[] {
  const all = (): [number, number] => [members[0]!.src.length, members[0]!.tgt.length];
  const heads: [IndexedSegment[], IndexedSegment[], [number, number]][] = [];
  // functions are fitted on the distinct index tuples: at 100,000 keys a group holds every key of a
  // module kind, a few thousand tuples, and each head below fits them again
  const ids = members.map((m) => m.id);
  // the functions on every point: the short head's and every head's that keeps all the indices (fitted once, below)
  const onPoints = fitAll(points, ctx);
  const short = indicesOnly(hs, ht, points, ctx, onPoints);
  if (short) heads.push(short);
  heads.push([[...hs], [...ht], all()]);
  const tail0 = tailOf(members[0]!);
  for (let k = 1; k < tail0.length; k++) {
    const seg = tail0[k - 1]!;
    // a glued index in the tail (`conv1`) is literal there, but a head takes indices only as captures
    if (seg.index !== null || !members.every((m) => m.tokens.length - m.heads > k && sameToken(m.tokens[m.heads + k - 1]!, seg))) break;
    heads.push([[...hs, ...tail0.slice(0, k)], [...ht, ...tail0.slice(0, k)], all()]);
  }
  const out: ArithmeticProposal[] = [];
  // (speed only) each head's points and functions once for both passes: fitAll reads the points and ctx's
  // lists, glued and proven, none of which a fit changes (it only adds to ctx.found, never read by a fit:
  // found and proven are two sets in either pass of arithmeticRenames), so fitting the same points again
  // gives the same functions and adds the same keys; heads that keep every index fit `points` itself
  const cuts = heads.map(([, , [srcKept, tgtKept]]) => (srcKept === points[0]!.src.length && tgtKept === points[0]!.tgt.length ? points : distinctPoints(points.map((m) => ({ ...m, src: m.src.slice(0, srcKept), tgt: m.tgt.slice(0, tgtKept), point: -1 })))));
  const fitted = cuts.map((cut) => (cut === points ? onPoints : fitAll(cut, ctx)));
  for (const restricted of [false, true]) {
    heads.forEach(([h, t, [srcKept]], i) => {
      const cut = cuts[i]!;
      const restrict = new Map<number, Set<number>>();
      if (restricted) for (let x = 0; x < srcKept; x++) restrict.set(x, new Set(cut.map((m) => m.src[x]!)));
      const p = propose(h, t, cut, ids, restrict, ctx, fitted[i] ?? null);
      if (p) out.push(p);
    });
  }
  return out;
}

/**
 * The heads cut to the indices a rename must carry, with how many source and target indices they
 * keep, or null when that cuts nothing from the source, more from the target than from the source, or
 * keeps no computed index. The source is cut after the last index a target index is computed from,
 * the target after the last index that varies or is a container's (`.0.`); what follows — module
 * names, constant indices glued to them (`bn1`) — the general renames rename as they rename any name.
 */
function indicesOnly(hs: readonly IndexedSegment[], ht: readonly IndexedSegment[], members: readonly Member[], ctx: FitContext, fitted: Fn[] | null = fitAll(members, ctx)): [IndexedSegment[], IndexedSegment[], [number, number]] | null {
  const fns = fitted;
  if (!fns) return null;
  let end = 0;
  let tgtKept = 0;
  let ti = 0;
  ht.forEach((seg, i) => {
    if (seg.index === null) return;
    const t = ti++;
    if (fns[t]!.kind !== 'const' || seg.stem === '') {
      end = i + 1;
      tgtKept = t + 1;
    }
  });
  const used = fns.slice(0, tgtKept).flatMap((f) => (f.kind === 'const' ? [] : [f.from]));
  if (used.length === 0) return null;
  const srcKept = Math.max(...used) + 1;
  let srcEnd = 0;
  let si = 0;
  hs.forEach((seg, i) => {
    if (seg.index !== null && si++ < srcKept) srcEnd = i + 1;
  });
  // the general renames then rename what is left, segment for segment: never insert segments there
  // (`bn1` → `conv1.norm` cut after `conv1` would leave `norm` for them to add)
  const dropped = hs.length - srcEnd;
  if (dropped === 0 || ht.length - end > dropped) return null;
  return [hs.slice(0, srcEnd), ht.slice(0, end), [srcKept, tgtKept]];
}
