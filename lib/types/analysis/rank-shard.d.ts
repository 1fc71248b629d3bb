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
export declare function isFraction(source: readonly number[], target: readonly number[], ranks: number): boolean;
/**
 * Whether the shape mismatches read as one rank's shard: at least 4 of them, and at least 3 in 4 the
 * same fraction 1/N of the model's shape along one dim (a model that differs in width has other ratios
 * too: a head of 10 vs 1000 classes, a vocabulary of 50,257 vs 32,000). Null otherwise.
 */
export declare function rankShard(pairs: readonly ShapePair[]): RankShard | null;
/** What such a shape is, in the words plan and check both use. */
export declare function rankShardReason(ranks: number): string;
/** The finding's words: what it looks like, and how to read the whole set. */
export declare function rankShardMessage(r: RankShard): string;
