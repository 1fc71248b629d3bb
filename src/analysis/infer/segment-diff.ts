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
export function segmentHunks(a: readonly string[], b: readonly string[]): Hunk[] {
  const m = a.length;
  const n = b.length;
  // lcs(i, j): LCS length of a[i:], b[j:], in one flat table (rename proposals ask for tens of
  // thousands of pairs at scale: one array per row each time was most of what they allocated)
  const w = n + 1;
  const table = new Int32Array((m + 1) * w);
  const lcs = (i: number, j: number) => table[i * w + j]!;
  for (let i = m - 1; i >= 0; i--) {
    for (let j = n - 1; j >= 0; j--) {
      table[i * w + j] = a[i] === b[j] ? lcs(i + 1, j + 1) + 1 : Math.max(lcs(i + 1, j), lcs(i, j + 1));
    }
  }
  const hunks: Hunk[] = [];
  let i = 0;
  let j = 0;
  let open: Hunk | null = null;
  const close = () => {
    if (open) hunks.push(open);
    open = null;
  };
  while (i < m || j < n) {
    if (i < m && j < n && a[i] === b[j] && lcs(i, j) === lcs(i + 1, j + 1) + 1) {
      close();
      i++;
      j++;
      continue;
    }
    open ??= { from: i, to: i, tFrom: j, tTo: j };
    // skip on the side that keeps the LCS; prefer consuming the source first
    if (i < m && (j >= n || lcs(i + 1, j) >= lcs(i, j + 1))) open.to = ++i;
    else open.tTo = ++j;
  }
  close();
  return hunks;
}
