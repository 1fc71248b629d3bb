/**
 * How two dotted names differ, segment by segment: the hunks (runs of segments replaced, inserted or
 * deleted between common ones) that renames are proposed from.
 */
/** One difference: source segments [from, to) become target segments [tFrom, tTo). */
export interface Hunk {
    from: number;
    to: number;
    tFrom: number;
    tTo: number;
}
/**
 * The hunks between a and b along a longest common subsequence of segments. Among equally long
 * ones, the alignment that keeps segments at the end (leaves, module names) is preferred, which is
 * where renames keep them.
 */
export declare function segmentHunks(a: readonly string[], b: readonly string[]): Hunk[];
