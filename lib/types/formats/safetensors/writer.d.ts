import { type DType } from '../dtype.js';
import { OpenFiles } from '../storage-copy.js';
import { type TensorInfo } from '../tensor.js';
import { type ShardedOutput } from '../shards.js';
/**
 * Writes safetensors files as the reference implementation (huggingface/safetensors `serialize`) does:
 * 8-byte little-endian header length, a compact JSON header (`__metadata__` first, then tensors in data
 * order) padded with spaces to a multiple of 8, then each tensor's bytes, contiguous, back to back.
 * Every tensor is written on its own: safetensors has no shared storage, so tied tensors are stored
 * twice unless the caller drops the duplicates.
 */
export interface SafetensorsTensor {
    name: string;
    info: TensorInfo;
}
export interface SafetensorsWriteOptions {
    /**
     * `reference` (default): by dtype size descending, then name, as the reference writer does; it keeps
     * every tensor aligned to its element size. `given`: in the order given (alignment not guaranteed).
     */
    order?: 'reference' | 'given';
    files?: OpenFiles;
}
/** The code the safetensors spec uses for a dtype (from the one dtype table). */
export declare function safetensorsCode(dtype: DType): string | null;
export declare function writeSafetensors(path: string, tensors: SafetensorsTensor[], metadata?: Record<string, string>, opts?: SafetensorsWriteOptions): void;
/**
 * Writes tensors as `<base>-0000i-of-0000N.safetensors` shards plus `<base>.safetensors.index.json`
 * (or one `<base>.safetensors` when they fit in one shard), in the given order.
 */
export declare function writeShardedSafetensors(dir: string, baseName: string, tensors: SafetensorsTensor[], maxShardBytes: number, metadata?: Record<string, string>, opts?: SafetensorsWriteOptions): ShardedOutput;
