/**
 * Stacked tensors: per-expert (or per-head) weights on one side, one tensor per layer with a new leading
 * dimension on the other (llama.cpp's ffn_gate_exps, transformers v5 fused experts). A target key of shape
 * [n, …rest] takes the source keys that differ only in one index running 0..n−1, each of shape rest, and
 * whose other indices are the target's own (layer 3 stacks into layer 3). One such group: it is the stack.
 * Several of the same shape (Mixtral's w1 and w3 are both [ffn, hidden]) are paired with the targets of
 * the same shape and layer in state-dict order — siblings aligned by order and signature — when their
 * counts agree; otherwise they are listed as an ambiguity, never guessed.
 */
import { isIndexSegment } from '../key-tokens.js';
import { CONFIDENCE } from './confidence.js';
import type { Ambiguity, Located, Pool } from './types.js';

export interface StackMatch {
  /** in stacking order: index 0, 1, … */
  sources: string[];
  target: string;
  dim: number;
  confidence: number;
  evidence: string;
}

interface Group {
  id: string;
  /** the source keys in index order */
  keys: string[];
  /** the other indices of the keys (what the target must carry) */
  fixed: string;
  shape: string;
  pos: number;
}

const shapeText = (s: readonly number[]) => s.join(',');

function indexValues(key: string): string {
  return key.split('.').filter(isIndexSegment).join(',');
}

/** Source groups: keys alike but for one index that runs 0..n−1, n ≥ 2, all of one shape. */
function sourceGroups(source: ReadonlyMap<string, Located>): Map<string, Group[]> {
  const raw = new Map<string, { at: number[]; keys: string[]; fixed: string; shape: string; pos: number }>();
  for (const e of source.values()) {
    if (!e.shape) continue;
    const segs = e.key.split('.');
    segs.forEach((seg, p) => {
      if (!isIndexSegment(seg)) return;
      const templ = [...segs.slice(0, p), '{}', ...segs.slice(p + 1)].join('.');
      const shape = shapeText(e.shape!);
      const id = `${templ}|${shape}`;
      let g = raw.get(id);
      if (!g) raw.set(id, (g = { at: [], keys: [], fixed: segs.filter((s, i) => i !== p && isIndexSegment(s)).join(','), shape, pos: e.pos }));
      g.at.push(Number(seg));
      g.keys.push(e.key);
      g.pos = Math.min(g.pos, e.pos);
    });
  }
  // by (count, member shape, fixed indices): what a target of shape [count, …] at those indices can take
  const out = new Map<string, Group[]>();
  for (const [id, g] of raw) {
    const n = g.keys.length;
    if (n < 2) continue;
    const order = g.at.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
    if (order.some(([v], i) => v !== i)) continue;
    const group: Group = { id, keys: order.map(([, i]) => g.keys[i]!), fixed: g.fixed, shape: g.shape, pos: g.pos };
    const k = `${n}|${g.shape}|${g.fixed}`;
    (out.get(k) ?? out.set(k, []).get(k)!).push(group);
  }
  return out;
}

export function findStacks(pool: Pool): { stacks: StackMatch[]; ambiguities: Ambiguity[] } {
  const stacks: StackMatch[] = [];
  const ambiguities: Ambiguity[] = [];
  const targets = [...pool.target.values()].filter((t) => t.shape && t.shape.length >= 2 && t.shape[0]! >= 2);
  if (targets.length === 0) return { stacks, ambiguities };
  const groups = sourceGroups(pool.source);
  if (groups.size === 0) return { stacks, ambiguities };
  // targets that want the same kind of group, in state-dict order
  const wanting = new Map<string, Located[]>();
  for (const t of targets) {
    const k = `${t.shape![0]}|${shapeText(t.shape!.slice(1))}|${indexValues(t.key)}`;
    if (!groups.has(k)) continue;
    (wanting.get(k) ?? wanting.set(k, []).get(k)!).push(t);
  }
  const used = new Set<string>();
  for (const [k, ts] of wanting) {
    // a key may stand in groups along several of its indices: the one whose keys are all still free
    const gs = groups.get(k)!.filter((g) => g.keys.every((key) => !used.has(key)));
    if (gs.length !== ts.length) {
      ambiguities.push({ keys: ts.map((t) => t.key).slice(0, 8), candidates: gs.map((g) => g.keys[0]!).slice(0, 8), reason: `${ts.length} stacked tensor(s) of this shape and ${gs.length} groups of tensors that could be stacked into them: not paired` });
      continue;
    }
    gs.sort((a, b) => a.pos - b.pos);
    ts.sort((a, b) => a.pos - b.pos);
    const alone = gs.length === 1;
    gs.forEach((g, i) => {
      const t = ts[i]!;
      for (const key of g.keys) used.add(key);
      stacks.push({
        sources: g.keys,
        target: t.key,
        dim: 0,
        confidence: alone ? CONFIDENCE.stackUnique : CONFIDENCE.stackByOrder,
        evidence: `${g.keys.length} tensors [${g.shape}] stack into [${t.shape!.join(', ')}]${alone ? '' : `; ${gs.length} such groups paired in state-dict order`}`,
      });
    });
  }
  return { stacks, ambiguities };
}
