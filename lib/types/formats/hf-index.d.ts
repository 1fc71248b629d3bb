import { ByteKeyTable } from './byte-keys.js';
/**
 * A Hugging Face sharded-checkpoint index (`model.safetensors.index.json`, `pytorch_model.bin.index.json`):
 * `{"metadata": {...}, "weight_map": {"<tensor key>": "<shard file>", ...}}`.
 */
export interface ShardIndex {
    metadata: Record<string, unknown>;
    /** tensor key → shard file name (relative to the index's directory), in file order */
    weightMap: Map<string, string>;
    /** distinct shard file names in shard order (shardOrder), whatever order weight_map names them in */
    shards: string[];
}
/**
 * The order shards are listed and read in: by name, a run of digits by its number (`model-2-of-10`
 * before `model-10-of-10`), so `model-00001-of-00020` … `model-00020-of-00020` come in their numbered
 * order. weight_map's keys are usually sorted as text (`layers.0`, `layers.1`, `layers.10`, …), so the
 * order a map first names its shards in is neither the files' order nor a useful one; this one does
 * not depend on the map, the locale or which shard was read first.
 */
export declare function shardOrder(a: string, b: string): number;
export declare function looksLikeShardIndex(text: string): boolean;
/** `restOnly`: the document with `{}` in weight_map's place (scanShardIndexColumns reads the map itself). */
export declare function readShardIndex(text: string, file: string, opts?: {
    exact?: boolean;
    restOnly?: boolean;
}): ShardIndex;
/** An index read into columns for a caller that only reports (inspect): no string or Map entry per key. */
export interface ShardIndexColumns {
    /**
     * weight_map's keys in file order, as byte ranges of the index; distinct. When the scan was asked to
     * leave the hashing to its caller and the keys came in strictly ascending order (which makes them
     * distinct), they are not hashed: `keys.checked` is false until `keys.checkNow()`.
     */
    keys: ByteKeyTable;
    /** per key, its shard: an index into `shards` */
    shardOf: Int32Array;
    /** distinct shard file names in shard order, as readShardIndex lists them */
    shards: string[];
}
/**
 * readShardIndex's reading of an all-ASCII index without a backslash, weight_map scanned as bytes: the
 * keys stay ranges of `bytes`, a shard name is made once per run of equal names. Null when the index is
 * outside that subset or readShardIndex would refuse it (the caller then reads it with readShardIndex,
 * which words the error): the rest of the document, with `{}` in weight_map's place, is read by
 * readShardIndex itself, so both agree on everything but the map.
 */
export declare function scanShardIndexColumns(bytes: Uint8Array, file: string, keysCheckedLater?: boolean): ShardIndexColumns | null;
