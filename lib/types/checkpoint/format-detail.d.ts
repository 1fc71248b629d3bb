/**
 * What both readers of a safetensors file or a shard index (the tree: read-arrays.ts, read-sharded.ts;
 * the columns: read-columns.ts) say of it besides its tensors, in a module of its own: the columns'
 * path of `inspect` imports it without the tree readers and what they pull in (the pickle machine,
 * the zip reader, fflate), which it does not run.
 */
/** an index is JSON of a few MB at most (a key and a file name per tensor) */
export declare const MAX_INDEX_BYTES: number;
/** What inspect says of a safetensors file besides its tensors. */
export declare function safetensorsDetail(headerLength: number, metadata: Record<string, string> | null): string[];
/** the first detail line of a sharded checkpoint */
export declare function shardedDetail(shards: number, keys: number): string;
