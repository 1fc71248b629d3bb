import type { ByteSource } from '../formats/byte-source.js';
import type { FileContents, FileRef } from './contents.js';
/** an index is JSON of a few MB at most (a key and a file name per tensor) */
export declare const MAX_INDEX_BYTES: number;
/**
 * A Hugging Face sharded checkpoint through its index: every shard is opened (relative to the index's
 * folder, with the reader its content calls for) and the result is one tree, keys in weight_map order.
 * Every weight_map key must be found in the shard it names; tensors a shard holds beyond the index are
 * kept (transformers loads whole shards) and reported.
 */
export declare function readShardedFile(src: ByteSource, ref: FileRef, readShard: (ref: FileRef) => FileContents): FileContents;
/** the first detail line of a sharded checkpoint (read-columns.ts writes the same) */
export declare function shardedDetail(shards: number, keys: number): string;
