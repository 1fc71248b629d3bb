import type { ByteSource } from '../byte-source.js';
import { FormatError } from '../errors.js';
import { type OpName } from './opcodes.js';
import type { PyGlobal, PyObject, PyValue } from './values.js';
/**
 * The safe symbolic pickle machine: runs every opcode of protocols 0–5 the way CPython's unpickler
 * does, except that it never imports or calls anything — globals stay names and calls stay records
 * (see values.ts). It is a single loop over opcodes with explicit stacks, so nesting depth costs heap,
 * never call stack; shared references stay shared, so reference bombs stay linear.
 *
 * It stops with an error only where CPython would also stop (or where it cannot follow at all), and
 * keeps everything it saw before — a scanner that gives up early is a scanner that can be bypassed.
 */
export interface PickleOptions {
    /** label for safety findings, e.g. 'archive/data.pkl' */
    where?: string;
    /** byte strings longer than this are not copied: PyBytes.data is null and fileOffset says where they are (default 64 KiB) */
    largeBytes?: number;
    /** most memo entries allowed (default 2^24) */
    maxMemo?: number;
    /** deepest MARK nesting and longest stack allowed (default 2^24) */
    maxStack?: number;
    /**
     * Called with every call record (REDUCE, NEWOBJ, NEWOBJ_EX, INST, OBJ) as it is made, so a caller can
     * spot e.g. `pickle.loads(b'...')` even when the stream later breaks.
     */
    onCall?: (call: PyObject) => void;
    /**
     * Lets a caller that reads a pickle without writing it back (inspect, diff) replace a REDUCE of a
     * global on a tuple by its interpretation as the call is made (the torch layer turns the 100,000
     * `_rebuild_tensor_v2` calls of a state dict into tensors), so that the call's arguments die young
     * instead of living in the tree. Return undefined to keep the call record. Whatever the machine
     * would do with the record other than store it (mutate it, call it, use it as a persistent id or in
     * a message) makes it start over without the hook, so the result is the one the full tree gives.
     */
    reduce?: (call: PyObject & {
        callable: PyGlobal;
    }) => PyValue | undefined;
    /**
     * The memo keeps containers as tombstones (primitives, globals and replaced values as they are):
     * torch.save memoizes every tuple and call but fetches only globals and strings again. A fetch of a
     * tombstone makes the machine start over with a full memo. Only with `reduce`, whose point it is.
     */
    leanMemo?: boolean;
    /**
     * A Python 2 `str` that is not ASCII decoded as UTF-8 when it is valid UTF-8 (else kept as bytes): what
     * torch.load does, since it passes `encoding='utf-8'` to the unpickler when the caller gives none (review 21
     * F11: a state dict key `wé` written as SHORT_BINSTRING loads in torch as 'wé'). pickle.load's and
     * numpy.load's default is ASCII, under which such a str does not load at all, so other readers keep the bytes.
     */
    py2Utf8?: boolean;
}
export interface GlobalUse {
    module: string;
    name: string;
}
/**
 * Something the file does that the symbolic values cannot hold but a safety report must mention:
 * - `global-mutated`: BUILD/APPEND/SETITEM… applied to a module or class reference (the
 *   `sys.modules` override trick: it rewrites what later imports resolve to);
 * - `dynamic-operand`: an import name, call arguments or BUILD state computed at load time where
 *   the machine needs a literal — it cannot follow, and stops;
 * - `state-dropped`: a mutation of an unresolved persistent id or extension, not representable;
 * - `extension`: EXT1/EXT2/EXT4 import whatever copyreg's extension registry maps the code to, which
 *   the file does not say.
 */
export interface PickleAnomaly {
    kind: 'global-mutated' | 'dynamic-operand' | 'state-dropped' | 'extension';
    offset: number;
    opcode: OpName;
    /** the module/class reference that was mutated (global-mutated only) */
    target: GlobalUse | null;
    detail: string;
}
/**
 * How a pickle uses `builtins.getattr`, which Python 3.11 itself writes for every Enum member
 * (`getattr(EnumClass, 'member')`, e.g. DeepSpeed's ZeroStageEnum): the safety verdict can tell that
 * use from getattr reaching an arbitrary callable only when every copy of getattr put on the stack
 * was called on a literal class and name, and no result was called or mutated.
 */
export interface GetattrUse {
    /** times the getattr global was put on the stack (GLOBAL, STACK_GLOBAL, INST, memo fetch, DUP) */
    pushes: number;
    /** each call of it: the owner and attribute when they are a global and a str, else null */
    calls: ({
        owner: GlobalUse;
        name: string;
        result: PyObject;
    } | null)[];
    /** calls whose callable was the result of a getattr call */
    resultsCalled: number;
}
export interface PickleResult {
    /** the object at STOP; undefined if parsing failed before STOP */
    value: PyValue | undefined;
    /** offset just after STOP (or where it failed) */
    end: number;
    /** from PROTO, 0 if none (0/1) */
    protocol: number;
    /** every global referenced (GLOBAL, STACK_GLOBAL, INST, OBJ-of-global), first-seen order, deduplicated by module+name */
    globals: GlobalUse[];
    /** set when the stream is truncated/malformed; value is then undefined but globals seen before the break are kept */
    error: FormatError | null;
    /** the error is one of sdmatch's limits (memo, stack, marks, line length), not a place CPython stops too */
    limited: boolean;
    /** see PickleAnomaly; in stream order */
    anomalies: PickleAnomaly[];
    /**
     * The containers (tuple, list, set, dict, call, persistent id) that may sit in more than one place in
     * the value: those fetched from the memo or duplicated (DUP). Every other container has exactly one
     * parent, so a walk over the value need not remember it to handle sharing and cycles.
     */
    shared: ReadonlySet<object>;
    /**
     * Where the FRAME holding STOP ends, when bytes of that frame follow STOP (else null). CPython reads a
     * frame as a unit: an unbuffered file or BytesIO is left after the whole frame, a buffered file right
     * after STOP, so a second `pickle.load` starts at either place, and both must be scanned.
     */
    frameEnd: number | null;
    /** null when the pickle never names builtins.getattr */
    getattr: GetattrUse | null;
    /** the value holds what PickleOptions.reduce returned (false when the machine started over without it) */
    reduced?: boolean;
    /**
     * With PickleOptions.py2Utf8: the first Python 2 str that is not UTF-8 (kept as bytes in the value), else
     * null. torch.load's default fails on it; the scan still went on, so every global after it is in `globals`.
     */
    py2NotUtf8: Uint8Array | null;
}
/** Never throws for bad input: the problem is in `error`. */
export declare function readPickle(src: ByteSource, offset?: number, options?: PickleOptions): PickleResult;
/** `b'w\xe9'`: bytes as Python writes them (printable ASCII as is, the rest escaped), cut after 40 */
export declare function pyBytesRepr(raw: Uint8Array): string;
