import { type SafetensorsColumns } from '../formats/safetensors/columns.js';
/**
 * A safetensors file, or a Hugging Face shard index whose shards are all safetensors, read into
 * columns for a caller that only reports (inspect, issue 14): each header is read once, the shards
 * concurrently (SHARD_READS at a time, parsed as they arrive), and no object is made per tensor.
 */
export interface SafetensorsSet {
    format: 'safetensors' | 'hf-sharded';
    detail: string[];
    /** bytes of the file, or of the index and every shard */
    size: number;
    /** the files that hold the tensors (the path byte locations name) and their headers */
    parts: {
        path: string;
        columns: SafetensorsColumns;
    }[];
    /** tensors in the order the tree reader lists them (a set's weight_map order): part number and tensor number in it */
    count: number;
    part: Int32Array;
    tensor: Int32Array;
}
/**
 * The set at a local `path`, or null for anything else, and for anything the tree reader would refuse
 * or read differently (a header or index outside the columns' subset, a missing shard, a shard holding
 * tensors the index does not list): the caller then reads it with readCheckpointFile, which says why.
 */
export declare function readSafetensorsSet(path: string): Promise<SafetensorsSet | null>;
