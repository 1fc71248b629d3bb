import type { PyTensor, PyValue, PyBytes } from '../pickle/values.js';
import { OpenFiles } from '../storage-copy.js';
import { type ShardedOutput } from '../shards.js';
/**
 * Writes an object tree as a PyTorch zip archive, the way `torch.save` does (torch ≥ 1.6 format):
 * `<archive>/data.pkl` (protocol 2, tensors as `_rebuild_tensor_v2` calls on persistent storage ids),
 * `<archive>/byteorder`, `<archive>/data/<key>` for every storage still referenced, `<archive>/version`.
 *
 * Storages keep their identity: tensors that shared a storage in the source (tied weights, views)
 * share it in the output, with their original offsets and strides. Storage bytes are streamed from
 * the source file and never held in memory (except tensors the caller rebuilt in memory).
 */
export interface TorchArchiveOptions {
    /** the archive's root folder; default: what torch.save uses, the file name without extension (or `archive`) */
    archiveName?: string;
    /** payloads of pickled byte strings left in the source file (numpy arrays inside a checkpoint) */
    readBytes?: (b: PyBytes) => Uint8Array;
    /** open source files to reuse across calls */
    files?: OpenFiles;
}
export declare function writeTorchArchive(target: number | string, root: PyValue, opts?: TorchArchiveOptions): void;
/** torch.save names the root folder after the file: `model.pt` → `model`. */
export declare function defaultArchiveName(path: string): string;
/** One tensor of a sharded state dict. */
export interface NamedTensor {
    name: string;
    tensor: PyTensor;
}
/**
 * Writes a state dict as `pytorch_model-00001-of-0000N.bin` shards plus `pytorch_model.bin.index.json`,
 * the layout transformers writes. A shard holds whole tensors in the given order; a tensor bigger than
 * the limit gets a shard to itself. Tensors that shared a storage share it within a shard.
 */
export declare function writeShardedTorch(dir: string, baseName: string, tensors: NamedTensor[], maxShardBytes: number, opts?: {
    files?: OpenFiles;
}): ShardedOutput;
