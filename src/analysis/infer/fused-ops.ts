/**
 * Step 6d: the split ops, as few as the data allows. A fused tensor per layer (every block's qkv) is cut
 * the same way in every layer: one split by pattern (plan version 2) whose targets carry the layer's
 * index (`^blocks\.(\d+)\.attn\.qkv\.weight$` → `encoder.layer.$1.attention.query.weight`, …), the way a
 * conversion script loops over layers. Taken only when the pattern matches exactly those keys at that
 * point of the ops and reproduces every one of their targets; anything else keeps one op per key.
 */
import type { PlanOp } from '../op-vocabulary.js';
import { isIndexSegment } from '../key-tokens.js';
import { compileSplit, stackGroups } from '../op-vocabulary.js';
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

/** `blocks.3.attn.qkv.weight` with targets naming `3` → a pattern with a group per index and targets with `$g`. */
function templated(s: SplitInput): { pattern: string; targets: string[] } {
  const segs = s.key.split('.');
  const groupOf = new Map<string, number>();
  let g = 0;
  const pattern = `^${segs.map((seg) => {
    if (!isIndexSegment(seg)) return escapeRegex(seg);
    g++;
    if (!groupOf.has(seg)) groupOf.set(seg, g);
    return '(\\d+)';
  }).join('\\.')}$`;
  const targets = s.targets.map((t) => t.split('.').map((seg) => (isIndexSegment(seg) && groupOf.has(seg) ? `$${groupOf.get(seg)}` : seg.replace(/\$/g, '$$$$'))).join('.'));
  return { pattern, targets };
}

export function splitOps(splits: readonly SplitInput[], namesNow: readonly string[]): { ops: SplitOp[]; covers: string[][] } {
  const groups = new Map<string, { pattern: string; targets: string[]; members: SplitInput[] }>();
  for (const s of splits) {
    const t = templated(s);
    const id = `${t.pattern}\u0000${t.targets.join('\u0000')}\u0000${s.dim}\u0000${s.sizes.join(',')}`;
    const g = groups.get(id);
    if (g) g.members.push(s);
    else groups.set(id, { ...t, members: [s] });
  }
  const ops: SplitOp[] = [];
  const covers: string[][] = [];
  const round = (x: number) => Math.round(x * 100) / 100;
  for (const g of groups.values()) {
    const first = g.members[0]!;
    if (g.members.length >= 2) {
      const op: SplitOp = { op: 'split', pattern: g.pattern, dim: first.dim, targets: g.targets, sizes: first.sizes, confidence: 0, evidence: '' };
      const cut = compileSplit(op);
      const mine = new Map(g.members.map((m) => [m.key, m]));
      const exact = namesNow.every((n) => {
        const t = cut(n);
        const m = mine.get(n);
        return t === null ? m === undefined : m !== undefined && t.length === m.targets.length && t.every((x, i) => x === m.targets[i]);
      });
      if (exact) {
        op.confidence = round(Math.min(...g.members.map((m) => m.confidence)));
        op.evidence = `${g.members.length} tensors cut alike; ${first.evidence}`;
        ops.push(op);
        covers.push(g.members.map((m) => m.source));
        continue;
      }
    }
    for (const m of g.members) {
      ops.push({ op: 'split', key: m.key, dim: m.dim, targets: m.targets, sizes: m.sizes, confidence: round(m.confidence), evidence: m.evidence });
      covers.push([m.source]);
    }
  }
  return { ops, covers };
}

type StackOp = Extract<PlanOp, { op: 'stack' }>;

export interface StackInput {
  /** the source keys, for covers */
  sources: string[];
  /** their names at the point of the stack, in stacking order */
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
    const target = s.target.split('.').map((seg) => (isIndexSegment(seg) && groupOf.has(seg) ? `$${groupOf.get(seg)}` : seg.replace(/\$/g, '$$$$'))).join('.');
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
