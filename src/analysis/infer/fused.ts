/**
 * Step 5: fused and split tensors. One tensor on one side whose dim 0 is the sum of the dims 0 of a
 * family of tensors on the other side (`in_proj_weight` ↔ q/k/v, `qkv` ↔ `query`/`key`/`value`), or
 * whose dim 0 counts them (stacked experts ↔ one tensor per expert), is a split (or, the other way,
 * a concat). A family is a set of keys equal but for one segment; the chunk order follows q, k, v,
 * then numeric order, then the state-dict order.
 *
 * Keys named by an error text have no shape. A whole whose name says it is fused can still be split
 * when one side's shapes are known: parts without shapes get equal chunks of the whole (said as an
 * assumption), a whole without a shape is the parts' sum. With no shape on either side the split is
 * only recognised (`unsized`), never proposed: its sizes would be a guess.
 */
import { CONFIDENCE } from './confidence.js';
import { formatShape } from './shapes.js';
import { nameSimilarity } from './similarity.js';
import { indexSegmentAt, isIndexAt, isIndexSegment, leafOf, moduleNameOf, moduleOf, splitKey } from '../key-tokens.js';
import { leafKind } from './template-score.js';
import type { Ambiguity, ConcatMatch, Located, SplitMatch } from './types.js';
import { gatedOrderOf, type GatedOrder } from './gated-orders.js';

interface Family {
  pattern: string;
  members: Located[];
  /** the segment that differs, per member */
  labels: string[];
  /**
   * the part list this family was cut down to (q, k, v out of q, k, v, o): it is a candidate only for
   * a whole whose name lists exactly those parts
   */
  listedFor?: string;
}

/**
 * Families of keys with shapes (`sized`) or of keys without any (`!sized`). A key's three patterns
 * (`P*S`: the text before the segment that differs, `*`, the text after it) are grouped by P, then by S:
 * keys in order share their module with the key before (`….attn.q.weight`, `….attn.q.bias`), so P's
 * three texts and look-ups are the previous key's, and only the short S (`.weight`, `.q.weight`) is
 * hashed. Equal (P, S) is an equal pattern text as long as no key holds a `*`; a side where one does is
 * grouped by the whole text (patternGroups). Either way the groups come in the order their pattern first
 * appeared, which the ambiguity lists show.
 */
function families(side: FamilySide, sized = true, only?: FamilyFilter): Family[] {
  let star = false;
  let bar = false;
  for (const k of side.keys()) {
    if (k.includes('*')) star = true;
    if (k.includes('|')) bar = true;
  }
  // (a pattern holding a `|` can spell another family's text in listedSubfamilies' comparison: every family kept)
  const groups = star ? patternGroups(side, sized) : prefixGroups(side, sized, bar ? undefined : only);
  const out: Family[] = [];
  for (const g of groups) {
    if (g.members.length < 2) continue;
    const pattern = `${g.prefix}*${g.suffix}`;
    out.push({ pattern, members: g.members, labels: g.labels });
    // the attention projections among a module's tensors (`q` and `kv` beside `proj`, `sr`, `norm`):
    // together they are what an `in_proj_weight` or `qkv` holds, though the module holds more
    // (counted first: most groups, a module's weight and bias, hold no projection, and no list is made for them)
    let projections = 0;
    for (const l of g.labels) if (readRoles(l)) projections++;
    if (projections < 2 || projections >= g.members.length) continue;
    const cover = g.labels.map((l, i) => (readRoles(l) ? i : -1)).filter((i) => i >= 0);
    if (cover.length >= 2 && cover.length < g.members.length && coversQkv(cover.map((i) => g.labels[i]!))) {
      out.push({ pattern, members: cover.map((i) => g.members[i]!), labels: cover.map((i) => g.labels[i]!) });
    }
  }
  return out;
}

/**
 * What families() reads of a side: its entries in order, their keys, how many. A side's map, or the parts
 * inWholesLayers keeps, which are not copied into a map of their own (no key of them is looked up).
 */
interface FamilySide {
  readonly size: number;
  keys(): Iterable<string>;
  values(): Iterable<Located>;
}

interface PatternGroup {
  /** the pattern is `${prefix}*${suffix}` */
  prefix: string;
  suffix: string;
  members: Located[];
  labels: string[];
}

/** Whether families() reads the key (sized: a shape of one or more dims; else no shape at all). */
function familyKey(e: Located, sized: boolean): boolean {
  return sized ? !!e.shape && e.shape.length > 0 : e.shape === null;
}

/**
 * The three patterns of every key, grouped by prefix then suffix (families()). The differing segment sits
 * near the end: `q_proj` in `….q_proj.weight`, `3` in `experts.3.w1.weight`; the (up to) last three
 * segments, left to right. Only the groups of two or more keys, in the order their pattern first appeared.
 */
function prefixGroups(side: FamilySide, sized: boolean, only?: FamilyFilter): PatternGroup[] {
  // Two passes: the first numbers each key's groups and counts their keys, the second lists the keys and
  // labels of the groups that hold two or more. Most groups hold one key (a module's pattern at the level
  // of its block's index): an object, a member list and a label list each were most of finding fused
  // tensors at 100,000 keys, nearly all of it garbage.
  const prefixOf: string[] = [];
  const suffixOf: string[] = [];
  const count: number[] = [];
  const group = (prefix: string, suffix: string) => {
    prefixOf.push(prefix);
    suffixOf.push(suffix);
    count.push(1);
    return count.length - 1;
  };
  // each prefix's groups by suffix: a few per prefix (`.weight`, `.bias`), found by comparing the key's
  // tail in place with each (no slice of it, no map per prefix: 100,000 keys make tens of thousands of
  // prefixes); a prefix with more gets a map, as a scan would grow with them
  const byPrefix = new Map<string, number[]>();
  const many = new Map<number[], Map<string, number>>();
  const suffixes = (prefix: string) => {
    let l = byPrefix.get(prefix);
    if (!l) byPrefix.set(prefix, (l = []));
    return l;
  };
  const add = (bySuffix: number[], prefix: string, k: string, from: number): number => {
    let g: number | undefined;
    if (bySuffix.length > SUFFIX_SCAN_MAX) g = many.get(bySuffix)!.get(k.slice(from));
    else {
      const length = k.length - from;
      for (const x of bySuffix) {
        const suffix = suffixOf[x]!;
        if (suffix.length === length && k.startsWith(suffix, from)) {
          g = x;
          break;
        }
      }
    }
    if (g !== undefined) {
      count[g]!++;
      return g;
    }
    const made = group(prefix, k.slice(from));
    bySuffix.push(made);
    if (bySuffix.length === SUFFIX_SCAN_MAX + 1) many.set(bySuffix, new Map(bySuffix.map((x) => [suffixOf[x]!, x])));
    else if (bySuffix.length > SUFFIX_SCAN_MAX + 1) many.get(bySuffix)!.set(suffixOf[made]!, made);
    return made;
  };
  // Level i of a key varies the segment after its dot D[i] (D: the last three dots, -1 where there are
  // fewer): its pattern's prefix is the text up to D[i] (or '' when there is no such dot), its suffix the
  // text from D[i + 1] on, its label the segment between. Per level, the prefix, its suffix map and the
  // dot it ends at (-2: none yet) are kept from the keys before: a key whose text up to that dot is
  // theirs (the same module, or its parent: `….qkv.c.weight` then `….qkv.bn.weight`) finds them by
  // comparing, not hashing.
  // the last level's groups (a module's own tensors: suffix '') by prefix alone, without a map of
  // suffixes per module; the other levels' suffixes start with a dot, so no group is in both
  const byModule = new Map<string, number>();
  let moduleGroup = -1;
  const at = [-2, -2, -2];
  const prefix = ['', '', ''];
  const bySuffix: (number[] | null)[] = [null, null, null];
  const D = [-1, -1, -1];
  const dots = (k: string) => lastDots(k, D);
  // each key's groups at levels 0, 1 and its module's (-1: the level does not exist for it)
  const ids = new Int32Array(3 * side.size);
  let n = 0;
  for (const e of side.values()) {
    if (!familyKey(e, sized)) continue;
    const k = e.key;
    dots(k);
    for (let i = 2; i >= 0; i--) {
      const d = D[i]!;
      // this prefix is kept, and so are the shorter ones within it
      if (d >= 0 && d === at[i] && k.startsWith(prefix[i]!)) break;
      at[i] = d;
      prefix[i] = d >= 0 ? k.slice(0, d + 1) : '';
      // a level exists where a dot follows the segment it varies (the last level always)
      if (i === 2) moduleGroup = -1;
      else bySuffix[i] = D[i + 1]! >= 0 ? suffixes(prefix[i]!) : null;
    }
    for (let i = 0; i < 2; i++) {
      const m = bySuffix[i];
      ids[3 * n + i] = m ? add(m, prefix[i]!, k, D[i + 1]!) : -1;
    }
    if (moduleGroup < 0) {
      moduleGroup = byModule.get(prefix[2]!) ?? -1;
      if (moduleGroup < 0) byModule.set(prefix[2]!, (moduleGroup = group(prefix[2]!, '')));
      else count[moduleGroup]!++;
    } else count[moduleGroup]!++;
    ids[3 * n + 2] = moduleGroup;
    n++;
  }
  const kept = only ? keptGroups(side, sized, ids, count, only) : null;
  // the groups of two or more, in the order they were made; each key's labels sliced only where it is in one
  const out: PatternGroup[] = [];
  const listed: (PatternGroup | undefined)[] = new Array(count.length);
  for (let g = 0; g < count.length; g++) {
    const c = count[g]!;
    if (c < 2 || (kept && !kept[g])) continue;
    // each list made at its length and filled in place (count[g] counts down as it fills)
    const made: PatternGroup = { prefix: prefixOf[g]!, suffix: suffixOf[g]!, members: new Array<Located>(c), labels: new Array<string>(c) };
    listed[g] = made;
    out.push(made);
  }
  n = 0;
  for (const e of side.values()) {
    if (!familyKey(e, sized)) continue;
    const k = e.key;
    let dotsRead = false;
    for (let i = 0; i < 3; i++) {
      const id = ids[3 * n + i]!;
      const g = id >= 0 ? listed[id] : undefined;
      if (!g) continue;
      if (!dotsRead) {
        dots(k);
        dotsRead = true;
      }
      const slot = g.members.length - count[id]!--;
      g.members[slot] = e;
      g.labels[slot] = labelAt(k, D, i);
    }
    n++;
  }
  return out;
}

/** The last three dots of a key into D (D[2] the last; -1 where there are fewer). */
function lastDots(k: string, D: number[]): void {
  D[2] = k.lastIndexOf('.');
  D[1] = D[2] > 0 ? k.lastIndexOf('.', D[2] - 1) : -1;
  D[0] = D[1] > 0 ? k.lastIndexOf('.', D[1] - 1) : -1;
}

/** A key's label in its group at level i (prefixGroups: 0, 1, or 2 for its module's own tensors). */
function labelAt(k: string, D: readonly number[], i: number): string {
  return i === 2 ? k.slice(D[2]! + 1) : k.slice(D[i]! + 1, D[i + 1]!);
}

/**
 * What findFused reads of a side's families, where it reads nothing else of them (no placement, every
 * shape known): only a family indexFamilies lists under a wanted shape, or one a part list or the
 * attention projections cut a sub-family out of, can be a whole's. The rest need not be made.
 */
interface FamilyFilter {
  wanted: ReadonlySet<string>;
  transposedParts: boolean;
  /** the part lists the wholes name (listedSubfamilies) */
  lists: readonly RegExp[][];
}

/**
 * Per group (prefixGroups' numbers), whether it is made into a family under `only`: a group of two or
 * more whose members indexFamilies would list under a wanted shape (the same tests on the same members:
 * one shape, one shape but dim 0, or 2-d parts of one dim 0), or that holds two or more attention
 * projections (families() cuts a sub-family of them), or a label of a part list the wholes name with more
 * members than that list (listedSubfamilies). A dropped group is none of these, so no family or sub-family
 * made of it could be listed anywhere a whole looks (at 100,000 keys, nearly every group: a module's
 * weight and bias, a layer's norms).
 */
function keptGroups(side: FamilySide, sized: boolean, ids: Int32Array, count: readonly number[], only: FamilyFilter): Uint8Array {
  const SAME = 1;
  const SAME_BUT_0 = 2;
  const ROWS = 4;
  const n = count.length;
  const first: (readonly number[] | undefined)[] = new Array(n);
  const flags = new Uint8Array(n);
  const sum0 = new Float64Array(n);
  const sum1 = new Float64Array(n);
  const roles = new Uint8Array(n);
  const listHit = new Uint8Array(n);
  const minList = only.lists.reduce((m, l) => Math.min(m, l.length), Infinity);
  const hits = new Map<string, boolean>();
  const listLabel = (label: string) => {
    let hit = hits.get(label);
    if (hit === undefined) hits.set(label, (hit = only.lists.some((l) => l.some((re) => re.test(label)))));
    return hit;
  };
  const D = [-1, -1, -1];
  let at = 0;
  for (const e of side.values()) {
    if (!familyKey(e, sized)) continue;
    const shape = e.shape!;
    let dotsRead = false;
    for (let i = 0; i < 3; i++) {
      const g = ids[3 * at + i]!;
      if (g < 0 || count[g]! < 2) continue;
      const f = first[g];
      if (f === undefined) {
        first[g] = shape;
        flags[g] = SAME | SAME_BUT_0 | (shape.length === 2 ? ROWS : 0);
      } else {
        if (!sameDimsFrom(shape, f, 0)) flags[g]! &= ~SAME;
        if (!sameDimsFrom(shape, f, 1)) flags[g]! &= ~SAME_BUT_0;
        if (shape.length !== 2 || shape[0] !== f[0]) flags[g]! &= ~ROWS;
      }
      sum0[g] = sum0[g]! + shape[0]!;
      if (shape.length === 2) sum1[g] = sum1[g]! + shape[1]!;
      if (roles[g]! < 2 || (only.lists.length > 0 && !listHit[g] && count[g]! > minList)) {
        if (!dotsRead) {
          lastDots(e.key, D);
          dotsRead = true;
        }
        const label = labelAt(e.key, D, i);
        if (roles[g]! < 2 && readRoles(label)) roles[g]!++;
        if (only.lists.length > 0 && count[g]! > minList && listLabel(label)) listHit[g] = 1;
      }
    }
    at++;
  }
  const kept = new Uint8Array(n);
  for (let g = 0; g < n; g++) {
    const f = first[g];
    if (f === undefined) continue;
    const rank = f.length;
    const fits =
      (flags[g]! & SAME && only.wanted.has(`${count[g]}x${f.join('x')}`)) ||
      (flags[g]! & SAME_BUT_0 && only.wanted.has([sum0[g], ...f.slice(1)].join('x'))) ||
      (only.transposedParts && rank === 2 && flags[g]! & ROWS && only.wanted.has(`${sum1[g]}x${f[0]}`));
    if (fits || roles[g]! >= 2 || listHit[g]) kept[g] = 1;
  }
  return kept;
}

/** up to this many suffixes under a prefix, a key's group is found by comparing in place, not through a map */
const SUFFIX_SCAN_MAX = 8;

/** prefixGroups by the pattern's whole text, for a side whose keys hold a `*` (where (prefix, suffix) might not be unique). */
function patternGroups(side: FamilySide, sized: boolean): PatternGroup[] {
  const groups = new Map<string, PatternGroup>();
  const add = (e: Located, prefix: string, suffix: string, label: string) => {
    const pattern = `${prefix}*${suffix}`;
    const g = groups.get(pattern);
    if (g) {
      g.members.push(e);
      g.labels.push(label);
    } else groups.set(pattern, { prefix, suffix, members: [e], labels: [label] });
  };
  for (const e of side.values()) {
    if (!familyKey(e, sized)) continue;
    const k = e.key;
    const d2 = k.lastIndexOf('.');
    const d1 = d2 > 0 ? k.lastIndexOf('.', d2 - 1) : -1;
    const d0 = d1 > 0 ? k.lastIndexOf('.', d1 - 1) : -1;
    if (d0 >= 0) add(e, k.slice(0, d0 + 1), k.slice(d1), k.slice(d0 + 1, d1));
    else if (d1 >= 0) add(e, '', k.slice(d1), k.slice(0, d1));
    if (d1 >= 0) add(e, k.slice(0, d1 + 1), k.slice(d2), k.slice(d1 + 1, d2));
    else if (d2 >= 0) add(e, '', k.slice(d2), k.slice(0, d2));
    add(e, d2 >= 0 ? k.slice(0, d2 + 1) : '', '', k.slice(d2 + 1));
  }
  return [...groups.values()];
}

/** Which of q, k, v (0, 1, 2) a part's name stands for: `q` → [0], `kv` → [1, 2], `qkv` → [0, 1, 2]. */
export function qkvRoles(label: string): number[] | null {
  const roles = readRoles(label);
  return roles && [...roles];
}

/** qkvRoles, read only (not copied): labels come from a small vocabulary (`weight`, `q`, `3`) and families() asks for every member's */
function readRoles(label: string): readonly number[] | null {
  let roles = QKV_ROLES.get(label);
  if (roles === undefined) {
    roles = readQkvRoles(label);
    if (QKV_ROLES.size < QKV_ROLES_MAX) QKV_ROLES.set(label, roles);
  }
  return roles;
}
const QKV_ROLES = new Map<string, readonly number[] | null>();
const QKV_ROLES_MAX = 10_000;

function readQkvRoles(label: string): number[] | null {
  const single = QKV_ORDER.findIndex((re) => re.test(label));
  if (single >= 0) return [single];
  if (/^w?kv(_proj)?$/i.test(label)) return [1, 2];
  if (/^w?qk(_proj)?$/i.test(label)) return [0, 1];
  return null;
}

/** Parts whose names hold q, k and v each exactly once between them (`q` + `kv`, `qk` + `v`, `q`/`k`/`v`). */
function coversQkv(labels: readonly string[]): boolean {
  const roles = labels.flatMap((l) => qkvRoles(l) ?? [-1]).sort();
  return roles.length === 3 && roles.every((r, i) => r === i);
}

/**
 * Families by the exact shape a whole tensor needs to be them: [sum of dims 0, ...common trailing
 * dims] (concatenated) or [count, ...common shape] (stacked). Looking up by that keeps this linear —
 * until every layer has the same shapes (12,000 ViT blocks: 12,000 qkv families of one shape), so each
 * shape's families are also listed per index segment of their pattern: a whole's parts live in its own
 * layer (`sameLayer`), so only families holding the whole's indices are candidates. Lists keep the
 * families' order, which the ambiguity lists show.
 */
interface FamilyIndex {
  byShape: Map<string, Family[]>;
  /** `${shape}|${index segment}` → the families of that shape whose pattern has that index segment */
  byShapeIndex: Map<string, Family[]>;
  /** some family has a shape a whole could be (listed or not): what byShape's size said before it was filtered */
  any: boolean;
}

/**
 * The index, holding only the shapes some whole has (`wanted`: every look-up is by a whole's shape).
 * Most families (every module's weight and bias, every list's layers) fit no whole: at 100,000 keys,
 * listing each under its shape and index segments was a third of finding the fused tensors.
 */
function indexFamilies(fams: Family[], wanted: ReadonlySet<string>, transposedParts: boolean): FamilyIndex {
  // a shape's rank and last dim, as one number: a family whose shape has no wanted rank and last dim is
  // not wanted, known without writing its shape out (most families, at 100,000 keys)
  const rankAndLast = (rank: number, last: number) => rank * 2 ** 32 + last;
  const wantedEnds = new Set<number>();
  for (const w of wanted) {
    const dims = w.split('x');
    wantedEnds.add(rankAndLast(dims.length, Number(dims[dims.length - 1])));
  }
  const byShape = new Map<string, Family[]>();
  const byShapeIndex = new Map<string, Family[]>();
  const push = (index: Map<string, Family[]>, k: string, f: Family) => {
    const l = index.get(k);
    if (l) {
      if (l[l.length - 1] !== f) l.push(f);
    } else index.set(k, [f]);
  };
  let any = false;
  const add = (k: string, f: Family) => {
    if (!wanted.has(k)) return;
    push(byShape, k, f);
    const p = f.pattern;
    for (let from = 0; from <= p.length; ) {
      let dot = p.indexOf('.', from);
      if (dot < 0) dot = p.length;
      if (isIndexAt(p, from, dot)) push(byShapeIndex, `${k}|${p.slice(from, dot)}`, f);
      from = dot + 1;
    }
  };
  // a family's members are compared only where the answer matters: its shape's rank and last dim are
  // wanted, or no family has been seen to have a shape yet (`any`)
  for (const f of fams) {
    const first = f.members[0]!.shape!;
    const rank = first.length;
    const stacked = wantedEnds.has(rankAndLast(rank + 1, first[rank - 1]!));
    if ((stacked || !any) && f.members.every((m) => sameDimsFrom(m.shape!, first, 0))) {
      any = true;
      if (stacked) add(`${f.members.length}x${first.join('x')}`, f);
    }
    // a vector's last dim is the sum, known only once the members are summed
    const joined = rank === 1 || wantedEnds.has(rankAndLast(rank, first[rank - 1]!));
    if ((joined || !any) && f.members.every((m) => sameDimsFrom(m.shape!, first, 1))) {
      any = true;
      const sum = f.members.reduce((a, m) => a + m.shape![0]!, 0);
      if (wantedEnds.has(rankAndLast(rank, rank > 1 ? first[rank - 1]! : sum))) add([sum, ...first.slice(1)].join('x'), f);
    }
    // 2-d parts of one dim 0: the row blocks of a whole [Σ dims 1, dim 0], each stored transposed (fit())
    if (transposedParts && rank === 2 && f.members.every((m) => m.shape!.length === 2 && m.shape![0] === first[0])) {
      any = true;
      if (wantedEnds.has(rankAndLast(2, first[0]!))) add(`${f.members.reduce((a, m) => a + m.shape![1]!, 0)}x${first[0]}`, f);
    }
  }
  return { byShape, byShapeIndex, any };
}

/** a and b have the same rank and the same dims from `from` on */
function sameDimsFrom(a: readonly number[], b: readonly number[], from: number): boolean {
  if (a.length !== b.length) return false;
  for (let i = from; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The families of a whole's shape that can hold its indices: the shortest list among its index segments' lists. */
function shapeCandidates(shape: readonly number[], indexTokens: readonly string[], index: FamilyIndex): readonly Family[] {
  const key = shape.join('x');
  if (indexTokens.length === 0) return index.byShape.get(key) ?? [];
  let best: readonly Family[] | undefined;
  for (const t of indexTokens) {
    const l = index.byShapeIndex.get(`${key}|${t}`);
    if (!l) return [];
    if (!best || l.length < best.length) best = l;
  }
  return best!;
}

// diffusers names them `to_q` (the image stream) and `add_q_proj` (the added text stream of joint attention)
const QKV_ORDER: RegExp[] = [/^(?:to_|add_)?(w?q|query|q_?proj)$/i, /^(?:to_|add_)?(w?k|key|k_?proj)$/i, /^(?:to_|add_)?(w?v|value|v_?proj)$/i];

/**
 * Joint attention (FLUX, SD3 MMDiT) keeps two streams in one block: the image's and the text's. Which
 * stream a name belongs to, as data: a part list of one stream is taken out of a family holding both.
 */
const STREAMS: { stream: string; whole: RegExp; part: RegExp; why: string }[] = [
  {
    stream: 'text',
    whole: /(^|[._])(txt|text|context|ctx)(_|\.)/i,
    part: /^add_|^added_|_add_|context/i,
    why: "diffusers' Attention names the text (encoder_hidden_states) stream's projections `add_q_proj`/`add_k_proj`/`add_v_proj`/`to_add_out` (FLUX txt_attn, SD3 context_block)",
  },
];

/** Which part list a whole names, and in which stream: its sub-families are cut for that. */
function listKey(whole: string, list: readonly RegExp[]): string {
  return `${PART_LISTS.findIndex(([, l]) => l === list)}:${STREAMS.map((st) => st.whole.test(whole)).join()}`;
}

/** The labels of `idx` that belong to the whole's stream: the text stream's `add_*` or the image stream's others. */
function ofStream(whole: string, labels: readonly string[], idx: number[]): number[] {
  for (const s of STREAMS) {
    // a family of one stream only (plain attention) has nothing to choose
    if (!labels.some((l) => s.part.test(l))) continue;
    const mine = s.whole.test(whole);
    idx = idx.filter((i) => s.part.test(labels[i]!) === mine);
  }
  return idx;
}
// Meta's Llama and Mistral/Mixtral code name the gated MLP's projections w1 (gate), w2 (down), w3 (up):
// `w2(silu(w1(x)) * w3(x))`, so w1 is the gate half and w3 the up half of a fused gate_up
const GATE_UP_ORDER: RegExp[] = [/gate|^w1$/i, /up|^w3$/i];
const KV_ORDER: RegExp[] = [/^(w?k|key|k_?proj)$/i, /^(w?v|value|v_?proj)$/i];
/** words that say a tensor holds several: `qkv`, `in_proj_weight`, `gate_up_proj`, `experts` */
const FUSED_WORDS = /(^|[._])(qkv|wqkv|kv|qk|in_proj\w*|c_attn|fused\w*|packed\w*|merged\w*|gate_up\w*|experts?|stacked\w*)([._]|$)/i;

/**
 * `experts` followed by one expert's index (`experts.3.`, Switch's `experts.expert_0.`): that tensor is one
 * expert's, so the word says nothing of it holding several (four attention kernels [d, d] of a layer were
 * joined into an expert's `wi` [4·d, d] on the word alone)
 */
const ONE_EXPERT = /(^|\.)experts?\.[A-Za-z_]*\d+\./g;

/**
 * Only a recognized set of parts (q/k/v, gate/up, indices) or a whole whose name says it is fused
 * counts: sums alone coincide too often (a 4·d MLP weight is a 3·d qkv plus a d proj).
 */
function looksFused(whole: string, f: Family): boolean {
  const listed = listedParts(whole);
  // a whole that names its parts (`kv`) is cut only into those parts (or per index), never into two
  // look-alikes beside it (`attn.sr.bias` and `attn.norm.bias` add up to `attn.kv.bias` too)
  // per index only where the parts are that same module layer by layer (`experts.w13` → `experts.*.w13`),
  // not any per-layer tensors of the right total (`attn.kv.bias` is no two blocks' `norm1.bias`)
  if (listed) return (f.labels.every(isIndexSegment) && splitKey(f.pattern).includes(moduleNameOf(whole))) || (f.labels.length === listed.length && new Set(f.labels.map((l) => listed.findIndex((re) => re.test(l)))).size === listed.length && f.labels.every((l) => listed.some((re) => re.test(l))));
  // an attention projection holds q, k and v: only parts named so (or per index), never a whole module
  // whose tensors happen to add up (`q`, `kv`, `proj`, `sr`, `norm` biases: 32 + 64 + 3 · 32 = 192 = 3 · 64)
  if (QKV_WHOLE.test(whole)) return f.labels.every(isIndexSegment) || (f.labels.every((l) => qkvRoles(l) !== null) && coversQkv(f.labels)) || namedParts(f);
  if (FUSED_WORDS.test(whole.replace(ONE_EXPERT, '$1'))) return true;
  if (f.labels.every(isIndexSegment)) return true;
  return namedParts(f);
}

/** Names of a tensor holding an attention's q, k and v together. */
const QKV_WHOLE = /(^|[._])(w?qkv\w*|in_proj\w*|c_attn|query_key_value)([._]|$)/i;

/** Fused names that list their parts: the module's own name (`…attn.qkv.weight` → q, k, v). */
const PART_LISTS: [RegExp, RegExp[]][] = [
  // Megatron's `linear_qkv` as well as `qkv`, `wqkv`, `qkv_proj`
  [/(^|[._])w?qkv(_proj)?\.[^.]*$/i, QKV_ORDER],
  [/(^|\.)kv(_proj)?\.[^.]*$/i, KV_ORDER],
  [/(^|\.)gate_up(_proj)?(\.[^.]*)?$/i, GATE_UP_ORDER],
];

function listedParts(whole: string): RegExp[] | null {
  for (const [re, parts] of PART_LISTS) if (re.test(whole)) return parts;
  return null;
}

/** The part lists some whole names (listedParts), each once. */
function partListsOf(wholes: Iterable<Located>): RegExp[][] {
  const out = new Set<RegExp[]>();
  for (const w of wholes) {
    const list = listedParts(w.key);
    if (list) out.add(list);
  }
  return [...out];
}

/**
 * The order in which a fused whole joins parts with these labels, when its name lists them
 * (`gate_up_proj` ← `w1`, `w3`; `qkv` ← `q`, `k`, `v`): label indices in join order, each part named
 * by exactly one label and every label used; null when the name lists no parts or the labels do not
 * name exactly those (the order would be a guess).
 */
export function listedOrder(whole: string, labels: readonly string[]): number[] | null {
  const list = listedParts(whole);
  if (!list || list.length !== labels.length) return null;
  const slot = labels.map((l) => list.findIndex((re) => re.test(l)));
  if (slot.some((s) => s < 0) || new Set(slot).size !== slot.length) return null;
  return labels.map((_, i) => i).sort((a, b) => slot[a]! - slot[b]!);
}

/**
 * The parts a fused name lists, taken out of a larger family: q/k/v out of `self_attn.*.weight`, which
 * also holds `o_proj` (Megatron fuses q, k and v into `linear_qkv` and keeps the output projection
 * apart). One member per listed part, or no sub-family.
 */
function listedSubfamilies(fams: readonly Family[], wholes: Iterable<Located>): Family[] {
  // one representative whole per part list and stream
  const lists = new Map<string, { list: RegExp[]; whole: string }>();
  for (const w of wholes) {
    const list = listedParts(w.key);
    if (!list) continue;
    const key = listKey(w.key, list);
    if (!lists.has(key)) lists.set(key, { list, whole: w.key });
  }
  const out: Family[] = [];
  if (lists.size === 0) return out;
  // a sub-family families() already made (q/k/v of a module, one stream only) is not made twice: the
  // families are listed by pattern once some part list is picked out of one (a set of every family's
  // keys joined was a tenth of the fused-name pass at 100,000 keys)
  let byPattern: Map<string, Family[]> | undefined;
  let anyBar = false;
  const made = (pattern: string, members: readonly Located[]) => {
    if (!byPattern) {
      byPattern = new Map();
      for (const f of fams) {
        (byPattern.get(f.pattern) ?? byPattern.set(f.pattern, []).get(f.pattern)!).push(f);
        if (f.pattern.includes('|')) anyBar = true;
      }
    }
    // the text a set of every family's `pattern|keys` held, compared only with the families of this
    // pattern (with all of them where a pattern holds a `|`: another pattern's text could then be the same)
    const text = `${pattern}|${members.map((m) => m.key).join()}`;
    const same = (f: Family) => `${f.pattern}|${f.members.map((m) => m.key).join()}` === text;
    return (anyBar ? fams : byPattern.get(pattern) ?? []).some(same);
  };

  for (const [key, { list, whole }] of lists) {
    for (const f of fams) {
      if (f.members.length <= list.length) continue;
      const pick = list.map((re) => ofStream(whole, f.labels, f.labels.flatMap((l, i) => (re.test(l) ? [i] : []))));
      if (!pick.every((p) => p.length === 1) || new Set(pick.map((p) => p[0])).size !== list.length) continue;
      const idx = pick.map((p) => p[0]!).sort((a, b) => a - b);
      if (made(f.pattern, idx.map((i) => f.members[i]!))) continue;
      out.push({ pattern: f.pattern, members: idx.map((i) => f.members[i]!), labels: idx.map((i) => f.labels[i]!), listedFor: key });
    }
  }
  return out;
}

/** Per indexed list (the path before a key's first index segment), how many blocks it numbers: max index + 1. */
function listLengths(keys: Iterable<string>): Map<string, number> {
  const out = new Map<string, number>();
  // keys in order share their list with the one before (`blocks.3.…` after `blocks.3.…`): a key that
  // starts with that list and a dot has no index before it (the list has none), so its first index is
  // the segment after it when that is one; read in place, without slicing the list again
  let prev = '';
  for (const k of keys) {
    let from: number;
    let end: number;
    if (prev !== '' && k.length > prev.length + 1 && k.charCodeAt(prev.length) === 46 && k.startsWith(prev) && isIndexAt(k, prev.length + 1, (end = dotOrEnd(k, prev.length + 1)))) {
      from = prev.length + 1;
    } else {
      const at = indexSegmentAt(k);
      if (at === null) continue;
      [from, end] = at;
      prev = k.slice(0, Math.max(0, from - 1));
    }
    let index = 0;
    for (let i = from; i < end; i++) index = index * 10 + k.charCodeAt(i) - 48;
    const n = out.get(prev);
    if (n === undefined || index + 1 > n) out.set(prev, index + 1);
  }
  return out;
}

function dotOrEnd(k: string, from: number): number {
  const dot = k.indexOf('.', from);
  return dot < 0 ? k.length : dot;
}

/** How many blocks the list of a key's (or pattern's) first index numbers; null for a key in no list. */
function blockCount(key: string, lengths: ReadonlyMap<string, number>): number | null {
  const at = indexSegmentAt(key);
  return at === null ? null : lengths.get(key.slice(0, Math.max(0, at[0] - 1))) ?? null;
}

/**
 * Are `labels` a gated MLP's two halves (gate and up, `w1` and `w3`) that a whole not named for them holds
 * (`ff_proj`, `linear_fc1`, not `gate_up_proj`)? Then their order in it is a convention of the code that
 * wrote it, and the conventions differ: OLMo's `ff_proj` chunks into [up, gate] (`x, x_gate =
 * x.chunk(2)`), Megatron's gated `linear_fc1` and ChatGLM's `dense_h_to_4h` into [gate, up], and forks of
 * one codebase disagree (a Megatron-LM fork's SwiGLU takes `x, gate = x.chunk(2)`). The shapes are the same
 * either way and a strict load passes either way: a cut in an assumed order is a guess that scrambles the
 * MLP half the time.
 */
export function gatedHalvesUnsaid(whole: string, labels: readonly string[]): boolean {
  if (labels.length !== GATE_UP_ORDER.length || listedParts(whole) === GATE_UP_ORDER) return false;
  const slot = labels.map((l) => GATE_UP_ORDER.findIndex((re) => re.test(l)));
  return slot.every((x) => x >= 0) && new Set(slot).size === slot.length;
}

/** Which of two gate/up labels (or module names) the row's order puts first. */
export function gatedFirst(labels: readonly string[], row: GatedOrder): number {
  const gate = labels.findIndex((l) => GATE_UP_ORDER[0]!.test(l));
  return row.first === 'gate' ? gate : 1 - gate;
}

/** The listing of a whole gatedHalvesUnsaid keeps from being cut (or joined). */
export function gatedHalvesListed(whole: string, parts: readonly string[], sizes: readonly number[], verb: 'cut' | 'joined'): Ambiguity {
  return {
    keys: [whole],
    candidates: [...parts],
    reason: `it holds ${parts.map((k) => `\`${moduleNameOf(k) || k}\``).join(' and ')} joined (${sizes.join(' + ')} along dim 0), but its name does not say which half is which: writers differ (OLMo's \`ff_proj\` is [up, gate], Megatron's \`linear_fc1\` [gate, up]) and a strict load passes in either order; not ${verb}`,
  };
}

/** Members in chunk order. */
function chunkOrder(f: Family): number[] {
  const idx = f.members.map((_, i) => i);
  if (f.labels.length === 2 && coversQkv(f.labels)) return idx.sort((a, b) => qkvRoles(f.labels[a]!)![0]! - qkvRoles(f.labels[b]!)![0]!);
  for (const order of [QKV_ORDER, GATE_UP_ORDER, KV_ORDER]) {
    if (f.labels.length === order.length) {
      const slot = f.labels.map((l) => order.findIndex((re) => re.test(l)));
      if (slot.every((s) => s >= 0) && new Set(slot).size === slot.length) return idx.sort((a, b) => slot[a]! - slot[b]!);
    }
  }
  if (f.labels.every(isIndexSegment)) return idx.sort((a, b) => Number(f.labels[a]) - Number(f.labels[b]));
  return idx.sort((a, b) => f.members[a]!.pos - f.members[b]!.pos);
}

/**
 * How a family fits one tensor along dim 0: by sizes (concatenated), by count (stacked), or — for a
 * 2-d whole [A, B] that is not square — by sizes once transposed: parts [B, aᵢ] with Σ aᵢ = A are the
 * whole's row blocks each stored transposed (Mistral's consolidated `w2` [E·F, D] holds every expert's
 * [D, F] down projection as its [F, D] transpose; convert_mixtral_weights_to_hf.py takes
 * `w2.view(E, F, D)[e].T`), which is the whole transposed and cut along dim 1. A square whole could be
 * cut along either dim alike, so it never fits transposed; a plain fit always comes first. Only for
 * splits (`transposedParts`).
 */
function fit(whole: readonly number[], f: Family, transposedParts: boolean): { sizes: number[]; stacked: boolean; transposed?: true } | null {
  const shapes = f.members.map((m) => m.shape!);
  const rest = whole.slice(1);
  if (shapes.every((s) => s.length === rest.length && s.every((d, i) => d === rest[i])) && whole[0] === shapes.length) {
    return { sizes: shapes.map(() => 1), stacked: true };
  }
  const sum = (sizes: number[]) => sizes.reduce((a, b) => a + b, 0);
  if (shapes.every((s) => s.length === whole.length && s.slice(1).every((d, i) => d === rest[i]))) {
    const sizes = shapes.map((s) => s[0]!);
    if (sum(sizes) === whole[0]) return { sizes, stacked: false };
  }
  if (!transposedParts || whole.length !== 2 || whole[0] === whole[1] || !shapes.every((s) => s.length === 2 && s[0] === whole[1])) return null;
  const sizes = shapes.map((s) => s[1]!);
  return sum(sizes) === whole[0] ? { sizes, stacked: false, transposed: true } : null;
}

/**
 * The whole's name picks a sibling of the family's parts, not them: a segment of the parts' name the
 * whole lacks (`wo` of `experts.expert_0.wo.weight`) stands where the other side holds keys with a
 * segment of the whole's name instead (`experts.expert_0.wi.weight` beside T5X's `expert.wi.kernel`).
 * Shapes alone fitted there: Switch's stacked `wi` [E, d, f] holds every expert's [f, d] `wi` transposed,
 * so it looked like E of the [d, f] `wo` weights, and `wo` like E `wi` ones, each split into the other's
 * experts (s20-match13's "Left"). Index segments are not read (layers are sameLayer's and sameList's).
 */
function namesASibling(whole: string, f: Family, parts: ReadonlyMap<string, Located>, holds: (segment: string) => boolean): boolean {
  const own = new Set(whole.split('.').filter((x) => !isIndexSegment(x)));
  const segs = f.members[0]!.key.split('.');
  for (let j = 0; j < segs.length; j++) {
    const seg = segs[j]!;
    if (isIndexSegment(seg) || own.has(seg)) continue;
    for (const x of own) {
      // a sibling holds x as a segment: where no part does, none is built and looked up (speed only:
      // ViT at 100,000 keys built 300,000 such names, for `blocks`, `attn`, `qkv`, none a part's segment)
      if (segs.includes(x) || !holds(x)) continue;
      const sibling = [...segs.slice(0, j), x, ...segs.slice(j + 1)].join('.');
      if (parts.has(sibling)) return true;
    }
  }
  return false;
}

/**
 * Does some key hold the segment (a dotless name, as a whole segment between dots or at an end: `qkv` in
 * `attn.qkv.weight`, not in `qkv_proj.weight`)?
 * Each segment asked is answered by one scan of the keys, kept: namesASibling asks about the few segments
 * of the wholes' names, for every family it weighs.
 */
export function segmentHolders(keys: ReadonlyMap<string, unknown>): (segment: string) => boolean {
  const known = new Map<string, boolean>();
  return (segment) => {
    let held = known.get(segment);
    if (held === undefined) {
      held = false;
      const inner = `.${segment}.`;
      for (const k of keys.keys()) {
        if (k === segment || k.includes(inner) || (k.startsWith(segment) && k.charCodeAt(segment.length) === 46) || (k.endsWith(segment) && k.charCodeAt(k.length - segment.length - 1) === 46)) {
          held = true;
          break;
        }
      }
      known.set(segment, held);
    }
    return held;
  };
}

interface Found {
  whole: Located;
  family: Family;
  order: number[];
  sizes: number[];
  stacked: boolean;
  /** the whole is its parts' transposes joined along dim 0: transposed, it is cut along dim 1 (fit()) */
  transposed?: true;
  similarity: number;
  /** the sizes are not read from shapes on both sides: how they were obtained */
  assumed?: 'equal parts' | 'sum of the parts';
  /** gate and up in the order their writer's code fixes */
  gatedOrder?: GatedOrder;
}

/** Labels that name the parts of a fused tensor: q/k/v, gate/up, k/v, in some order. */
function namedParts(f: Family): boolean {
  if (f.labels.length === 2 && coversQkv(f.labels)) return true;
  return [QKV_ORDER, GATE_UP_ORDER, KV_ORDER].some(
    (order) => f.labels.length === order.length && new Set(f.labels.map((l) => order.findIndex((re) => re.test(l)))).size === order.length && f.labels.every((l) => order.some((re) => re.test(l))),
  );
}

/** A weight's parts are weights, a bias's biases: what a shape would have said. */
function sameKind(whole: string, f: Family): boolean {
  const a = leafKind(whole);
  const b = leafKind(f.pattern);
  return a === null || b === null || a === b;
}

/** Families by the text before their varying segment (`blocks.0.attn.` of `blocks.0.attn.*.weight`). */
function byHead(fams: readonly Family[]): Map<string, Family[]> {
  const m = new Map<string, Family[]>();
  for (const f of fams) {
    const head = f.pattern.slice(0, f.pattern.indexOf('*'));
    (m.get(head) ?? m.set(head, []).get(head)!).push(f);
  }
  return m;
}

/** Some key of the side has no shape (named by an error text): read in place, not copied into an array first. */
function anyUnshaped(side: ReadonlyMap<string, Located>): boolean {
  for (const e of side.values()) if (e.shape === null) return true;
  return false;
}

/** The families whose head the key starts with (its own module or a parent): `blocks.0.attn.in_proj_weight` meets `blocks.0.attn.*.weight`. */
function familiesAround(key: string, heads: ReadonlyMap<string, Family[]>): Family[] {
  const out: Family[] = [];
  for (let i = key.indexOf('.'); i >= 0; i = key.indexOf('.', i + 1)) out.push(...(heads.get(key.slice(0, i + 1)) ?? []));
  return out;
}

/**
 * A whole and a family one of whose sides has no shape, the whole's name saying it is fused: parts
 * without shapes are equal chunks (or, counted by indices, stacked slices); a whole without a shape
 * is its parts' sum. Null when the shapes known contradict it or none is known.
 */
function fitAssuming(w: Located, f: Family): Pick<Found, 'sizes' | 'stacked' | 'assumed'> | null {
  const partsKnown = f.members.every((m) => m.shape !== null);
  if (w.shape && !partsKnown) {
    const n = f.members.length;
    const d0 = w.shape[0]!;
    if (f.labels.every(isIndexSegment)) return d0 === n ? { sizes: f.members.map(() => 1), stacked: true, assumed: 'equal parts' } : null;
    if (!namedParts(f) || d0 % n !== 0 || d0 === 0) return null;
    return { sizes: f.members.map(() => d0 / n), stacked: false, assumed: 'equal parts' };
  }
  if (!w.shape && partsKnown) {
    if (!namedParts(f)) return null;
    const first = f.members[0]!.shape!;
    if (first.length === 0 || !f.members.every((m) => m.shape!.length === first.length && m.shape!.slice(1).every((d, i) => d === first[i + 1]))) return null;
    return { sizes: f.members.map((m) => m.shape![0]!), stacked: false, assumed: 'sum of the parts' };
  }
  return null;
}

/** One shape known on neither side: what a fused whole would be, its sizes unknown. */
export interface UnsizedFusion {
  whole: string;
  /** the parts in chunk order */
  parts: string[];
  /**
   * the whole is the model's and the parts the checkpoint's (q/k/v apart → a fused `qkv`: a concat the names
   * cannot check, review 17 F4); absent when the checkpoint holds the whole and the model the parts (a split)
   */
  joined?: true;
}

/** The side each key of an unsized fusion is on: the whole's and the parts'. */
export function unsizedSides(u: UnsizedFusion): { whole: 'source' | 'target'; parts: 'source' | 'target' } {
  return u.joined ? { whole: 'target', parts: 'source' } : { whole: 'source', parts: 'target' };
}

/** The fusion's keys are all still unexplained: its whole and every part in the pool. */
export function unsizedInPool(u: UnsizedFusion, pool: { source: ReadonlyMap<string, unknown>; target: ReadonlyMap<string, unknown> }): boolean {
  const side = unsizedSides(u);
  return pool[side.whole].has(u.whole) && u.parts.every((k) => pool[side.parts].has(k));
}

/** Names that say a tensor holds several, for the early pass (stacked experts: `experts.w1`, not `experts.3.w1`). */
const FUSED_NAME = /(^|[._])(qkv|wqkv|kv|qk|in_proj\w*|c_attn|fused\w*|packed\w*|merged\w*|gate_up\w*|experts\.(?!\d))/i;

export function hasFusedName(key: string): boolean {
  return FUSED_NAME.test(key);
}

/**
 * Where the pairs made so far put a parts-side module on the wholes' side: module path (`block1.0.attn`)
 * → the module its keys went to (`layers.0.1.0.attn.attn`), from the keys' parents and grandparents, the
 * most common destination. A family of parts whose module went to the whole's own module sits beside
 * the whole whatever the layers are numbered (1-based stages regrouped: `block1.0` → `layers.0.1.0`).
 */
export type Placement = ReadonlyMap<string, string>;

export function placementOf(pairs: readonly { from: string; to: string }[]): Placement {
  const votes = new Map<string, Map<string, number>>();
  for (const { from, to } of pairs) {
    let a = moduleOf(from);
    let b = moduleOf(to);
    for (let up = 0; up < 3 && a && b; up++, a = moduleOf(a), b = moduleOf(b)) {
      const m = votes.get(a) ?? votes.set(a, new Map()).get(a)!;
      m.set(b, (m.get(b) ?? 0) + 1);
    }
  }
  const out = new Map<string, string>();
  for (const [a, m] of votes) out.set(a, [...m].sort((x, y) => y[1] - x[1])[0]![0]);
  return out;
}

/**
 * The parts some family of a whole could hold (speed only: families() grouped every key of the other side
 * for a few wholes). With no placement, a family is a whole's only when its pattern holds every index
 * segment of the whole (sameLayer), so each of its members holds them too: a part holding no whole's
 * index segments all is in no family any whole takes, and a family any whole takes loses no member.
 * The side itself when no whole has an index, when a key holds a `*` (families() groups such a side by
 * the pattern's text) or when nearly every part is kept (a copy would cost more than it saves).
 */
function inWholesLayers(wholes: ReadonlyMap<string, Located>, parts: Map<string, Located>): FamilySide {
  // the wholes' index segments, each list once, by its first segment; as numbers, which an index segment
  // (a canonical decimal, isIndexAt) is one to one: every part key's are read in place, with no slice per index
  const byFirst = new Map<number, number[][]>();
  const seen = new Set<string>();
  for (const k of wholes.keys()) {
    const tokens = splitKey(k).filter(isIndexSegment);
    if (tokens.length === 0) return parts;
    const id = tokens.join('.');
    if (seen.has(id)) continue;
    seen.add(id);
    const first = Number(tokens[0]);
    (byFirst.get(first) ?? byFirst.set(first, []).get(first)!).push(tokens.map(Number));
  }
  const kept: Located[] = [];
  const own: number[] = [];
  // some whole's list has all its indices among the key's own
  const holdsSome = () => {
    for (const t of own) {
      const lists = byFirst.get(t);
      if (lists === undefined) continue;
      for (const tokens of lists) if (tokens.every((x) => own.includes(x))) return true;
    }
    return false;
  };
  for (const e of parts.values()) {
    const k = e.key;
    if (k.includes('*')) return parts;
    own.length = 0;
    for (let from = 0; ; ) {
      let dot = k.indexOf('.', from);
      if (dot < 0) dot = k.length;
      if (isIndexAt(k, from, dot)) {
        let index = 0;
        for (let i = from; i < dot; i++) index = index * 10 + k.charCodeAt(i) - 48;
        own.push(index);
      }
      if (dot === k.length) break;
      from = dot + 1;
    }
    if (holdsSome()) kept.push(e);
  }
  if (kept.length * 10 >= parts.size * 9) return parts;
  // the kept entries as they are, in the side's order (each under its own key there): a map of them, built
  // to be read in order once or twice, was a third of this step at 100,000 keys
  return { size: kept.length, keys: () => kept.map((e) => e.key), values: () => kept };
}

function findFused(wholes: Map<string, Located>, parts: Map<string, Located>, placement: Placement = new Map(), transposedParts = false): { found: Found[]; ambiguities: Ambiguity[]; unsized: UnsizedFusion[] } {
  const none = { found: [], ambiguities: [], unsized: [] };
  if (wholes.size === 0 || parts.size < 2) return none;
  const grouped = placement.size === 0 ? inWholesLayers(wholes, parts) : parts;
  const wanted = new Set<string>();
  for (const w of wholes.values()) if (w.shape && w.shape.length > 0) wanted.add(w.shape.join('x'));
  // shapes missing on a side: only wholes whose names say they are fused, met by their own module's families
  const shapeless = anyUnshaped(wholes) || anyUnshaped(parts);
  // with no placement and every shape known, a whole meets only the families indexFamilies lists (and the
  // sub-families cut from them): the others are not made (speed only: the same candidates, in the same order)
  const only = placement.size === 0 && !shapeless ? { wanted, transposedParts, lists: partListsOf(wholes.values()) } : undefined;
  const sizedFamilies = families(grouped, true, only);
  // (the families not copied into a new list where no part list adds any: most sides)
  const listed = listedSubfamilies(sizedFamilies, wholes.values());
  const index = indexFamilies(listed.length > 0 ? [...sizedFamilies, ...listed] : sizedFamilies, wanted, transposedParts);
  const unsizedHeads = shapeless ? byHead(families(grouped, false)) : new Map<string, Family[]>();
  const sizedHeads = shapeless ? byHead(sizedFamilies) : new Map<string, Family[]>();
  const found: Found[] = [];
  const ambiguities: Ambiguity[] = [];
  const unsized: UnsizedFusion[] = [];
  if (!index.any && unsizedHeads.size === 0) return none;
  const wholeLengths = listLengths(wholes.keys());
  const partLengths = listLengths(parts.keys());
  const partsHold = segmentHolders(parts);
  // families by the module the pairs put theirs beside: one lookup per whole
  const byHome = new Map<string, Family[]>();
  if (placement.size > 0) {
    for (const f of sizedFamilies) {
      const home = placement.get(f.pattern.slice(0, Math.max(0, f.pattern.indexOf('*') - 1)));
      if (home !== undefined) (byHome.get(home) ?? byHome.set(home, []).get(home)!).push(f);
    }
  }
  for (const w of wholes.values()) {
    if (w.shape && w.shape.length === 0) continue;
    const indexTokens = splitKey(w.key).filter(isIndexSegment);
    // a fused tensor and its parts live in the same layer: every index of the whole is in the family
    const sameLayer = (f: Family) => {
      const famSegs = splitKey(f.pattern);
      return indexTokens.every((t) => famSegs.includes(t));
    };
    const wholeBlocks = blockCount(w.key, wholeLengths);
    // index equality names the same block only in lists of the same length: FLUX's double_blocks.0
    // (19) is transformer_blocks.0 (19), not single_transformer_blocks.0 (38)
    const sameList = (f: Family) => wholeBlocks === null || blockCount(f.pattern, partLengths) === null || blockCount(f.pattern, partLengths) === wholeBlocks;
    const home = moduleOf(w.key);
    // the parts' module went to the whole's module or to the one around it (mmseg's `attn.attn.in_proj_weight`
    // beside `attn.sr`: the parts' `attn` went to the outer `attn`, most of its tensors being there)
    const outer = moduleOf(home);
    const placed = (f: Family) => {
      if (placement.size === 0) return false;
      const p = placement.get(f.pattern.slice(0, Math.max(0, f.pattern.indexOf('*') - 1)));
      return p === home || (outer !== '' && p === outer);
    };
    const fitting: Found[] = [];
    const candidates = w.shape ? [...shapeCandidates(w.shape, indexTokens, index)] : [];
    // families the pairs already put beside the whole, however their layers are numbered
    if (w.shape) for (const f of [...(byHome.get(home) ?? []), ...(outer ? byHome.get(outer) ?? [] : [])]) if (!candidates.includes(f)) candidates.push(f);
    for (const f of candidates) {
      if (f.listedFor !== undefined) {
        const list = listedParts(w.key);
        if (!list || f.listedFor !== listKey(w.key, list)) continue;
      }
      const shape = fit(w.shape!, f, transposedParts);
      if (!shape) continue;
      const beside = placed(f);
      if ((!sameLayer(f) || !sameList(f)) && !beside) continue;
      if (!looksFused(w.key, f)) continue;
      if (namesASibling(w.key, f, parts, partsHold)) continue;
      const order = chunkOrder(f);
      fitting.push({ whole: w, family: f, order, sizes: order.map((i) => shape.sizes[i]!), stacked: shape.stacked, ...(shape.transposed && { transposed: true }), similarity: nameSimilarity(w.key, f.pattern) + (beside ? 1 : 0) });
    }
    if (shapeless && FUSED_WORDS.test(w.key)) {
      const around = [...familiesAround(w.key, unsizedHeads), ...(w.shape ? [] : familiesAround(w.key, sizedHeads))];
      for (const f of around) {
        if (!sameLayer(f) || !sameKind(w.key, f)) continue;
        const order = chunkOrder(f);
        if (!w.shape && f.members.every((m) => m.shape === null)) {
          if (namedParts(f)) unsized.push({ whole: w.key, parts: order.map((i) => f.members[i]!.key) });
          continue;
        }
        const shape = fitAssuming(w, f);
        if (!shape) continue;
        fitting.push({ whole: w, family: f, order, sizes: order.map((i) => shape.sizes[i]!), stacked: shape.stacked, similarity: nameSimilarity(w.key, f.pattern), assumed: shape.assumed! });
      }
    }
    if (fitting.length === 0) continue;
    fitting.sort((a, b) => b.similarity - a.similarity);
    const [best, second] = distinctReadings(fitting);
    if (second && second.similarity >= best!.similarity - 1e-9) {
      ambiguities.push({ keys: [w.key], candidates: fitting.slice(0, 4).map((f) => f.family.pattern), reason: 'several families of tensors add up to its shape' });
      continue;
    }
    if (best!.similarity < 0.3) continue;
    // gate and up halves in an order only a convention gives: listed, not cut or joined (gatedHalvesUnsaid;
    // transposedParts is set for splits only)
    if (gatedHalvesUnsaid(w.key, best!.family.labels)) {
      const row = gatedOrderOf(w.key);
      if (!row) {
        ambiguities.push(gatedHalvesListed(w.key, best!.order.map((i) => best!.family.members[i]!.key), best!.sizes, transposedParts ? 'cut' : 'joined'));
        continue;
      }
      // the writer's order: the half its code takes first, then the other
      const order = gatedFirst(best!.family.labels, row) === 0 ? [0, 1] : [1, 0];
      found.push({ ...best!, order, sizes: order.map((i) => best!.sizes[best!.order.indexOf(i)]!), gatedOrder: row });
      continue;
    }
    found.push(best!);
  }
  // one family serves one whole tensor
  const used = new Set<string>();
  const unique = found.filter((f) => {
    if (f.family.members.some((m) => used.has(m.key))) return false;
    for (const m of f.family.members) used.add(m.key);
    return true;
  });
  return { found: unique, ambiguities, unsized: unsized.filter((u) => !unique.some((f) => f.whole.key === u.whole)) };
}

function evidence(f: Found): string {
  const parts = f.order.map((i) => f.family.members[i]!);
  if (f.assumed === 'equal parts') {
    const how = f.stacked ? `stacks ${parts.length} tensors` : `dim 0 is ${f.sizes.join(' + ')}`;
    return `${formatShape(f.whole.shape)} ${how} (${f.family.pattern}), assumed: the parts' shapes are not known, so equal parts are taken`;
  }
  if (f.assumed === 'sum of the parts') return `${f.family.pattern} add up along dim 0 to ${f.sizes.join(' + ')}, assumed to be the whole's shape (not known)`;
  if (f.transposed) return `${formatShape(f.whole.shape)} transposed: dim 1 is ${f.sizes.join(' + ')} (${f.family.pattern}, each part stored transposed in the whole)`;
  const how = f.stacked ? `stacks ${parts.length} tensors of shape ${formatShape(parts[0]!.shape)}` : `dim 0 is ${f.sizes.join(' + ')}`;
  return `${formatShape(f.whole.shape)} ${how} (${f.family.pattern})`;
}

/** What an assumed size costs in confidence: names and one side's shape, not both sides'. */

function confidence(f: Found): number {
  return f.assumed ? CONFIDENCE.fusedAssumed : Math.min(CONFIDENCE.fusedCap, CONFIDENCE.fusedBase + CONFIDENCE.fusedSimilarity * f.similarity);
}

/**
 * The fitting readings of one whole, each once: a family the pairs placed beside the whole (byHome) can also
 * be met by its shape, or as a sub-family cut anew from a larger one (`key` + `value` out of PVT's `query`,
 * `key`, `value`), so the same parts in the same order came twice, and two copies of one reading were taken
 * for two readings that tie (PVT's `attn.kv` in the first block of each stage was left uncut as ambiguous).
 * Best first, as sorted; of equal parts and order the first is kept.
 */
function distinctReadings(fitting: readonly Found[]): Found[] {
  const seen = new Set<string>();
  const out: Found[] = [];
  for (const f of fitting) {
    const id = `${f.order.map((i) => f.family.members[i]!.key).join('\u0000')}\u0001${f.sizes.join(',')}\u0001${f.transposed === true}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(f);
  }
  return out;
}

/** Source tensors that are several target tensors. */
export function findSplits(source: Map<string, Located>, target: Map<string, Located>, placement?: Placement): { splits: SplitMatch[]; ambiguities: Ambiguity[]; unsized: UnsizedFusion[] } {
  const { found, ambiguities, unsized } = findFused(source, target, placement, true);
  const splits = found.map((f) => ({
    source: f.whole.key,
    targets: f.order.map((i) => f.family.members[i]!.key),
    dim: f.transposed ? 1 : 0,
    sizes: f.sizes,
    confidence: confidence(f),
    evidence: evidence(f),
    assumed: f.assumed !== undefined,
    ...(f.transposed && { transposeFirst: true as const }),
    ...(f.gatedOrder && { gatedOrder: f.gatedOrder }),
  }));
  return { splits, ambiguities, unsized };
}

/** Target tensors that are several source tensors. */
export function findConcats(source: Map<string, Located>, target: Map<string, Located>, placement?: Placement): { concats: ConcatMatch[]; ambiguities: Ambiguity[]; unsized: UnsizedFusion[] } {
  const { found, ambiguities, unsized } = findFused(target, source, placement);
  // stacking would need a new dim; `concat` joins along an existing one, so only sums qualify (parts
  // joined as their transposes are not looked for: the transpose would follow the join, which the ops' order does not allow)
  const concats = found
    .filter((f) => !f.stacked)
    .map((f) => ({
      sources: f.order.map((i) => f.family.members[i]!.key),
      target: f.whole.key,
      dim: 0,
      confidence: confidence(f),
      evidence: evidence(f),
      assumed: f.assumed !== undefined,
      ...(f.gatedOrder && { gatedOrder: f.gatedOrder }),
    }));
  // the model's fused whole against the checkpoint's parts, no shapes anywhere: recognised, never joined on names alone
  return { concats, ambiguities, unsized: unsized.map((u) => ({ ...u, joined: true as const })) };
}

/**
 * A source tensor left over in a block whose other keys were all paired, against what is left unpaired
 * in the block they went to (`placement`): when those leftovers of the same leaf (`weight`, `bias`)
 * share the whole's trailing dims and add up exactly to its dim 0, the whole is them, cut along dim 0
 * (FLUX's single-block linear1 is to_q, to_k, to_v and proj_mlp). Nothing but the block's leftovers
 * is a candidate, and every one of them must be used. The order of the parts cannot be read from
 * shapes: named q, k, v first (attention before the MLP, as parallel blocks compute them), then the
 * rest in state-dict order, said in the evidence. One whole per block and leaf, or none.
 */
export function findResidualSplits(source: ReadonlyMap<string, Located>, target: ReadonlyMap<string, Located>, placement: Placement): SplitMatch[] {
  // source leftovers by (home block, leaf): the block is the whole's grandparent (its module's parent)
  const wholes = new Map<string, Located[]>();
  for (const w of source.values()) {
    if (!w.shape || w.shape.length === 0) continue;
    const block = moduleOf(moduleOf(w.key));
    const home = block ? placement.get(block) : undefined;
    if (home === undefined) continue;
    const id = `${home}\u0000${leafOf(w.key)}`;
    (wholes.get(id) ?? wholes.set(id, []).get(id)!).push(w);
  }
  if (wholes.size === 0) return [];
  const leftovers = new Map<string, Located[]>();
  for (const t of target.values()) {
    if (!t.shape || t.shape.length === 0) continue;
    for (let home = moduleOf(t.key); home; home = moduleOf(home)) {
      const id = `${home}\u0000${leafOf(t.key)}`;
      if (wholes.has(id)) (leftovers.get(id) ?? leftovers.set(id, []).get(id)!).push(t);
    }
  }
  const out: SplitMatch[] = [];
  for (const [id, ws] of wholes) {
    const parts = leftovers.get(id);
    if (ws.length !== 1 || !parts || parts.length < 2) continue;
    const w = ws[0]!;
    const rest = w.shape!.slice(1);
    if (!parts.every((p) => p.shape!.length === w.shape!.length && p.shape!.slice(1).every((d, i) => d === rest[i]))) continue;
    if (parts.reduce((a, p) => a + p.shape![0]!, 0) !== w.shape![0]) continue;
    const slot = (p: Located) => QKV_ORDER.findIndex((re) => re.test(moduleNameOf(p.key)));
    const ordered = [...parts].sort((a, b) => {
      const x = slot(a);
      const y = slot(b);
      return (x < 0 ? 3 : x) - (y < 0 ? 3 : y) || a.pos - b.pos;
    });
    const sizes = ordered.map((p) => p.shape![0]!);
    out.push({
      source: w.key,
      targets: ordered.map((p) => p.key),
      dim: 0,
      sizes,
      confidence: CONFIDENCE.fusedResidual,
      orderAssumed: true,
      evidence: `${formatShape(w.shape)} dim 0 is ${sizes.join(' + ')}: exactly what is left unpaired in ${id.split('\u0000')[0]}; the order is assumed (q, k, v first, then the rest in state-dict order): shapes cannot tell it`,
    });
  }
  return out;
}

