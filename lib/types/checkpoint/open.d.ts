import { FormatError } from '../formats/errors.js';
import type { SafetyReport } from '../formats/pickle/safety.js';
import type { Checkpoint } from './types.js';
export interface OpenOptions {
    /** the name to show in messages and `Checkpoint.file` (default: the path) */
    name?: string;
    /**
     * The checkpoint is only looked at (inspect, diff, plan), never written back: a torch zip's tensors
     * are then made as its pickle is read and keep no `original` call (PyTensor.original is null), which
     * at 100,000s of tensors saves the calls' memory and the time to build and interpret them. Write-back
     * (apply) needs the calls: the default is false.
     */
    readOnly?: boolean;
}
/** A Checkpoint plus why its tree is missing, when it is (`root` null, no tensors). */
export interface OpenedCheckpoint extends Checkpoint {
    error: FormatError | null;
}
/**
 * Opens any supported checkpoint: torch.save zip and legacy streams, TorchScript (current and 1.0
 * layouts), plain pickles, safetensors, Hugging Face shard indexes, npy and npz. Tensor bytes are never
 * read and pickle code is never run. Bad input raises FormatError naming the file; a container whose
 * data pickle is broken still opens, with `root` null, the reason in `error` and `detail`, and the
 * safety report of everything seen.
 */
export declare function openCheckpoint(path: string, opts?: OpenOptions): OpenedCheckpoint;
/**
 * The safety report alone: every pickle in the file, including ones that fail to parse. Throws
 * FormatError only when the file cannot be opened or is not a format that holds pickles or tensors
 * (an HDF5 or 7z file is out of scope, and saying "safe" about it would be wrong).
 */
export declare function scanSafety(path: string, opts?: OpenOptions): SafetyReport;
