/**
 * Minimum-cost one-to-one assignment. `hungarian` is exact, O(n²·m) with potentials (Kuhn–Munkres,
 * shortest augmenting paths), for the small blocks inference builds; `greedyAssignment` is the
 * O(k log k) fallback over a sparse list of candidate pairs for blocks too big for a full matrix.
 * A cost of Infinity means "never": such pairs are left unassigned rather than forced.
 */
/** row → column (or -1) minimizing the total cost; rows may outnumber columns and vice versa. */
export declare function hungarian(cost: readonly (readonly number[])[]): number[];
export interface CandidatePair {
    row: number;
    col: number;
    cost: number;
}
/** Cheapest pairs first, each row and column used once. Ties keep the candidates' order. */
export declare function greedyAssignment(rows: number, candidates: readonly CandidatePair[]): number[];
/**
 * The same over a full rows × cols matrix in row-major order (ties: the earlier cell first), without an
 * object per cell: the blocks this serves hold up to millions of cells.
 */
export declare function greedyAssignmentMatrix(rows: number, cols: number, cost: Float64Array): number[];
