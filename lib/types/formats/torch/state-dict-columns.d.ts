import type { GlobalUse } from '../pickle/machine.js';
/**
 * A one-pass recogniser for the pickle `torch.save(state_dict)` writes: a dict or OrderedDict whose
 * values are all `_rebuild_tensor_v2(('storage', torch.XStorage, '<n>', '<device>', numel), offset,
 * shape, stride, requires_grad, OrderedDict())` calls, optionally followed by the BUILD of its
 * `_metadata` (issue 14). It appends each tensor to typed columns (key offsets into the pickle bytes,
 * dtype codes, storage numbers, shapes and strides in one Int32Array) instead of building the ~10
 * objects per tensor the symbolic machine and the interpreter make, so 2,000,000 tensors cost tens of
 * bytes each.
 *
 * It is a narrowing of the machine, never a guess: every opcode is read, the imports it accepts are the
 * four kinds above and nothing else, and at the first opcode, global, value or shape outside this
 * grammar it returns null, so the caller reads the pickle with the full machine (which then also
 * computes the safety verdict). On what it accepts, its facts are exactly the machine's: the globals in
 * first-seen order, no anomalies, no error, no getattr, and tensors the interpreter would make the same
 * way (see `tensorsAsRead`: the calls it takes are the ones `directRebuild` takes).
 */
export interface StateDictColumns {
    /** the pickle's bytes: keys are read from them */
    bytes: Uint8Array;
    protocol: number;
    globals: GlobalUse[];
    /** where the pickle ends, just past its STOP (what follows, torch.load never reads) */
    end: number;
    /** tensors, in dict order */
    count: number;
    keyStart: Int32Array;
    keyLength: Int32Array;
    /** index into DTYPE_NAMES */
    dtype: Uint8Array;
    /** the storage key as a number (`'17'` → 17) */
    storage: Int32Array;
    storageOffset: Float64Array;
    /** where the tensor's shape starts in `dims`; its stride follows the shape */
    dimsAt: Int32Array;
    rank: Uint8Array;
    dims: Int32Array;
    requiresGrad: Uint8Array;
    /** one more than the largest storage number used */
    storageCount: number;
    /** per storage number: dtype code, or NO_STORAGE when no tensor names it */
    storageDtype: Uint8Array;
    /** per storage number: index into `devices` */
    storageDevice: Uint16Array;
    devices: string[];
    /**
     * Set when the stream is not one flat state dict but nested containers (`{'state_dict': {...},
     * 'epoch': 3}`, optimizer state, `{'module': {...}}`): the values in every container, for
     * state-dict-tree.ts to make the tree the interpreter would. `keyStart`/`keyLength` then say nothing.
     */
    nested: NestedColumns | null;
}
/**
 * The containers of a nested stream and what went into them, in the order it went in: entry k put
 * `value[k]` under `key[k]` into container `owner[k]` (keys and values are the scanner's handles,
 * read with the pools below; a list's keys are its indexes). Container 0 is the root.
 */
export interface NestedColumns {
    /** per container: C_* flags */
    containers: Int32Array;
    entries: number;
    owner: Int32Array;
    key: Int32Array;
    value: Int32Array;
    strStart: Int32Array;
    strLength: Int32Array;
    /** integers past the inline range (handle payloads of T_WIDE) */
    wide: number[];
    floats: number[];
    tupleItems: Int32Array;
    tupleStart: Int32Array;
    tupleLength: Int32Array;
}
/** NestedColumns.containers flags */
export declare const C_ORDERED = 1;
export declare const C_LIST = 8;
/** DType by code: the columns hold the index of a dtype in this list (the one code table, dtype.ts). */
export declare const DTYPE_NAMES: ("bfloat16" | "bool" | "complex128" | "complex32" | "complex64" | "float16" | "float32" | "float64" | "float8_e4m3fn" | "float8_e4m3fnuz" | "float8_e5m2" | "float8_e5m2fnuz" | "float8_e8m0fnu" | "int16" | "int32" | "int64" | "int8" | "qint32" | "qint8" | "quint2x4" | "quint4x2" | "quint8" | "uint16" | "uint32" | "uint64" | "uint8")[];
export declare const NO_STORAGE = 255;
/** handle tags, for state-dict-tree.ts */
export declare const HANDLE: {
    readonly NONE: 0;
    readonly FALSE: 1;
    readonly TRUE: 2;
    readonly INT: 3;
    readonly WIDE: 4;
    readonly STR: 5;
    readonly TUPLE: 7;
    readonly DICT: 9;
    readonly LIST: 12;
    readonly TENSOR: 10;
    readonly FLOAT: 13;
};
export declare const handleTag: (h: number) => number;
export declare const handlePayload: (h: number) => number;
/**
 * Whether `prefix`, the first bytes of a pickle, is read by the scanner without a decline: a pickle
 * that fails this is not worth reading whole for columns (most checkpoints that are not flat state
 * dicts show it in their first kilobytes).
 */
export declare function stateDictPrefixFits(prefix: Uint8Array): boolean;
/**
 * The columns of a flat torch.save state dict, or null when the pickle is anything else (the caller
 * then reads it with the full machine). Never throws for bad input: bad input is outside the grammar.
 */
export declare function scanStateDictColumns(bytes: Uint8Array): StateDictColumns | null;
