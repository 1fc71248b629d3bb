/**
 * Step 6d: the split ops, as few as the data allows. A fused tensor per layer (every block's qkv) is cut
 * the same way in every layer: one split by pattern (plan version 2) whose targets carry the layer's
 * index (`^blocks\.(\d+)\.attn\.qkv\.weight$` → `encoder.layer.$1.attention.query.weight`, …), the way a
 * conversion script loops over layers. Taken only when the pattern matches exactly those keys at that
 * point of the ops and reproduces every one of their targets; anything else keeps one op per key.
 */
import type { PlanOp } from '../plan-ops.js';
import { isIndexSegment } from '../key-tokens.js';
import { compileSplit } from './op-semantics.js';
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
