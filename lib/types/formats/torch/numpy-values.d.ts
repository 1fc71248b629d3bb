import { type DType } from '../dtype.js';
import type { PyObject, PyValue } from '../pickle/values.js';
/** numpy and numpy 2 spell the same module two ways; old pickles say `numpy.core`, new ones `numpy._core`. */
export declare function isNumpyCore(module: string): boolean;
export interface NumpyDtype {
    /** `f4`, `i8`, `O8`, `U5` … as numpy spells it (without byte order) */
    code: string;
    /** one of our element types, or null for object / string / record / datetime dtypes */
    dtype: DType | null;
    bigEndian: boolean;
}
/** `numpy.dtype('f8', False, True)` with its BUILD state `(3, '<', …)`, as pickled for an array or scalar. */
export declare function readNumpyDtype(v: PyValue): NumpyDtype | null;
/** `f4` / `<f4` / `?` → float32 / float32 / bool. */
export declare function dtypeOfNumpyCode(descr: string): DType | null;
/** The (version, shape, dtype, is_fortran, rawdata) state of `numpy.core.multiarray._reconstruct`. */
export interface NdarrayState {
    shape: number[];
    dtype: NumpyDtype;
    fortran: boolean;
    /** bytes for numeric arrays; a list of objects for object arrays */
    raw: PyValue;
}
export declare function readNdarrayState(obj: PyObject): NdarrayState | null;
/** `numpy.core.multiarray.scalar(dtype, bytes)` → a Python number, or null when it cannot be decoded. */
export declare function decodeNumpyScalar(dtypeValue: PyValue, payload: PyValue): PyValue | null;
