import { FormatError } from '../formats/errors.js';
import type { SafetyReport } from '../formats/pickle/safety.js';
import type { SafetensorsSet } from './read-columns.js';
import type { Checkpoint } from './types.js';
import type { FileContents } from './contents.js';
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
 * A torch.save state dict read into columns: the tensors without a tree, a record or a path per tensor
 * (2,000,000 tensors in tens of bytes each). What a report needs of them is made from the columns.
 */
export interface ColumnarCheckpoint extends ReportOnlyCheckpoint {
    columns: NonNullable<FileContents['columns']>;
}
/** What a checkpoint read for a report without its tree says of itself. */
interface ReportOnlyCheckpoint {
    file: string;
    size: number;
    format: Checkpoint['format'];
    detail: string[];
    safety: SafetyReport;
    error: null;
}
/** A safetensors file or sharded set read into columns (readSafetensorsSet): its headers, no tree. */
export interface SafetensorsCheckpoint extends ReportOnlyCheckpoint {
    safetensors: SafetensorsSet;
}
/** in a module of its own, which inspect imports without this one's readers (see open-safetensors.ts) */
export { openSafetensorsForReport } from './open-safetensors.js';
/**
 * For a caller that only reports on the file (inspect): a flat torch.save state dict comes back as
 * columns, anything else as openCheckpoint(path, { readOnly: true }) gives it.
 */
export declare function openForReport(path: string, opts?: Omit<OpenOptions, 'readOnly'>): OpenedCheckpoint | ColumnarCheckpoint;
/**
 * The safety report alone: every pickle in the file, including ones that fail to parse. Throws
 * FormatError only when the file cannot be opened or is not a format that holds pickles or tensors
 * (an HDF5 or 7z file is out of scope, and saying "safe" about it would be wrong).
 */
export declare function scanSafety(path: string, opts?: OpenOptions): SafetyReport;
