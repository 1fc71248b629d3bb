import { describe, expect, test } from 'vitest';
import { reorderedAround, type Group, type Node } from '../../../src/analysis/infer/modules.js';

const node = (pos: number): Node => ({ path: `m.n${pos}`, key: null, children: [], sig: 0, pos }) as unknown as Node;

/** The definition, counted by scanning every anchor for every unit (what the binary search must equal). */
function reference(anchored: readonly (readonly [Node, Node, number])[], twins: readonly Group[]): boolean {
  if (twins.length === 0) return false;
  const anchors = [...anchored].sort((a, b) => a[0].pos - b[0].pos);
  for (let i = 1; i < anchors.length; i++) if (anchors[i]![1].pos < anchors[i - 1]![1].pos) return true;
  const slot = (n: Node, side: 0 | 1) => anchors.filter((a) => a[side].pos < n.pos).length;
  const slots = (units: readonly Node[], side: 0 | 1) => units.map((u) => slot(u, side)).sort((a, b) => a - b).join(',');
  return twins.some((g) => g.s.length === g.t.length && slots(g.s, 0) !== slots(g.t, 1));
}

/** a small deterministic generator (mulberry32) so a failure reproduces */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled(n: number, r: () => number): number[] {
  const a = [...Array(n).keys()];
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

describe('reorderedAround', () => {
  test('equals the anchor-by-anchor count on random modules, reordered or not', () => {
    const r = random(7);
    let reordered = 0;
    for (let c = 0; c < 3000; c++) {
      const anchorCount = Math.floor(r() * 6);
      const groups = 1 + Math.floor(r() * 3);
      const sizes = Array.from({ length: groups }, () => [1 + Math.floor(r() * 3), 1 + Math.floor(r() * 3)] as const);
      const total = (side: 0 | 1) => anchorCount + sizes.reduce((n, s) => n + s[side], 0);
      // positions: a permutation per side; half the cases keep anchors in the same order on both sides
      const ps = shuffled(total(0), r);
      const pt = shuffled(total(1), r);
      const sa = ps.slice(0, anchorCount).sort((a, b) => a - b);
      const ta = pt.slice(0, anchorCount).sort((a, b) => a - b);
      if (r() < 0.5) ta.reverse();
      const anchored = sa.map((p, i) => [node(p), node(ta[i]!), 0] as const);
      let is = anchorCount;
      let it = anchorCount;
      const twins: Group[] = sizes.map(([ns, nt]) => ({ s: ps.slice(is, (is += ns)).map(node), t: pt.slice(it, (it += nt)).map(node) }));
      const want = reference(anchored, twins);
      if (want) reordered++;
      expect(reorderedAround(anchored, twins)).toBe(want);
    }
    // both answers occur, so the comparison says something
    expect(reordered).toBeGreaterThan(300);
    expect(reordered).toBeLessThan(2700);
  });
});
