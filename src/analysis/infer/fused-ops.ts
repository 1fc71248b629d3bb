/**
 * Step 6d: the split ops, as few as the data allows. A fused tensor per layer (every block's qkv) is cut
 * the same way in every layer: one split by pattern (plan version 2) whose targets carry the layer's
 * index (`^blocks\.(\d+)\.attn\.qkv\.weight$` → `encoder.layer.$1.attention.query.weight`, …), the way a
 * conversion script loops over layers. Taken only when the pattern matches exactly those keys at that
 * point of the ops and reproduces every one of their targets; anything else keeps one op per key.
 */
import type { PlanOp } from '../op-vocabulary.js';
import { isIndexSegment, splitKey } from '../key-tokens.js';
import { compileSplit, concatGroups, stackGroups } from '../op-vocabulary.js';
import { escapeRegex } from './regex.js';

type SplitOp = Extract<PlanOp, { op: 'split' }>;

export interface SplitInput {
  /** the source key, for covers */
  source: string;
  /** the tensor's name at the point of the split */
  key: string;
  targets: string[];
  dim: number;
  sizes: number[];
  confidence: number;
  evidence: string;
}

/**
 * `blocks.3.attn.qkv.weight` with targets naming `3` → a pattern with a group per index and targets with
 * `$g`. Index segments at the positions `fixed` stay literal: the stage a set of layers shares, where
 * each stage cuts its own sizes (Swin's qkv is 3 × 96 in stage 0, 3 × 192 in stage 1).
 */
function templated(s: SplitInput, fixed: ReadonlySet<number> = new Set(), byValue = true): { pattern: string; targets: string[] } {
  const segs = splitKey(s.key);
  const groupOf = new Map<string, number>();
  // the key's index segments in order: each a group number, or its literal text where fixed
  const ordinal: (number | string)[] = [];
  let g = 0;
  const pattern = `^${segs.map((seg, at) => {
    if (!isIndexSegment(seg)) return escapeRegex(seg);
    if (fixed.has(at)) {
      ordinal.push(seg);
      return escapeRegex(seg);
    }
    g++;
    ordinal.push(g);
    if (!groupOf.has(seg)) groupOf.set(seg, g);
    return '(\\d+)';
  }).join('\\.')}$`;
  // a target's k-th index that equals the key's k-th is that one (the stage stays the stage even where
  // a block shares its number); any other index is found by its value
  const keyIndices = segs.filter(isIndexSegment);
  const targets = s.targets.map((t) => {
    let k = 0;
    return splitKey(t).map((seg) => {
      if (!isIndexSegment(seg)) return seg.replace(/\$/g, '$$$$');
      const mine = ordinal[k];
      const keySeg = keyIndices[k++];
      if (mine !== undefined && keySeg === seg) return typeof mine === 'number' ? `$${mine}` : seg;
      return byValue && groupOf.has(seg) ? `$${groupOf.get(seg)}` : seg;
    }).join('.');
  });
  return { pattern, targets };
}

export function splitOps(splits: readonly SplitInput[], namesNow: readonly string[]): { ops: SplitOp[]; covers: string[][] } {
  const ops: SplitOp[] = [];
  const covers: string[][] = [];
  const round = (x: number) => Math.round(x * 100) / 100;
  const isExact = (op: SplitOp, members: readonly SplitInput[]) => {
    const cut = compileSplit(op);
    const mine = new Map(members.map((m) => [m.key, m]));
    return namesNow.every((n) => {
      const t = cut(n);
      const m = mine.get(n);
      return t === null ? m === undefined : m !== undefined && t.length === m.targets.length && t.every((x, i) => x === m.targets[i]);
    });
  };
  /** one op per group that is exact by pattern; the members of the others are returned */
  const byPattern = (members: readonly SplitInput[], fixedFor: (s: SplitInput) => ReadonlySet<number>, byValue = true): SplitInput[] => {
    const groups = new Map<string, { pattern: string; targets: string[]; members: SplitInput[] }>();
    for (const s of members) {
      const t = templated(s, fixedFor(s), byValue);
      const id = `${t.pattern}\u0000${t.targets.join('\u0000')}\u0000${s.dim}\u0000${s.sizes.join(',')}`;
      const g = groups.get(id);
      if (g) g.members.push(s);
      else groups.set(id, { ...t, members: [s] });
    }
    const left: SplitInput[] = [];
    for (const g of groups.values()) {
      const first = g.members[0]!;
      const op: SplitOp = { op: 'split', pattern: g.pattern, dim: first.dim, targets: g.targets, sizes: first.sizes, confidence: 0, evidence: '' };
      if (g.members.length >= 2 && isExact(op, g.members)) {
        op.confidence = round(Math.min(...g.members.map((m) => m.confidence)));
        op.evidence = `${g.members.length} tensors cut alike; ${first.evidence}`;
        ops.push(op);
        covers.push(g.members.map((m) => m.source));
      } else left.push(...g.members);
    }
    return left;
  };
  // First the targets' indices by position alone: a per-expert target's own index (`experts.3`) is literal
  // even where it happens to equal the layer's number (`layers.3.w1` → `…layers.$1.…experts.3.w1.weight`),
  // which a template by value would capture and so make every such layer a template of its own.
  let left = byPattern(splits, () => new Set(), false);
  left = byPattern(left, () => new Set());
  // Cut alike within a stage but not across: keep literal the indices every member of a size shares.
  const shared = new Map<string, Set<number>>();
  for (const s of left) {
    const id = `${templated(s).pattern}\u0000${s.dim}\u0000${s.sizes.join(',')}`;
    const segs = splitKey(s.key);
    const now = new Set(segs.flatMap((seg, at) => (isIndexSegment(seg) ? [at] : [])));
    const prev = shared.get(id);
    const key = (x: SplitInput) => splitKey(x.key);
    if (!prev) shared.set(id, now);
    else {
      const first = left.find((x) => `${templated(x).pattern}\u0000${x.dim}\u0000${x.sizes.join(',')}` === id)!;
      for (const at of [...prev]) if (key(first)[at] !== segs[at]) prev.delete(at);
    }
  }
  left = byPattern(left, (s) => shared.get(`${templated(s).pattern}\u0000${s.dim}\u0000${s.sizes.join(',')}`) ?? new Set());
  for (const m of left) {
    ops.push({ op: 'split', key: m.key, dim: m.dim, targets: m.targets, sizes: m.sizes, confidence: round(m.confidence), evidence: m.evidence });
    covers.push([m.source]);
  }
  return { ops, covers };
}

type StackOp = Extract<PlanOp, { op: 'stack' }>;

export interface StackInput {
  /** the source keys, for covers */
  sources: string[];
  /** their names at the point of the stack (or concat), in stacking (joining) order */
  keys: string[];
  target: string;
  dim: number;
  confidence: number;
  evidence: string;
}

/**
 * One stack op per kind of stacked tensor: the members' names with every index a group, the stacking
 * index the one that runs 0..n−1, the target carrying the other groups (`blk.$1.ffn_gate_exps.weight`).
 * Taken only when it groups exactly these keys at that point; else one op per target.
 */
export function stackOps(stacks: readonly StackInput[], namesNow: readonly string[]): { ops: StackOp[]; covers: string[][] } {
  const groups = new Map<string, { op: StackOp; members: StackInput[] }>();
  const single: StackInput[] = [];
  for (const s of stacks) {
    const first = s.keys[0]!.split('.');
    const second = s.keys[1]!.split('.');
    const at = first.findIndex((seg, i) => seg !== second[i]);
    if (at < 0 || !isIndexSegment(first[at]!)) {
      single.push(s);
      continue;
    }
    let g = 0;
    let index = 0;
    const groupOf = new Map<string, number>();
    const pattern = `^${first.map((seg, i) => {
      if (!isIndexSegment(seg)) return escapeRegex(seg);
      g++;
      if (i === at) index = g;
      else if (!groupOf.has(seg)) groupOf.set(seg, g);
      return '(\\d+)';
    }).join('\\.')}$`;
    const target = splitKey(s.target).map((seg) => (isIndexSegment(seg) && groupOf.has(seg) ? `$${groupOf.get(seg)}` : seg.replace(/\$/g, '$$$$'))).join('.');
    const id = `${pattern}\u0000${index}\u0000${target}\u0000${s.dim}`;
    const entry = groups.get(id) ?? groups.set(id, { op: { op: 'stack', pattern, index, dim: s.dim, target, confidence: 0, evidence: '' }, members: [] }).get(id)!;
    entry.members.push(s);
  }
  const ops: StackOp[] = [];
  const covers: string[][] = [];
  const round = (x: number) => Math.round(x * 100) / 100;
  const alone = (s: StackInput) => {
    const segs = s.keys[0]!.split('.');
    const at = segs.findIndex((seg, i) => seg !== s.keys[1]!.split('.')[i]);
    const pattern = `^${segs.map((seg, i) => (i === at ? '(\\d+)' : escapeRegex(seg))).join('\\.')}$`;
    ops.push({ op: 'stack', pattern, index: 1, dim: s.dim, target: s.target.replace(/\$/g, '$$$$'), confidence: round(s.confidence), evidence: s.evidence });
    covers.push(s.sources);
  };
  for (const { op, members } of groups.values()) {
    const { groups: made, error } = stackGroups(op, namesNow);
    const exact = !error && made.size === members.length && members.every((m) => {
      const got = made.get(m.target);
      return got !== undefined && got.length === m.keys.length && got.every((k, i) => k === m.keys[i]);
    });
    if (exact) {
      op.confidence = round(Math.min(...members.map((m) => m.confidence)));
      op.evidence = `${members.length} stacked tensor(s); ${members[0]!.evidence}`;
      ops.push(op);
      covers.push(members.flatMap((m) => m.sources));
    } else members.forEach(alone);
  }
  single.forEach(alone);
  return { ops, covers };
}

type ConcatOp = Extract<PlanOp, { op: 'concat' }>;

/** A join to make: like a stack, its keys (in join order) into one target, along an existing dim. */
export type ConcatInput = StackInput;

/**
 * A concat as a pattern (plan version 3): the keys' one differing segment becomes the part group
 * (`(q_proj|k_proj|v_proj)`, listed in join order), every other index segment a `(\d+)` group, and the
 * target carries the indices it shares with the keys (`layers.$1.linear_qkv.weight`). Null when the
 * keys differ in more than one segment (nothing to template).
 */
function concatTemplate(c: ConcatInput): { pattern: string; part: number; parts: string[]; target: string } | null {
  const segs = c.keys.map((k) => splitKey(k));
  const first = segs[0]!;
  if (segs.some((s) => s.length !== first.length)) return null;
  const differ = first.flatMap((_, i) => (segs.some((s) => s[i] !== first[i]) ? [i] : []));
  if (differ.length !== 1) return null;
  const at = differ[0]!;
  const parts = segs.map((s) => s[at]!);
  if (new Set(parts).size !== parts.length) return null;
  let g = 0;
  let part = 0;
  const indexGroups: { group: number; value: string }[] = [];
  const pattern = `^${first.map((seg, i) => {
    if (i === at) {
      part = ++g;
      return `(${parts.map(escapeRegex).join('|')})`;
    }
    if (!isIndexSegment(seg)) return escapeRegex(seg);
    indexGroups.push({ group: ++g, value: seg });
    return '(\\d+)';
  }).join('\\.')}$`;
  // the target's indices are the keys' (found by value: `layers.3` stays layer 3), taken in order
  // when a value recurs (`layers.0.1.0` → `$1.$2.$3`, so every layer gives the same template); others stay literal
  let last = 0;
  const target = splitKey(c.target).map((seg) => {
    if (!isIndexSegment(seg)) return seg.replace(/\$/g, '$$$$');
    const same = indexGroups.filter((x) => x.value === seg);
    const chosen = same.find((x) => x.group > last) ?? same[0];
    if (chosen === undefined) return seg;
    last = chosen.group;
    return `$${chosen.group}`;
  }).join('.');
  return { pattern, part, parts, target };
}

/**
 * The concat ops: one by pattern for every kind of join that recurs (each layer's q/k/v into its
 * `linear_qkv`), taken only when, at that point of the ops, it groups exactly these keys into exactly
 * these targets in this order; anything else keeps one op naming its keys (so does everything when
 * `byPattern` is false).
 */
export function concatOps(concats: readonly ConcatInput[], namesNow: readonly string[], byPattern = true): { ops: ConcatOp[]; covers: string[][] } {
  const round = (x: number) => Math.round(x * 100) / 100;
  type ByPattern = { op: 'concat'; pattern: string; part: number; parts: string[]; dim: number; target: string; confidence: number; evidence: string };
  const groups = new Map<string, { op: ByPattern; members: ConcatInput[] }>();
  const single: ConcatInput[] = [];
  for (const c of concats) {
    const t = byPattern ? concatTemplate(c) : null;
    if (!t) {
      single.push(c);
      continue;
    }
    const id = `${t.pattern}\u0000${t.target}\u0000${c.dim}`;
    const entry = groups.get(id) ?? groups.set(id, { op: { op: 'concat', ...t, dim: c.dim, confidence: 0, evidence: '' }, members: [] }).get(id)!;
    entry.members.push(c);
  }
  const ops: ConcatOp[] = [];
  const covers: string[][] = [];
  for (const { op, members } of groups.values()) {
    if (members.length < 2) {
      single.push(...members);
      continue;
    }
    const { groups: made, error } = concatGroups(op, namesNow);
    const exact = !error && made.size === members.length && members.every((m) => {
      const got = made.get(m.target);
      return got !== undefined && got.length === m.keys.length && got.every((k, i) => k === m.keys[i]);
    });
    if (!exact) {
      single.push(...members);
      continue;
    }
    op.confidence = round(Math.min(...members.map((m) => m.confidence)));
    op.evidence = `${members.length} tensors joined alike; ${members[0]!.evidence}`;
    ops.push(op);
    covers.push(members.flatMap((m) => m.sources));
  }
  for (const c of single) {
    ops.push({ op: 'concat', keys: c.keys, dim: c.dim, target: c.target, confidence: round(c.confidence), evidence: c.evidence });
    covers.push(c.sources);
  }
  return { ops, covers };
}
