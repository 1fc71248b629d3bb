/**
 * Writes the remapped checkpoint to a temporary path in one of the four layouts apply offers: a torch
 * zip archive, a safetensors file, or either sharded with an index (transformers' file names). Storage
 * bytes are streamed from the source by the format writers; progress is sampled from the output's size.
 * Durability is the caller's (AtomicOutput fsyncs what was written here before renaming it).
 */
import { closeSync, openSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { OpenFiles } from '../formats/storage-copy.js';
import type { PyTensor, PyValue } from '../formats/pickle/values.js';
import { defaultArchiveName, writeShardedTorch, writeTorchArchive } from '../formats/torch/write-archive.js';
import { writeSafetensors, writeShardedSafetensors } from '../formats/safetensors/writer.js';

export type OutputFormat = 'torch' | 'safetensors';

/** transformers' base names for sharded output */
export const SHARD_BASE = { torch: 'pytorch_model', safetensors: 'model' } as const;

/** what transformers and safetensors' `save_file` put in `__metadata__` for PyTorch tensors */
const SAFETENSORS_METADATA = { format: 'pt' };

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
export function writeOutput(temp: string, req: WriteRequest, files: OpenFiles): { entry: string; files: string[] } {
  const progress = req.progress ? new ProgressFiles(files, () => outputSize(temp), req.totalBytes, req.progress) : files;
  if (req.maxShardBytes !== null) {
    const base = SHARD_BASE[req.format];
    const named = req.tensors.map(([name, tensor]) => ({ name, tensor }));
    const r = req.format === 'torch'
      ? writeShardedTorch(temp, base, named, req.maxShardBytes, { files: progress })
      : writeShardedSafetensors(temp, base, named.map((n) => ({ name: n.name, info: n.tensor.info })), req.maxShardBytes, SAFETENSORS_METADATA, { files: progress });
    const index = r.index ? `${base}.${req.format === 'torch' ? 'bin' : 'safetensors'}.index.json` : r.files[0]!;
    return { entry: join(temp, index), files: (r.index ? [...r.files, index] : r.files).map((f) => join(temp, f)) };
  }
  if (req.format === 'safetensors') {
    writeSafetensors(temp, req.tensors.map(([name, t]) => ({ name, info: t.info })), SAFETENSORS_METADATA, { files: progress });
    return { entry: temp, files: [temp] };
  }
  const fd = openSync(temp, 'wx');
  try {
    writeTorchArchive(fd, req.root, { archiveName: defaultArchiveName(req.out), files: progress });
  } finally {
    closeSync(fd);
  }
  return { entry: temp, files: [temp] };
}

function outputSize(path: string): number {
  try {
    const st = statSync(path);
    if (!st.isDirectory()) return st.size;
    let n = 0;
    for (const f of readdirSync(path)) n += statSync(join(path, f)).size;
    return n;
  } catch {
    return 0;
  }
}

const PROGRESS_EVERY_MS = 100;

/**
 * The writers open every storage's source through OpenFiles: the moment a storage starts is the moment
 * to sample how far the output has grown (at most every 100 ms).
 */
class ProgressFiles extends OpenFiles {
  private last = 0;

  constructor(
    private readonly inner: OpenFiles,
    private readonly size: () => number,
    private readonly total: number,
    private readonly report: (written: number, total: number) => void,
  ) {
    super();
  }

  override get(path: string): { fd: number; size: number } {
    const now = Date.now();
    if (now - this.last >= PROGRESS_EVERY_MS) {
      this.last = now;
      this.report(Math.min(this.size(), this.total), this.total);
    }
    return this.inner.get(path);
  }

  override close(): void {
    // the caller owns the inner files
  }
}
