import { itemSize, type DType } from '../formats/dtype.js';
import { FormatError } from '../formats/errors.js';
import type { PyTensor } from '../formats/pickle/values.js';
import { contiguousStrides, isContiguous, numel, type ByteLocation, type GatherPart } from '../formats/tensor.js';

/**
 * Tensors of a distributed checkpoint's logical state dict, made of pieces of the shard files' tensors
 * without reading them: each piece is a byte range of a stored tensor, and the new tensor's storage is
 * a `gather` location over those ranges (src/formats/tensor.ts), read only when written out.
 */

/** An element range of a stored, contiguous tensor; `rows`×`rowElems` of it in row-major order. */
export interface TensorPiece {
  tensor: PyTensor;
  /** first element (of the tensor, in row-major order) */
  start: number;
  /** elements taken per row (the whole range when rows = 1) */
  rowElems: number;
}

function partOf(p: TensorPiece, file: string): GatherPart {
  const info = p.tensor.info;
  const loc = info.storage.bytes;
  if (!loc) throw new FormatError(file, `storage ${info.storage.key} has no readable bytes, so it cannot be merged`);
  if (loc.kind !== 'raw') throw new FormatError(loc.kind === 'deflate' ? loc.file : file, `storage ${info.storage.key} is ${loc.kind === 'deflate' ? 'compressed' : 'not in the file'}: torch.save never compresses, and sdmatch merges only plain storages`);
  if (!isContiguous(info)) throw new FormatError(loc.file, `a shard tensor of shape [${info.shape}] is not contiguous, so it cannot be merged by byte ranges`);
  const size = itemSize(info.dtype);
  return { file: loc.file, offset: loc.offset + (info.storageOffset + p.start) * size, rowBytes: p.rowElems * size };
}

/**
 * A new tensor of `shape` whose bytes are `rows` rows of the pieces, in order. `storageKey` names where
 * the pieces are (`inspect --verbose` shows it); messages name `key`.
 */
export function gatheredTensor(key: string, dtype: DType, shape: number[], rows: number, pieces: TensorPiece[], file: string, storageKey = key): PyTensor {
  for (const p of pieces) {
    if (p.tensor.info.dtype !== dtype) throw new FormatError(file, `${key}: pieces of dtype ${p.tensor.info.dtype} and ${dtype} cannot be merged`);
    const have = numel(p.tensor.info.shape);
    if (p.start + rows * p.rowElems > have) throw new FormatError(file, `${key}: a piece needs elements ${p.start}..${p.start + rows * p.rowElems} of a tensor of ${have}`);
  }
  const length = numel(shape) * itemSize(dtype);
  const parts = pieces.map((p) => partOf(p, file));
  const got = rows * parts.reduce((a, p) => a + p.rowBytes, 0);
  if (got !== length) throw new FormatError(file, `${key}: the pieces hold ${got} bytes, shape [${shape}] needs ${length}`);
  const bytes: ByteLocation = { kind: 'gather', length, rows, parts };
  return {
    kind: 'tensor',
    info: { kind: 'tensor', dtype, shape, stride: contiguousStrides(shape), storageOffset: 0, storage: { key: storageKey, dtype, numel: numel(shape), device: 'cpu', bytes }, requiresGrad: false },
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
