import type { PyBytes, PyTensor, PyValue } from './values.js';
/**
 * A protocol-2 pickler for symbolic values, writing what CPython's C pickler writes for the same
 * objects (so PyTorch's weights-only unpickler accepts it and torch.save output can be reproduced
 * opcode for opcode).
 *
 * Sharing: CPython memoizes by object identity. Containers, objects and tensors are memoized here by
 * JS identity, so a value reachable twice (tied weights, a shared optimizer group, a cycle) is written
 * once and fetched with BINGET. Globals are memoized by name (one class object per name in Python).
 * JS strings have no identity, so equal strings are shared by value: str is immutable, so the loaded
 * object graph is equivalent; bytes differ from CPython's only where it pickled two distinct-but-equal
 * str objects.
 *
 * The walk is iterative (an explicit work stack), so depth is bounded only by memory.
 */
export interface PickleWriteOptions {
    protocol?: 2;
    /**
     * Consulted for every value before anything else, as pickle's `persistent_id`: a non-undefined result
     * is written in the value's place followed by BINPERSID.
     */
    persistentId?: (v: PyValue) => PyValue | undefined;
    /** What to write for a tensor (called once per tensor object); default: the call it was read from. */
    tensorWriter?: (t: PyTensor) => PyValue;
    /** Supplies the payload of bytes that were left in the source file (`data === null`). */
    readBytes?: (b: PyBytes) => Uint8Array;
}
export declare function writePickle(value: PyValue, opts?: PickleWriteOptions): Uint8Array;
/** pickle.encode_long: minimal little-endian two's complement; 0 is empty. */
export declare function encodeLong(x: bigint): Uint8Array;
/** UTF-8 as Python's 'surrogatepass' writes it: lone surrogates become 3-byte sequences instead of U+FFFD. */
export declare function encodeUtf8SurrogatePass(s: string): Uint8Array;
