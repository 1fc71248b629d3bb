import { DTYPES, type DType } from '../dtype.js';
import type { PyBytes, PyObject, PyValue } from '../pickle/values.js';
import { isGlobal, isPyObject } from '../pickle/values.js';
import { asCount, asText, tupleItems } from './storage-pid.js';

/** numpy and numpy 2 spell the same module two ways; old pickles say `numpy.core`, new ones `numpy._core`. */
export function isNumpyCore(module: string): boolean {
  return module === 'numpy.core.multiarray' || module === 'numpy._core.multiarray';
}

const byNumpyCode = new Map<string, DType>();
for (const [name, info] of Object.entries(DTYPES) as [DType, (typeof DTYPES)[DType]][]) {
  if (info.numpy) byNumpyCode.set(info.numpy, name);
}

export interface NumpyDtype {
  /** `f4`, `i8`, `O8`, `U5` … as numpy spells it (without byte order) */
  code: string;
  /** one of our element types, or null for object / string / record / datetime dtypes */
  dtype: DType | null;
  bigEndian: boolean;
}

/** `numpy.dtype('f8', False, True)` with its BUILD state `(3, '<', …)`, as pickled for an array or scalar. */
export function readNumpyDtype(v: PyValue): NumpyDtype | null {
  if (!isPyObject(v) || !isGlobal(v.callable, 'numpy', 'dtype')) return null;
  const code = v.args[0] === undefined ? null : asText(v.args[0]);
  if (code === null) return null;
  const state = v.states.length > 0 ? tupleItems(v.states[v.states.length - 1]!) : null;
  const order = state && state.length > 1 ? asText(state[1]!) : null;
  return { code, dtype: dtypeOfNumpyCode(code), bigEndian: order === '>' };
}

/** `f4` / `<f4` / `?` → float32 / float32 / bool. */
export function dtypeOfNumpyCode(descr: string): DType | null {
  const code = descr.replace(/^[<>=|]/, '');
  if (code === '?') return 'bool';
  return byNumpyCode.get(code) ?? null;
}

/** The (version, shape, dtype, is_fortran, rawdata) state of `numpy.core.multiarray._reconstruct`. */
export interface NdarrayState {
  shape: number[];
  dtype: NumpyDtype;
  fortran: boolean;
  /** bytes for numeric arrays; a list of objects for object arrays */
  raw: PyValue;
}

export function readNdarrayState(obj: PyObject): NdarrayState | null {
  if (obj.states.length === 0) return null;
  const st = tupleItems(obj.states[obj.states.length - 1]!);
  if (!st || st.length < 5) return null;
  const shapeItems = tupleItems(st[1]!);
  const dtype = readNumpyDtype(st[2]!);
  if (!shapeItems || !dtype) return null;
  const shape: number[] = [];
  for (const d of shapeItems) {
    const n = asCount(d);
    if (n === null) return null;
    shape.push(n);
  }
  return { shape, dtype, fortran: st[3] === true, raw: st[4]! };
}

/** `numpy.core.multiarray.scalar(dtype, bytes)` → a Python number, or null when it cannot be decoded. */
export function decodeNumpyScalar(dtypeValue: PyValue, payload: PyValue): PyValue | null {
  const dt = readNumpyDtype(dtypeValue);
  if (!dt || !dt.dtype || typeof payload !== 'object' || payload === null || payload.kind !== 'bytes') return null;
  const b = (payload as PyBytes).data;
  if (!b || b.length !== DTYPES[dt.dtype].itemsize) return null;
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const le = !dt.bigEndian;
  switch (dt.dtype) {
    case 'float64': return { kind: 'float', value: view.getFloat64(0, le) };
    case 'float32': return { kind: 'float', value: view.getFloat32(0, le) };
    case 'int64': return safeInt(view.getBigInt64(0, le));
    case 'uint64': return safeInt(view.getBigUint64(0, le));
    case 'int32': return view.getInt32(0, le);
    case 'uint32': return view.getUint32(0, le);
    case 'int16': return view.getInt16(0, le);
    case 'uint16': return view.getUint16(0, le);
    case 'int8': return view.getInt8(0);
    case 'uint8': return view.getUint8(0);
    case 'bool': return view.getUint8(0) !== 0;
    default: return null;
  }
}

function safeInt(v: bigint): number | bigint {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}
