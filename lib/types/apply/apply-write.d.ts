import { OpenFiles } from '../formats/storage-copy.js';
import type { PyTensor, PyValue } from '../formats/pickle/values.js';
export type OutputFormat = 'torch' | 'safetensors';
/** transformers' base names for sharded output */
export declare const SHARD_BASE: {
    readonly torch: 'pytorch_model';
    readonly safetensors: 'model';
};
export interface WriteRequest {
    format: OutputFormat;
    /** the tree to pickle (torch output) */
    root: PyValue;
    /** the state dict's tensors, in order (safetensors and sharded output) */
    tensors: [string, PyTensor][];
    /** shard when set */
    maxShardBytes: number | null;
    /** the final OUT path: names the archive's root folder as torch.save would */
    out: string;
    /** bytes expected in total, for progress */
    totalBytes: number;
    progress?: (written: number, total: number) => void;
}
/** Where the output's index (or single file) is inside the written temp path, for re-reading it. */
export declare function writeOutput(temp: string, req: WriteRequest, files: OpenFiles): {
    entry: string;
    files: string[];
};
