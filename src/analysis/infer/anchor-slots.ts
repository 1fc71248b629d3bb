/**
 * Look-alike named siblings whose names say nothing (every pairing of the group costs the same by names and
 * shapes: `q_proj`, `o_proj` against two opaque tokens; two norms; `img_*` and `txt_*` streams) used to be
 * paired by their order of definition alone. Order is the authors' choice: a model that defines its output
 * projection first, or its text stream before its image stream, gets a swap that loads without a word in
 * torch (issue 11: "a pair is proposed only when the evidence singles it out"). Order is evidence only
 * where structure pins it: the module's parts paired without order (each the only one of its signature on
 * both sides, or named alike) are anchors, and a look-alike is placed by the slot the anchors leave it —
 * how many of them come before it on its side (`norm1` before the unique `attn`, `norm2` after it, on both
 * sides). The anchors themselves come in the same order on both sides (modules.ts checks that before: a
 * module whose anchors cross pairs its look-alikes by names alone), so a slot is the same place on both.
 * A look-alike alone in its slot on each side is placed there; several in one slot are ordered by nothing
 * but their definition, and are left to be listed with their candidates.
 */
import type { Group, Node } from './modules.js';

/** How many of the ascending `sorted` are below `x` (binary search: a module can hold thousands of anchors and look-alikes). */
export function countBelow(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The pairs of `g` the anchors place (each the one look-alike of the group in its slot on both sides);
 * `anchors`: the module's parts paired by anything but order, [source, target].
 */
export function pairedByAnchors(g: Group, anchors: readonly (readonly [Node, Node])[]): [Node, Node][] {
  if (anchors.length === 0) return [];
  const sPos = anchors.map(([u]) => u.pos).sort((a, b) => a - b);
  const tPos = anchors.map(([, v]) => v.pos).sort((a, b) => a - b);
  const bySlot = <T extends Node>(units: readonly T[], positions: readonly number[]) => {
    const out = new Map<number, T[]>();
    for (const u of units) {
      const k = countBelow(positions, u.pos);
      (out.get(k) ?? out.set(k, []).get(k)!).push(u);
    }
    return out;
  };
  const sSlots = bySlot(g.s, sPos);
  const tSlots = bySlot(g.t, tPos);
  const out: [Node, Node][] = [];
  for (const [k, us] of sSlots) {
    const vs = tSlots.get(k);
    if (us.length === 1 && vs?.length === 1) out.push([us[0]!, vs[0]!]);
  }
  return out;
}
