/**
 * One tensor-parallel rank's shard read as the whole model (review 14 F1): a state dict saved per rank
 * (a hand-rolled TP or FSDP local save) holds, under the model's own names, 1/N of every split tensor
 * along one dim. Read key by key, each mismatch looks like another class count, vocabulary or width;
 * together they are one cause: the same fraction 1/N of the model's shape, along one dim, for every or
 * most mismatches. The fix is the whole set of rank files joined, never a head re-initialised.
 */

/** A key both sides hold in another shape. */
export interface ShapePair {
  key: string;
  source: readonly number[];
  target: readonly number[];
}

export interface RankShard {
  /** the number of ranks: every counted mismatch is 1/ranks of the model's size along one dim */
  ranks: number;
  /** mismatches that are exactly that fraction along one dim, of `of` mismatches */
  count: number;
  of: number;
  example: ShapePair;
}

/** Whether `source` is exactly 1/ranks of `target` along one dim. */
export function isFraction(source: readonly number[], target: readonly number[], ranks: number): boolean {
  return fraction({ key: '', source, target }) === ranks;
}

/** The fraction 1/N (N >= 2) the source is of the target along exactly one dim, else null. */
function fraction(p: ShapePair): number | null {
  if (p.source.length !== p.target.length) return null;
  let n: number | null = null;
  for (let d = 0; d < p.source.length; d++) {
    const s = p.source[d]!;
    const t = p.target[d]!;
    if (s === t) continue;
    if (n !== null || s <= 0 || t % s !== 0 || t / s < 2) return null;
    n = t / s;
  }
  return n;
}

/** How many dims differ (rank unequal: every one). */
function differingDims(p: ShapePair): number {
  if (p.source.length !== p.target.length) return Math.max(p.source.length, p.target.length);
  let n = 0;
  for (let d = 0; d < p.source.length; d++) if (p.source[d] !== p.target[d]) n++;
  return n;
}

/**
 * Whether the shape mismatches read as one rank's shard: at least 4 of them, and at least 3 in 4 the
 * same fraction 1/N of the model's shape along one dim (a model that differs in width has other ratios
 * too: a head of 10 vs 1000 classes, a vocabulary of 50,257 vs 32,000). Null otherwise.
 */
export function rankShard(pairs: readonly ShapePair[]): RankShard | null {
  if (pairs.length < 4) return null;
  // a rank's piece is cut along one dim; a weight smaller along two (a conv or linear layer of half the width
  // on both sides) is a narrower model, whose norms and biases alone would otherwise read as 1/2 along one dim
  if (pairs.some((p) => differingDims(p) > 1)) return null;
  const by = new Map<number, ShapePair[]>();
  for (const p of pairs) {
    const n = fraction(p);
    if (n !== null) (by.get(n) ?? by.set(n, []).get(n)!).push(p);
  }
  let best: [number, ShapePair[]] | null = null;
  for (const e of by) if (!best || e[1].length > best[1].length) best = e;
  if (!best || best[1].length * 4 < pairs.length * 3) return null;
  return { ranks: best[0], count: best[1].length, of: pairs.length, example: best[1][0]! };
}

/** What such a shape is, in the words plan and check both use. */
export function rankShardReason(ranks: number): string {
  return `this looks like one tensor-parallel rank's shard of a model split over ${ranks} ranks, not another model size or head`;
}

/** The finding's words: what it looks like, and how to read the whole set. */
export function rankShardMessage(r: RankShard): string {
  const e = r.example;
  const all = r.count === r.of ? `all ${r.of}` : `${r.count} of ${r.of}`;
  return `${all} keys of another shape hold exactly 1/${r.ranks} of the model's size along one dim (e.g. \`${e.key}\` [${e.source.join(', ')}] vs [${e.target.join(', ')}]): ${rankShardReason(r.ranks)}; do not re-initialise these keys: read the whole set as one checkpoint (sdmatch reads a Megatron-LM, DeepSpeed or torch.distributed.checkpoint folder, or a shard index, and joins the ranks), or, for files saved per rank with torch.save, join each tensor's ${r.ranks} pieces along its split dim (torch.cat of the ranks' tensors in rank order) and load that`;
}
