import type { TensorInfo } from '../tensor.js';
/**
 * The symbolic values the safe pickle machine produces. Nothing here is ever a live Python object:
 * globals are names, calls are records of (callable, args), so a file can be inspected and written
 * back faithfully without executing it.
 *
 * Cheap Python values map to JS primitives (None → null, bool → boolean, str → string,
 * int → number when it is a safe integer, else bigint). Floats are boxed so that `1.0` and `1`
 * stay distinct when written back.
 */
export type PyValue = null | boolean | number | bigint | string | PyFloat | PyBytes | PyTuple | PyList | PyDict | PySet | PyGlobal | PyObject | PyPersistent | PyExtension | PyTensor;
export interface PyFloat {
    kind: 'float';
    value: number;
}
/**
 * Bytes, bytearray or a pickle-5 buffer. Large payloads are not copied out of the file: `data` is then
 * null and `fileOffset` says where they are in the pickle's source.
 */
export interface PyBytes {
    kind: 'bytes';
    /** which opcode family made it: bytes (BINBYTES…), bytearray (BYTEARRAY8), py2 str (STRING/BINSTRING), buffer (NEXT_BUFFER) */
    flavor: 'bytes' | 'bytearray' | 'py2str' | 'buffer';
    length: number;
    data: Uint8Array | null;
    fileOffset: number | null;
}
export interface PyTuple {
    kind: 'tuple';
    items: PyValue[];
}
export interface PyList {
    kind: 'list';
    items: PyValue[];
}
export interface PySet {
    kind: 'set';
    frozen: boolean;
    items: PyValue[];
}
/**
 * A dict, in insertion order. `cls` is set when the dict is really an instance of a dict subclass that
 * was interpreted as a dict (collections.OrderedDict); `attrs` is that instance's BUILD state
 * (OrderedDict's `{'_metadata': …}` that BatchNorm loading depends on); `original` is the symbolic
 * object it was interpreted from, kept for faithful write-back.
 */
export interface PyDict {
    kind: 'dict';
    entries: [PyValue, PyValue][];
    cls?: PyGlobal;
    attrs?: PyValue;
    original?: PyObject;
}
/** A reference to `module.name`, never imported. */
export interface PyGlobal {
    kind: 'global';
    module: string;
    name: string;
}
/**
 * The result of a call or instantiation the machine refused to perform: REDUCE, NEWOBJ, NEWOBJ_EX,
 * INST, OBJ. Later BUILD/APPENDS/SETITEMS on it are recorded in order.
 */
export interface PyObject {
    kind: 'object';
    via: 'reduce' | 'newobj' | 'newobj_ex' | 'inst' | 'obj';
    callable: PyValue;
    args: PyValue[];
    kwargs: PyDict | null;
    /** BUILD states, in the order applied (usually zero or one) */
    states: PyValue[];
    listItems: PyValue[];
    dictItems: [PyValue, PyValue][];
}
/** A persistent id left unresolved (torch storages resolve them through the torch layer). */
export interface PyPersistent {
    kind: 'persid';
    pid: PyValue;
}
/** EXT1/2/4 copyreg extension code (never registered, so never resolved). */
export interface PyExtension {
    kind: 'ext';
    code: number;
}
/** A tensor or array the torch layer recognised; `original` is the symbolic call it came from. */
export interface PyTensor {
    kind: 'tensor';
    info: TensorInfo;
    original: PyValue;
}
export declare function isPyObject(v: PyValue): v is PyObject;
export declare function isPyDict(v: PyValue): v is PyDict;
export declare function isGlobal(v: PyValue, module?: string, name?: string): v is PyGlobal;
