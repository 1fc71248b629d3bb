/**
 * Which pairs a cost matrix singles out, for look-alikes whose order is no evidence (a module the two
 * sides define in another order, a side listed sorted by name): a pair stands only when its cost is
 * below every alternative of its row and of its column by `margin`; each pair singled out takes its
 * row and column out of the question and what remains is asked again (`conv3` is `conv3` by name, so
 * the `downsample` left is the `shortcut` left), down to one against one. What is left open is for
 * the caller to list with its candidates, never to guess. Used by module alignment (modules.ts) and
 * template assignment (assign.ts).
 */
import { hungarian } from '../hungarian.js';

/** the pairs (row, column) singled out, and the rows and columns left open */
export function singleOut(cost: readonly (readonly number[])[], margin: number): { pairs: [number, number][]; rows: Set<number>; cols: Set<number> } {
  const pairs: [number, number][] = [];
  const rows = new Set<number>(cost.map((_, i) => i));
  const cols = new Set<number>((cost[0] ?? []).map((_, j) => j));
  for (let found = true; found && rows.size > 0 && cols.size > 0; ) {
    found = false;
    const is = [...rows];
    const js = [...cols];
    const sub = is.map((i) => js.map((j) => cost[i]![j]!));
    hungarian(sub).forEach((b, a) => {
      if (b < 0) return;
      const i = is[a]!;
      const j = js[b]!;
      const c = cost[i]![j]!;
      if (!Number.isFinite(c)) return;
      // another column this row could as well take, or another row this column could as well be
      const close = (i2: number, j2: number) => (i2 !== i || j2 !== j) && cost[i2]![j2]! - c < margin;
      if (js.some((j2) => close(i, j2)) || is.some((i2) => close(i2, j))) return;
      pairs.push([i, j]);
      rows.delete(i);
      cols.delete(j);
      found = true;
    });
  }
  return { pairs, rows, cols };
}
