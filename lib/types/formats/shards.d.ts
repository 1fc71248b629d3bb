/**
 * Sharded checkpoints as Hugging Face lays them out: `<base>-0000i-of-0000N.<ext>` files plus
 * `<base>.<ext>.index.json`, whatever the shard format. The writers of each format supply how to write
 * one shard; the grouping, naming and index are the same for all.
 */
export interface ShardIndex {
    metadata: {
        total_size: number;
    };
    weight_map: Record<string, string>;
}
export interface ShardedOutput {
    /** the files written, in shard order (one file and no index when everything fits in one) */
    files: string[];
    index: ShardIndex | null;
}
/**
 * Groups consecutive items into shards of at most `maxBytes` (transformers' rule: a new shard starts when
 * the next item would overflow a non-empty one; an item bigger than the limit gets a shard to itself).
 * Returns the item indices of each shard.
 */
export declare function planShards(sizes: readonly number[], maxBytes: number): number[][];
/** `model-00001-of-00003.safetensors`, `pytorch_model-00002-of-00002.bin`. */
export declare function shardFileName(baseName: string, ext: string, index: number, count: number): string;
/** The index JSON byte for byte as transformers writes it (`json.dumps(index, indent=2, sort_keys=True) + "\n"`). */
export declare function writeShardIndex(index: ShardIndex): string;
export interface ShardJob<T> {
    dir: string;
    baseName: string;
    /** `safetensors` or `bin` */
    ext: string;
    items: readonly T[];
    maxShardBytes: number;
    sizeOf: (item: T) => number;
    nameOf: (item: T) => string;
    write: (path: string, part: T[]) => void;
}
/** Writes the shards and the index (or one `<base>.<ext>` with no index when everything fits in one shard). */
export declare function writeShards<T>(job: ShardJob<T>): ShardedOutput;
