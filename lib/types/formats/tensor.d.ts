import type { DType } from './dtype.js';
/**
 * Where a storage's bytes are. Readers record this and never read the bytes; only operations that
 * need them (transpose, split, writing a deflated source) open the range.
 */
export type ByteLocation = 
/** plain bytes in `file` at `offset` (legacy torch storages, safetensors, STORED zip entries, numpy bytes inside a pickle file) */
{
    kind: 'raw';
    file: string;
    offset: number;
    length: number;
    /** CRC-32 of exactly these bytes, known when they are a whole STORED zip entry (writers reuse it instead of recomputing) */
    crc32?: number;
}
/** a DEFLATED zip entry: must be inflated to be read */
 | {
    kind: 'deflate';
    file: string;
    offset: number;
    compressedLength: number;
    length: number;
    entry: string;
}
/** bytes that only exist in memory (a nested pickle decoded from a byte string); small by construction */
 | {
    kind: 'memory';
    bytes: Uint8Array;
}
/**
 * A tensor saved in pieces (torch.distributed.checkpoint): row-major bytes of `shape` (`length` of them)
 * assembled by placing each chunk's elements at its offsets. `file` is the checkpoint, for messages.
 * Reading assembles the whole tensor in memory (the memory of one tensor, never of the checkpoint).
 */
 | {
    kind: 'chunks';
    file: string;
    length: number;
    shape: number[];
    itemsize: number;
    chunks: TensorChunk[];
}
/**
 * bytes a distributed checkpoint holds in pieces (tensor-parallel shards, ZeRO flat partitions): `rows`
 * times over, each part's next `rowBytes` bytes, in part order — a concatenation of row-major pieces
 * along one dim. Nothing is read until the bytes are copied, so a merge costs no memory up front.
 */
 | {
    kind: 'gather';
    length: number;
    rows: number;
    parts: GatherPart[];
};
/** One piece of a gathered storage: plain bytes in `file` starting at `offset`, `rowBytes` per row. */
export interface GatherPart {
    file: string;
    offset: number;
    rowBytes: number;
}
/** The files a storage's bytes come from. */
export declare function locationFiles(loc: ByteLocation): string[];
/** One piece of a chunked tensor: where it sits in the whole, and the tensor it was saved as. */
export interface TensorChunk {
    offsets: number[];
    sizes: number[];
    tensor: TensorInfo;
}
export interface StorageInfo {
    /** the archive's storage key (`"0"`), the legacy root key, or the safetensors tensor name */
    key: string;
    dtype: DType;
    /** length in elements when the file says (legacy header, zip entry size, persistent id); null if unknown */
    numel: number | null;
    /** `cpu`, `cuda:0` … as recorded */
    device: string;
    /** null when the bytes are not addressable in the file (e.g. an old TorchScript variant) */
    bytes: ByteLocation | null;
}
export type TensorKind = 'tensor' | 'parameter' | 'qtensor' | 'ndarray' | 'safetensors';
export interface Quantization {
    scheme: string;
    scale?: number;
    zeroPoint?: number;
    axis?: number;
}
/** What one tensor is, without its data. Strides and offsets in elements, as PyTorch counts them. */
export interface TensorInfo {
    kind: TensorKind;
    dtype: DType;
    shape: number[];
    stride: number[];
    storageOffset: number;
    storage: StorageInfo;
    requiresGrad: boolean;
    quantization?: Quantization;
}
export declare function numel(shape: readonly number[]): number;
export declare function contiguousStrides(shape: readonly number[]): number[];
/** Whether the strides are the row-major ones (dims of size 1 may have any); allocates nothing (it runs per tensor in every listing). */
export declare function isContiguous(t: Pick<TensorInfo, 'shape' | 'stride'>): boolean;
