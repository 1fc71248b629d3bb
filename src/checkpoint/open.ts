import { FormatError } from '../formats/errors.js';
import type { SafetyReport } from '../formats/pickle/safety.js';
import type { SafetensorsSet } from './read-columns.js';
import { readCheckpointFile } from './read-file.js';
import { safetyOf } from './safety.js';
import type { Checkpoint } from './types.js';
import type { FileContents } from './contents.js';
import { walkTree } from './walk.js';
import { shortStorageDetail } from './short-storage.js';

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
export function openCheckpoint(path: string, opts: OpenOptions = {}): OpenedCheckpoint {
  const name = opts.name ?? path;
  return opened(name, readCheckpointFile({ path, name, readOnly: opts.readOnly === true }));
}

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
export function openForReport(path: string, opts: Omit<OpenOptions, 'readOnly'> = {}): OpenedCheckpoint | ColumnarCheckpoint {
  const name = opts.name ?? path;
  const c = readCheckpointFile({ path, name, readOnly: true, columns: true });
  if (c.columns) return { file: name, size: c.size, format: c.format, detail: c.detail, safety: safetyOf(c.pickles), error: null, columns: c.columns };
  return opened(name, c);
}

function opened(name: string, c: FileContents): OpenedCheckpoint {
  const walked = c.root === null ? { tensors: [], stateDicts: [] } : walkTree(c.root);
  const short = shortStorageDetail(walked.tensors, c.format);
  return {
    file: name,
    size: c.size,
    format: c.format,
    detail: short.length > 0 ? [...c.detail, ...short] : c.detail,
    root: c.root,
    tensors: walked.tensors,
    stateDicts: walked.stateDicts,
    safety: safetyOf(c.pickles),
    error: c.error,
    ...(c.files ? { files: c.files } : {}),
    ...(c.opened ? { opened: c.opened } : {}),
    ...(c.tensorParallel !== undefined ? { tensorParallel: c.tensorParallel } : {}),
    ...(c.namedMember ? { namedMember: c.namedMember } : {}),
  };
}

/**
 * The safety report alone: every pickle in the file, including ones that fail to parse. Throws
 * FormatError only when the file cannot be opened or is not a format that holds pickles or tensors
 * (an HDF5 or 7z file is out of scope, and saying "safe" about it would be wrong).
 */
export function scanSafety(path: string, opts: OpenOptions = {}): SafetyReport {
  return safetyOf(readCheckpointFile({ path, name: opts.name ?? path, readOnly: true }).pickles);
}
