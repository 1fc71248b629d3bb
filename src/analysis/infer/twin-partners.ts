/**
 * Look-alikes one side nests under the part they go with and the other numbers beside it. Caffe2's
 * ResNet blobs hold `branch2a.bn` under `branch2a`, whose weight is mmdet's `conv1`; mmdet numbers the
 * norms `bn1`, `bn2` beside `conv1`, `conv2`. The two norms are one shape and the side is sorted by name,
 * so neither order nor shape tells them apart, and names mislead (`branch2a` carries the `2` of `bn2`).
 * But the part a nested unit sits under was paired already (its weight is `conv1`), and the target names
 * its parts as numbered partners (`conv1`, `bn1`: another stem, the same number): the one target
 * look-alike whose number is that anchor's, and whose stem is another, is the unit's partner. A unit is
 * pinned only where its anchors agree on one number and exactly one look-alike carries it, and no other
 * unit is pinned to that look-alike; what is left goes on to names alone (modules.ts singledOut).
 */
import type { Group, Node } from './modules.js';
import { firstSegmentOf } from '../key-tokens.js';

/** a segment read as a stem and a trailing number (`conv1` → `conv`, 1; `bn_2` → `bn_`, 2); null without both */
function numberedName(segment: string): { stem: string; n: number } | null {
  const m = /^(.*[^\d])(\d+)$/.exec(segment);
  return m ? { stem: m[1]!, n: Number(m[2]) } : null;
}

const below = (u: Node, parent: Node) => (parent.path ? u.path.slice(parent.path.length + 1) : u.path);

/**
 * The (source unit, target unit) pairs of `g` that partners single out, given the pairs `solved` so far
 * in this module (s, t the aligned parents).
 */
export function partnersByNumber(g: Group, s: Node, t: Node, solved: readonly (readonly [Node, Node, ...unknown[]])[]): [Node, Node][] {
  // the target's look-alikes must be its own numbered parts (`bn1`), one segment below it
  const numbered = g.t.map((v) => {
    const rel = below(v, t);
    return rel.includes('.') ? null : numberedName(rel);
  });
  if (numbered.some((x) => x === null)) return [];
  const pins = new Map<Node, Node>();
  const claimed = new Map<Node, number>();
  for (const u of g.s) {
    const rel = below(u, s);
    const dot = rel.indexOf('.');
    if (dot < 0) continue;
    const home = rel.slice(0, dot);
    // what else of the unit's home was paired, and the numbers its counterparts carry
    const numbers = new Set<number>();
    const stems = new Set<string>();
    for (const [x, y] of solved) {
      if (x === u) continue;
      const xr = below(x, s);
      if (xr !== home && !xr.startsWith(`${home}.`)) continue;
      const yr = below(y, t);
      const name = numberedName(firstSegmentOf(yr));
      if (name === null) {
        numbers.add(NaN);
        continue;
      }
      numbers.add(name.n);
      stems.add(name.stem);
    }
    if (numbers.size !== 1) continue;
    const n = [...numbers][0]!;
    const candidates = g.t.filter((_, j) => numbered[j]!.n === n && !stems.has(numbered[j]!.stem));
    if (candidates.length !== 1) continue;
    pins.set(u, candidates[0]!);
    claimed.set(candidates[0]!, (claimed.get(candidates[0]!) ?? 0) + 1);
  }
  return [...pins].filter(([, v]) => claimed.get(v) === 1);
}
