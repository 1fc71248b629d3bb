/**
 * Minimum-cost one-to-one assignment. `hungarian` is exact, O(n²·m) with potentials (Kuhn–Munkres,
 * shortest augmenting paths), for the small blocks inference builds; `greedyAssignment` is the
 * O(k log k) fallback over a sparse list of candidate pairs for blocks too big for a full matrix.
 * A cost of Infinity means "never": such pairs are left unassigned rather than forced.
 */

/** row → column (or -1) minimizing the total cost; rows may outnumber columns and vice versa. */
export function hungarian(cost: readonly (readonly number[])[]): number[] {
  const rows = cost.length;
  const cols = rows ? cost[0]!.length : 0;
  if (rows === 0 || cols === 0) return new Array<number>(rows).fill(-1);
  for (const r of cost) if (r.length !== cols) throw new Error('hungarian: ragged cost matrix');
  let finiteMax = 0;
  for (const r of cost) for (const c of r) if (Number.isFinite(c)) finiteMax = Math.max(finiteMax, Math.abs(c));
  // Forbidden pairs cost more than any full assignment of allowed ones, so they are taken only when
  // nothing else is possible, and then dropped from the answer.
  const forbidden = (finiteMax + 1) * (Math.max(rows, cols) + 1);
  const transpose = rows > cols;
  const n = transpose ? cols : rows;
  const m = transpose ? rows : cols;
  const a = (i: number, j: number): number => {
    const v = transpose ? cost[j]![i]! : cost[i]![j]!;
    return Number.isFinite(v) ? v : forbidden;
  };
  // 1-based arrays as in the classic formulation; p[j] = row matched to column j.
  const u = new Float64Array(n + 1);
  const v = new Float64Array(m + 1);
  const p = new Int32Array(m + 1);
  const way = new Int32Array(m + 1);
  const minv = new Float64Array(m + 1);
  const used = new Uint8Array(m + 1);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    minv.fill(Infinity);
    used.fill(0);
    do {
      used[j0] = 1;
      const i0 = p[j0]!;
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const cur = a(i0 - 1, j - 1) - u[i0]! - v[j]!;
        if (cur < minv[j]!) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j]! < delta) {
          delta = minv[j]!;
          j1 = j;
        }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          const r = p[j]!;
          u[r] = u[r]! + delta;
          v[j] = v[j]! - delta;
        } else minv[j] = minv[j]! - delta;
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0]!;
      p[j0] = p[j1]!;
      j0 = j1;
    } while (j0 !== 0);
  }
  const result = new Array<number>(rows).fill(-1);
  for (let j = 1; j <= m; j++) {
    const i = p[j]!;
    if (i === 0) continue;
    const [r, c] = transpose ? [j - 1, i - 1] : [i - 1, j - 1];
    if (Number.isFinite(cost[r]![c]!)) result[r] = c;
  }
  return result;
}

export interface CandidatePair {
  row: number;
  col: number;
  cost: number;
}

/** Cheapest pairs first, each row and column used once. Ties keep the candidates' order. */
export function greedyAssignment(rows: number, candidates: readonly CandidatePair[]): number[] {
  return greedyOver(rows, Float64Array.from(candidates, (c) => c.cost), (k) => candidates[k]!.row, (k) => candidates[k]!.col);
}

/**
 * The same over a full rows × cols matrix in row-major order (ties: the earlier cell first), without an
 * object per cell: the blocks this serves hold up to millions of cells.
 */
export function greedyAssignmentMatrix(rows: number, cols: number, cost: Float64Array): number[] {
  return greedyOver(rows, cost, (k) => Math.floor(k / cols), (k) => k % cols);
}

function greedyOver(rows: number, costs: Float64Array, rowOf: (k: number) => number, colOf: (k: number) => number): number[] {
  const finite = new Uint32Array(costs.length);
  let n = 0;
  for (let k = 0; k < costs.length; k++) if (Number.isFinite(costs[k]!)) finite[n++] = k;
  const order = finite.subarray(0, n).sort((x, y) => costs[x]! - costs[y]! || x - y);
  const result = new Array<number>(rows).fill(-1);
  const takenCols = new Set<number>();
  for (const k of order) {
    const row = rowOf(k);
    const col = colOf(k);
    if (result[row] !== -1 || takenCols.has(col)) continue;
    result[row] = col;
    takenCols.add(col);
  }
  return result;
}
