import type { ByteSource } from '../formats/byte-source.js';
import type { FileContents, FileRef } from './contents.js';
/**
 * A Hugging Face sharded checkpoint through its index: every shard is opened (relative to the index's
 * folder, with the reader its content calls for) and the result is one tree, keys in weight_map order.
 * Every weight_map key must be found in the shard it names; tensors a shard holds beyond the index are
 * kept (transformers loads whole shards) and reported.
 */
export declare function readShardedFile(src: ByteSource, ref: FileRef, readShard: (ref: FileRef) => FileContents): FileContents;
