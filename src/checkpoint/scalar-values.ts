/**
 * The values of a few one-element tensors of a state dict (a LoRA's `alpha`, a scale): read from the file,
 * one element each (4 bytes for float32), never the whole state dict. Anything larger is refused: this is
 * for facts a report prints, not for tensor data.
 */
import type { DType } from '../formats/dtype.js';
import { numel } from '../formats/tensor.js';
import { OpenFiles, readTensorBytes } from '../formats/storage-copy.js';
import type { Checkpoint, KeyPath } from './types.js';
import { candidateAt, candidateTensors } from './walk.js';

/** An IEEE half's bits as a number. */
function half(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >> 10) & 0x1f;
  const frac = bits & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 0x1f) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/** The one element of `bytes` as a number, for the dtypes a scalar is saved in; null for others (complex, fp8, quantized). */
function scalarOf(bytes: Uint8Array, dtype: DType): number | null {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (dtype) {
    case 'float32': return v.getFloat32(0, true);
    case 'float64': return v.getFloat64(0, true);
    case 'float16': return half(v.getUint16(0, true));
    // bfloat16 is float32's upper half
    case 'bfloat16': return new DataView(new Uint8Array([0, 0, bytes[0]!, bytes[1]!]).buffer).getFloat32(0, true);
    case 'int8': return v.getInt8(0);
    case 'uint8': return v.getUint8(0);
    case 'int16': return v.getInt16(0, true);
    case 'int32': return v.getInt32(0, true);
    case 'int64': return Number(v.getBigInt64(0, true));
    case 'bool': return v.getUint8(0) ? 1 : 0;
    default: return null;
  }
}

/**
 * `keys` of the state dict at `selected` → each one-element tensor's value; null for a key that is not one,
 * whose dtype has no plain number, or whose bytes cannot be read (the caller says the value is unknown).
 */
export function scalarValues(ckpt: Checkpoint, selected: KeyPath, keys: ReadonlySet<string>): Map<string, number | null> {
  const out = new Map<string, number | null>();
  const cand = ckpt.root === null ? undefined : candidateAt(ckpt, selected);
  if (!cand || ckpt.root === null) return out;
  const files = new OpenFiles();
  try {
    for (const [key, info] of candidateTensors(ckpt.root, cand)) {
      if (!keys.has(key)) continue;
      let value: number | null = null;
      if (numel(info.shape) === 1 && info.quantization === undefined) {
        try {
          value = scalarOf(readTensorBytes(info, files), info.dtype);
        } catch {
          value = null; // a storage the file does not hold readably: the value is unknown, said so
        }
      }
      out.set(key, value);
    }
  } finally {
    files.close();
  }
  return out;
}
