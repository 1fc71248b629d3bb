import type { ByteSource } from '../byte-source.js';
import { itemSize, type DType } from '../dtype.js';
import type { PyDict, PyTensor } from '../pickle/values.js';
import type { TensorInfo } from '../tensor.js';
import type { TorchFile } from './container.js';

/**
 * The PyTorch 1.0-preview TorchScript container (Oct 2018), not a zip: `PYTORCH1`, a u64 version, then
 * 64-byte-aligned records (u64 tag, u64 size, padding, data). The last 64 bytes hold (2, offset of the
 * model record); that record is a protobuf ModelProto ("not standard ONNX") whose graph initializers
 * (field 7 → field 5) are the parameters: dims (1), data_type (2), int64_data (7) =
 * [device, requires_grad, record offset, storage offset, ...strides], name (8).
 */
export const PYTORCH1_MAGIC = 'PYTORCH1';
const ALIGN = 64;
const MAX_MODEL_BYTES = 64 << 20;

const ONNX_DTYPES: Record<number, DType> = {
  1: 'float32', 2: 'uint8', 3: 'int8', 4: 'uint16', 5: 'int16', 6: 'int32', 7: 'int64', 9: 'bool', 10: 'float16', 11: 'float64', 12: 'uint32', 13: 'uint64',
};

export function isPytorch1(head: Uint8Array): boolean {
  return head.length >= 8 && new TextDecoder('latin1').decode(head.subarray(0, 8)) === PYTORCH1_MAGIC;
}

export function readPytorch1(src: ByteSource, file: string): TorchFile {
  const detail = ['TorchScript PyTorch 1.0-preview PYTORCH1 container'];
  const notListed = (why: string): TorchFile => ({
    format: 'torchscript', detail: [...detail, `old TorchScript layout: tensors not listed (${why})`], root: null, error: null, pickles: [],
  });
  if (src.size < 2 * ALIGN) return notListed('file too short');
  const trailer = u64pair(src, src.size - ALIGN);
  if (!trailer || trailer[0] !== 2) return notListed('no trailing model-record pointer');
  const modelAt = trailer[1];
  const header = modelAt + 16 <= src.size ? u64pair(src, modelAt) : null;
  if (!header || header[1] > MAX_MODEL_BYTES || modelAt + ALIGN + header[1] > src.size) return notListed('model record out of range');
  const proto = src.read(modelAt + ALIGN, header[1]);
  const view: PyDict = { kind: 'dict', entries: [] };
  try {
    for (const graph of fields(proto).filter((f) => f.no === 7 && f.bytes)) {
      for (const init of fields(graph.bytes!).filter((f) => f.no === 5 && f.bytes)) {
        const t = initializer(init.bytes!, src, file);
        if (t) view.entries.push(t);
      }
    }
  } catch (err) {
    if (err instanceof RangeError) return notListed('model record is not a readable protobuf');
    throw err;
  }
  return { format: 'torchscript', detail, root: view, error: null, pickles: [] };
}

function initializer(msg: Uint8Array, src: ByteSource, file: string): [string, PyTensor] | null {
  const shape: number[] = [];
  const ints: number[] = [];
  let dataType = 0;
  let name: string | null = null;
  for (const f of fields(msg)) {
    if (f.no === 1 && f.varint !== undefined) shape.push(f.varint);
    else if (f.no === 1 && f.bytes) shape.push(...packed(f.bytes));
    else if (f.no === 2 && f.varint !== undefined) dataType = f.varint;
    else if (f.no === 7 && f.bytes) ints.push(...packed(f.bytes));
    else if (f.no === 7 && f.varint !== undefined) ints.push(f.varint);
    else if (f.no === 8 && f.bytes) name = new TextDecoder('utf-8').decode(f.bytes);
  }
  const dtype = ONNX_DTYPES[dataType];
  if (!dtype || name === null || ints.length !== 4 + shape.length) return null;
  const [, requiresGrad, record, offset] = ints as [number, number, number, number];
  const rec = record + 16 <= src.size ? u64pair(src, record) : null;
  const size = rec ? rec[1] : 0;
  const bytes = rec && record + ALIGN + size <= src.size ? { kind: 'raw' as const, file, offset: record + ALIGN, length: size } : null;
  const info: TensorInfo = {
    kind: 'tensor', dtype, shape, stride: ints.slice(4), storageOffset: offset, requiresGrad: requiresGrad === 1,
    storage: { key: String(record), dtype, numel: bytes ? Math.floor(size / itemSize(dtype)) : null, device: 'cpu', bytes },
  };
  return [name, { kind: 'tensor', info, original: null }];
}

function u64pair(src: ByteSource, at: number): [number, number] | null {
  const b = src.read(at, 16);
  const v = new DataView(b.buffer, b.byteOffset, 16);
  const a = v.getBigUint64(0, true);
  const c = v.getBigUint64(8, true);
  if (a > BigInt(Number.MAX_SAFE_INTEGER) || c > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  return [Number(a), Number(c)];
}

interface Field { no: number; varint?: number; bytes?: Uint8Array }

/** Reads protobuf bytes from `p` on: base-128 varints (throws RangeError when truncated or past 64 bits). */
class ProtoCursor {
  p = 0;
  constructor(readonly b: Uint8Array) {}

  get done(): boolean {
    return this.p >= this.b.length;
  }

  varint(): number {
    const b = this.b;
    let r = 0;
    let mul = 1;
    for (;;) {
      if (this.p >= b.length) throw new RangeError('truncated varint');
      const x = b[this.p++]!;
      r += (x & 0x7f) * mul;
      mul *= 128;
      if (x < 0x80) return r;
      if (mul > 2 ** 63) throw new RangeError('varint too long');
    }
  }
}

/** A protobuf message's top-level fields; throws RangeError on malformed input (caught by the caller). */
function fields(b: Uint8Array): Field[] {
  const out: Field[] = [];
  const c = new ProtoCursor(b);
  while (!c.done) {
    const key = c.varint();
    const no = Math.floor(key / 8);
    const wire = key % 8;
    if (wire === 0) out.push({ no, varint: c.varint() });
    else if (wire === 2) {
      const n = c.varint();
      if (c.p + n > b.length) throw new RangeError('length past end');
      out.push({ no, bytes: b.subarray(c.p, c.p + n) });
      c.p += n;
    } else if (wire === 1) c.p += 8;
    else if (wire === 5) c.p += 4;
    else throw new RangeError(`wire type ${wire}`);
  }
  return out;
}

/** A packed repeated varint field's values. */
function packed(b: Uint8Array): number[] {
  const out: number[] = [];
  const c = new ProtoCursor(b);
  while (!c.done) out.push(c.varint());
  return out;
}
