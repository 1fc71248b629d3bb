import { type DType } from './dtype.js';
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
 * Bytes assembled from pieces of other stored tensors: the row-major bytes (`length` of them) of an
 * array of `shape`, each chunk's elements placed at its offsets. One kind for every "a tensor made of
 * pieces of other files": torch.distributed.checkpoint's chunks (`shape` is the tensor's), tensor-parallel
 * shards joined along a dim, and ZeRO's flat fp32 partitions (`shape` is then [rows, row elements] or
 * [numel], a view of the same bytes; src/checkpoint/gather.ts). `file` is the checkpoint, for messages.
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
 * Bytes made when they are read: apply's rebuilt tensors (a transpose, a split, a concat of stored
 * tensors) are computed as the writer reaches them, so one is held at a time and none goes through a
 * scratch file. `compute` returns exactly `length` bytes, valid until it is called again (it may reuse
 * its buffers); `file` is the source they are made from, for messages.
 */
 | {
    kind: 'computed';
    file: string;
    length: number;
    compute: () => Uint8Array;
};
/** The files a storage's bytes come from. */
export declare function locationFiles(loc: ByteLocation): string[];
/** One piece of a chunked tensor: where it sits in the whole, and the stored tensor (or view of one) holding its elements. */
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
/** How many bytes a storage holds. */
export declare function locationLength(loc: ByteLocation): number;
/** The element range [first, last] of the storage a view touches (strides are never negative in torch). */
export declare function viewSpan(info: Pick<TensorInfo, 'shape' | 'stride' | 'storageOffset'>): {
    first: number;
    end: number;
} | null;
/**
 * A tensor whose stored bytes are fewer than its view reaches (review 21 F6: a zip member cut short):
 * the bytes it needs and those the file holds, or null when they suffice or the file does not say (no
 * bytes, or bytes assembled from chunks, which their own pieces are checked for). torch 1.13 allocates
 * the storage the pickle declares and copies the short member into it, so the rest is uninitialised
 * memory: such a file is not a loadable checkpoint.
 */
export declare function storageShortfall(t: Pick<TensorInfo, 'shape' | 'stride' | 'storageOffset' | 'dtype' | 'storage'>): {
    need: number;
    have: number;
} | null;
