import { type DType } from '../formats/dtype.js';
import type { PyTensor } from '../formats/pickle/values.js';
/**
 * Tensors of a distributed checkpoint's logical state dict, made of pieces of the shard files' tensors
 * without reading them. Their storage is a `chunks` location (src/formats/tensor.ts), the same kind a
 * torch.distributed.checkpoint tensor has: each piece is a view of a stored tensor placed at its offsets in
 * a grid of the new tensor's bytes, read only when written out.
 */
/** An element range of a stored, contiguous tensor; `rows`×`rowElems` of it in row-major order. */
export interface TensorPiece {
    tensor: PyTensor;
    /** first element (of the tensor, in row-major order) */
    start: number;
    /** elements taken per row (the whole range when rows = 1) */
    rowElems: number;
}
/**
 * A new tensor of `shape` whose bytes are `rows` rows of the pieces, in order (a concatenation along one
 * dim when rows > 1, end to end when 1). `storageKey` names where the pieces are (`inspect --verbose`
 * shows it); messages name `key`.
 */
export declare function gatheredTensor(key: string, dtype: DType, shape: number[], rows: number, pieces: TensorPiece[], file: string, storageKey?: string): PyTensor;
/**
 * Tensors concatenated along `dim` (torch.cat): for each row of the dims before `dim`, each tensor's
 * slab in turn. The tensors must agree on every other dim.
 */
export declare function concatTensors(key: string, tensors: PyTensor[], dim: number, file: string, storageKey?: string): PyTensor;
