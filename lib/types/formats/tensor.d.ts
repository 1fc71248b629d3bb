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
};
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
export declare function isContiguous(t: Pick<TensorInfo, 'shape' | 'stride'>): boolean;
