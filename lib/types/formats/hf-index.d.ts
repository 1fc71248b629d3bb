/**
 * A Hugging Face sharded-checkpoint index (`model.safetensors.index.json`, `pytorch_model.bin.index.json`):
 * `{"metadata": {...}, "weight_map": {"<tensor key>": "<shard file>", ...}}`.
 */
export interface ShardIndex {
    metadata: Record<string, unknown>;
    /** tensor key → shard file name (relative to the index's directory), in file order */
    weightMap: Map<string, string>;
    /** distinct shard file names in first-seen order */
    shards: string[];
}
export declare function looksLikeShardIndex(text: string): boolean;
export declare function readShardIndex(text: string, file: string, opts?: {
    exact?: boolean;
}): ShardIndex;
