import { itemSize, type DType } from '../formats/dtype.js';
import { FormatError } from '../formats/errors.js';
import type { PyTensor } from '../formats/pickle/values.js';
import { contiguousStrides, isContiguous, numel, type TensorChunk, type TensorInfo } from '../formats/tensor.js';

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

/** The piece as a view of its stored tensor: `rows` rows of `rowElems` from element `start`. */
function viewOf(p: TensorPiece, rows: number, file: string): TensorInfo {
  const info = p.tensor.info;
  if (!info.storage.bytes) throw new FormatError(file, `storage ${info.storage.key} has no readable bytes, so it cannot be merged`);
  if (!isContiguous(info)) throw new FormatError(file, `a shard tensor of shape [${info.shape}] is not contiguous, so it cannot be merged by element ranges`);
  const shape = rows === 1 ? [p.rowElems] : [rows, p.rowElems];
  return { ...info, shape, stride: contiguousStrides(shape), storageOffset: info.storageOffset + p.start };
}

/**
 * A new tensor of `shape` whose bytes are `rows` rows of the pieces, in order (a concatenation along one
 * dim when rows > 1, end to end when 1). `storageKey` names where the pieces are (`inspect --verbose`
 * shows it); messages name `key`.
 */
export function gatheredTensor(key: string, dtype: DType, shape: number[], rows: number, pieces: TensorPiece[], file: string, storageKey = key): PyTensor {
  for (const p of pieces) {
    if (p.tensor.info.dtype !== dtype) throw new FormatError(file, `${key}: pieces of dtype ${p.tensor.info.dtype} and ${dtype} cannot be merged`);
    const have = numel(p.tensor.info.shape);
    if (p.start + rows * p.rowElems > have) throw new FormatError(file, `${key}: a piece needs elements ${p.start}..${p.start + rows * p.rowElems} of a tensor of ${have}`);
  }
  const size = itemSize(dtype);
  const length = numel(shape) * size;
  const rowElems = pieces.reduce((a, p) => a + p.rowElems, 0);
  if (rows * rowElems * size !== length) throw new FormatError(file, `${key}: the pieces hold ${rows * rowElems * size} bytes, shape [${shape}] needs ${length}`);
  // the new tensor's bytes seen as [rows, row elements] (or [numel]): each piece a block of columns
  const grid = rows === 1 ? [rowElems] : [rows, rowElems];
  let col = 0;
  const chunks: TensorChunk[] = pieces.map((p) => {
    const at = col;
    col += p.rowElems;
    return rows === 1 ? { offsets: [at], sizes: [p.rowElems], tensor: viewOf(p, 1, file) } : { offsets: [0, at], sizes: [rows, p.rowElems], tensor: viewOf(p, rows, file) };
  });
  return {
    kind: 'tensor',
    info: { kind: 'tensor', dtype, shape, stride: contiguousStrides(shape), storageOffset: 0, storage: { key: storageKey, dtype, numel: numel(shape), device: 'cpu', bytes: { kind: 'chunks', file, length, shape: grid, itemsize: size, chunks } }, requiresGrad: false },
    original: null,
  };
}

/**
 * Tensors concatenated along `dim` (torch.cat): for each row of the dims before `dim`, each tensor's
 * slab in turn. The tensors must agree on every other dim.
 */
export function concatTensors(key: string, tensors: PyTensor[], dim: number, file: string, storageKey = key): PyTensor {
  const first = tensors[0]!.info;
  const shape = first.shape.slice();
  shape[dim] = tensors.reduce((a, t) => a + t.info.shape[dim]!, 0);
  for (const t of tensors) {
    const s = t.info.shape;
    if (s.length !== shape.length || s.some((d, i) => i !== dim && d !== shape[i])) {
      throw new FormatError(file, `${key}: shard shapes ${tensors.map((x) => `[${x.info.shape}]`).join(', ')} cannot be joined along dim ${dim}`);
    }
  }
  const rows = numel(shape.slice(0, dim));
  return gatheredTensor(key, first.dtype, shape, rows, tensors.map((t) => ({ tensor: t, start: 0, rowElems: numel(t.info.shape.slice(dim)) })), file, storageKey);
}
