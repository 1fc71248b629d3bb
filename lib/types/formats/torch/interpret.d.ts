import type { DType } from '../dtype.js';
import type { PyBytes, PyGlobal, PyObject, PyValue } from '../pickle/values.js';
import type { ByteLocation, StorageInfo } from '../tensor.js';
import { type Constructor } from './constructors.js';
import { type StorageRef } from './storage-pid.js';
/**
 * What a container (torch zip, legacy stream, TorchScript archive, plain pickle) tells the interpreter
 * about the bytes around the pickle.
 */
export interface InterpretContext {
    /**
     * The storage a persistent id names. The same key must give the same StorageInfo object, so that
     * tied weights share one. `dtype` is the rebuild's dtype when the id's storage type is untyped.
     * `offset` is where a legacy storage view starts in its root storage, in elements. A lookup that
     * returns null must have no effect (no warning, nothing made): the same id may be asked for again.
     */
    storage(ref: StorageRef, dtype: DType | null): {
        info: StorageInfo;
        offset: number;
    } | null;
    /** Where a byte string's payload is (numpy arrays pickled inline). */
    bytesLocation(b: PyBytes): ByteLocation | null;
    /** `torch.storage._load_from_bytes(b)`: a nested legacy torch.save stream holding one storage. */
    loadFromBytes(b: PyBytes): StorageInfo | null;
    /** `_load_from_bytes(x)` of an object that is not a byte string (an ndarray: io.BytesIO takes any buffer): what it would unpickle was not read (review 21 F8) */
    payloadNotRead?(what: string): void;
    /** something a user should hear about (a missing storage record, a malformed rebuild call) */
    warn(message: string): void;
}
/** A storage the tree refers to, resolved: the nodes that stand for storages map to these. */
export interface ResolvedStorage {
    info: StorageInfo;
    offset: number;
}
export interface InterpretState {
    ctx: InterpretContext;
    /**
     * storage-valued nodes (persistent ids, `_load_from_bytes` calls) resolved so far that a rebuild may
     * meet (again); a persistent id read by the direct path is left out unless it is shared
     */
    storages: Map<object, ResolvedStorage>;
    /** numpy arrays seen, to give each its own storage key (`ndarray:1` …) */
    ndarrays: number;
    /** constructor per global (the machine gives one object per module+name), so names are not rebuilt per call */
    constructors: Map<PyGlobal, Constructor | null>;
}
/**
 * Rewrites a symbolic pickle tree so that the calls torch and numpy use to rebuild tensors and
 * ordered dicts become PyTensor and PyDict nodes. The input is not modified: interpreted nodes keep
 * the symbolic call they came from in `original`.
 *
 * The result shares every subtree interpretation leaves unchanged (shape tuples, persistent ids, plain
 * containers of plain values) with the input; only nodes on the way to an interpreted one are copied.
 * So the tree is not held twice in memory (100,000-tensor checkpoints).
 *
 * The pass is iterative (a 1,000,000-deep nesting must not overflow the JS stack) and interprets a node
 * reachable from several parents once: a shared node (a billion-laughs bomb) is interpreted once and
 * shared in the result too, and a cycle meets a node's not-yet-finished copy instead of looping.
 * `shared` (PickleResult.shared) names the only nodes that can have several parents; without it every
 * node is treated as possibly shared, which is correct but remembers every node.
 */
export declare function interpret(root: PyValue, ctx: InterpretContext, shared?: ReadonlySet<object>): {
    value: PyValue;
};
/**
 * For PickleOptions.reduce, for callers that never write the file back: a plain tensor rebuild whose
 * arguments are inert (directRebuild) becomes its tensor as the machine reads it, with no `original`,
 * so the 100,000 calls of a state dict and their argument tuples are never part of the tree. The
 * result is the tensor the interpreter would make in the call's place, provided `ctx.storage` returns
 * null, doing nothing, for a storage whose lookup would have another effect (a warning): that call is
 * kept and interpreted where the tree puts it, as before.
 */
export declare function tensorsAsRead(ctx: InterpretContext): (call: PyObject & {
    callable: PyGlobal;
}) => PyValue | undefined;
