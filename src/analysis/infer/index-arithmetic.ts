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
import { isIndexSegment } from '../key-tokens.js';
import { escapeRegex } from './regex.js';

export interface ArithmeticProposal {
  pattern: string;
  replacement: string;
  /** the ids (caller's numbering) it is meant to move */
  ids: number[];
  /**
   * a target index is computed from a source index (an offset, a floor division, a modulo): what the
   * general renames cannot say, so it goes before them; the rest only helps what they leave
   */
  arithmetic: boolean;
}

type Fn = { kind: 'const'; value: number } | { kind: 'affine'; from: number; offset: number } | { kind: 'div'; from: number; k: number; offset: number } | { kind: 'mod'; from: number; k: number; offset: number };

interface Member {
  id: number;
  src: number[];
  tgt: number[];
  tail: string[];
}

/** Divisors tried for regrouping: stage sizes in real models stay small. */
const MAX_GROUP = 64;

function headAndTail(name: string, goal: string): { hs: string[]; ht: string[]; tail: string[] } {
  const a = name.split('.');
  const b = goal.split('.');
  let n = 0;
  // the common tail is literal: an index in it would be one the rename must carry, so it ends there
  while (n < a.length - 1 && n < b.length - 1 && a[a.length - 1 - n] === b[b.length - 1 - n] && !isIndexSegment(a[a.length - 1 - n]!)) n++;
  return { hs: a.slice(0, a.length - n), ht: b.slice(0, b.length - n), tail: a.slice(a.length - n) };
}

const templ = (segs: readonly string[]) => segs.map((s) => (isIndexSegment(s) ? '{}' : s)).join('.');
const indices = (segs: readonly string[]) => segs.filter(isIndexSegment).map(Number);

/** A function of the source indices every member agrees on for target position `t`, simplest first. */
function fit(members: readonly Member[], t: number): Fn | null {
  const ys = members.map((m) => m.tgt[t]!);
  if (ys.every((y) => y === ys[0])) return { kind: 'const', value: ys[0]! };
  const width = members[0]!.src.length;
  for (let s = 0; s < width; s++) {
    const xs = members.map((m) => m.src[s]!);
    const offset = ys[0]! - xs[0]!;
    if (xs.every((x, i) => x + offset === ys[i])) return { kind: 'affine', from: s, offset };
  }
  for (let s = 0; s < width; s++) {
    const xs = members.map((m) => m.src[s]!);
    for (let k = 2; k <= MAX_GROUP; k++) {
      const d = ys[0]! - Math.floor(xs[0]! / k);
      if (xs.every((x, i) => Math.floor(x / k) + d === ys[i])) return { kind: 'div', from: s, k, offset: d };
      const r = ys[0]! - (xs[0]! % k);
      if (xs.every((x, i) => (x % k) + r === ys[i])) return { kind: 'mod', from: s, k, offset: r };
    }
  }
  return null;
}

function spell(fn: Fn, groupOf: (s: number) => number): string {
  const off = (o: number) => (o > 0 ? `+${o}` : o < 0 ? `-${-o}` : '');
  switch (fn.kind) {
    case 'const':
      return String(fn.value);
    case 'affine':
      return fn.offset === 0 ? `$${groupOf(fn.from)}` : `\${${groupOf(fn.from)}${off(fn.offset)}}`;
    case 'div':
      return `\${${groupOf(fn.from)}//${fn.k}${off(fn.offset)}}`;
    case 'mod':
      return `\${${groupOf(fn.from)}%${fn.k}${off(fn.offset)}}`;
  }
}

/** One proposal for members that one set of functions fits, or null. `only` restricts source index values. */
function propose(hs: readonly string[], ht: readonly string[], members: readonly Member[], restrict: Map<number, Set<number>>): ArithmeticProposal | null {
  const fns: Fn[] = [];
  for (let t = 0; t < members[0]!.tgt.length; t++) {
    const f = fit(members, t);
    if (!f) return null;
    fns.push(f);
  }
  // every non-constant function reads one source index: those become groups, the rest stay literal
  let si = 0;
  const group = new Map<number, number>();
  const pattern = hs.map((seg) => {
    if (!isIndexSegment(seg)) return escapeRegex(seg);
    const s = si++;
    const used = fns.some((f) => f.kind !== 'const' && f.from === s);
    const only = restrict.get(s);
    if (!used && !only) {
      // an index no target reads: any value this group has
      const values = [...new Set(members.map((m) => m.src[s]!))].sort((a, b) => a - b);
      group.set(s, group.size + 1);
      return `(${values.join('|')})`;
    }
    group.set(s, group.size + 1);
    if (only) return `(${[...only].sort((a, b) => a - b).join('|')})`;
    return '(\\d+)';
  }).join('\\.');
  let ti = 0;
  const replacement = ht.map((seg) => (isIndexSegment(seg) ? spell(fns[ti++]!, (s) => group.get(s)!) : seg.replace(/\$/g, '$$$$'))).join('.');
  const computed = fns.some((f) => f.kind === 'div' || f.kind === 'mod' || (f.kind === 'affine' && f.offset !== 0));
  return { pattern: `^${pattern}\\.`, replacement: `${replacement}.`, ids: members.map((m) => m.id), arithmetic: computed };
}

/**
 * Proposals for the pairs (name now → goal) rename-ops could not generalise. Pairs whose heads carry
 * no index on either side, or groups of one, are left to exact renames.
 */
export function arithmeticRenames(pairs: readonly { id: number; name: string; goal: string }[]): ArithmeticProposal[][] {
  const groups = new Map<string, { hs: string[]; ht: string[]; members: Member[] }>();
  for (const p of pairs) {
    const { hs, ht, tail } = headAndTail(p.name, p.goal);
    const src = indices(hs);
    const tgt = indices(ht);
    if (src.length === 0 || tgt.length === 0) continue;
    const id = `${templ(hs)}\u0000${templ(ht)}`;
    const g = groups.get(id) ?? groups.set(id, { hs, ht, members: [] }).get(id)!;
    g.members.push({ id: p.id, src, tgt, tail });
  }
  const out: ArithmeticProposal[][] = [];
  for (const g of groups.values()) {
    if (g.members.length < 2) continue;
    const whole = alternatives(g.hs, g.ht, g.members);
    if (whole.length) {
      out.push(whole);
      continue;
    }
    // cut by the target's leading index (a stage) and fit each part alone
    const parts = new Map<number, Member[]>();
    for (const m of g.members) (parts.get(m.tgt[0]!) ?? parts.set(m.tgt[0]!, []).get(m.tgt[0]!)!).push(m);
    for (const part of parts.values()) {
      if (part.length < 2) continue;
      const alts = alternatives(g.hs, g.ht, part);
      if (alts.length) out.push(alts);
    }
  }
  // most keys first
  return out.sort((a, b) => b[0]!.ids.length - a[0]!.ids.length);
}

/**
 * The ways to say one fitted group, most general first: the head as found; the head with the literal
 * segments every member's tail starts with (`layers.{}.downsample`); then the same with the source
 * index values listed, for when other keys share the head. The caller takes the first that is safe.
 */
function alternatives(hs: readonly string[], ht: readonly string[], members: readonly Member[]): ArithmeticProposal[] {
  const heads: [string[], string[]][] = [[[...hs], [...ht]]];
  const tail0 = members[0]!.tail;
  for (let k = 1; k < tail0.length; k++) {
    const seg = tail0[k - 1]!;
    if (!members.every((m) => m.tail[k - 1] === seg && m.tail.length > k)) break;
    heads.push([[...hs, ...tail0.slice(0, k)], [...ht, ...tail0.slice(0, k)]]);
  }
  const restrict = new Map<number, Set<number>>();
  for (let s = 0; s < members[0]!.src.length; s++) restrict.set(s, new Set(members.map((m) => m.src[s]!)));
  const out: ArithmeticProposal[] = [];
  for (const r of [new Map<number, Set<number>>(), restrict]) {
    for (const [h, t] of heads) {
      const p = propose(h, t, members, r);
      if (p) out.push(p);
    }
  }
  return out;
}
