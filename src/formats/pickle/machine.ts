import type { ByteSource } from '../byte-source.js';
import { FormatError } from '../errors.js';
import { DictKeyIndex } from './dict-keys.js';
import { describeOpcode, HIGHEST_PROTOCOL, Op, opName, type OpName } from './opcodes.js';
import { PickleReader, truncated } from './reader.js';
import {
  decodeLong,
  decodeRawUnicodeEscape,
  decodeStringLine,
  parseFloatLine,
  parseIntLine,
  parseIntText10,
  parseLongLine,
  RawUnicodeEscapeError,
} from './text-args.js';
import type { PyBytes, PyDict, PyGlobal, PyObject, PyValue } from './values.js';
import { globalPath } from './global-path.js';

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
  reduce?: (call: PyObject & { callable: PyGlobal }) => PyValue | undefined;
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
  calls: ({ owner: GlobalUse; name: string; result: PyObject } | null)[];
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

const DEFAULT_LARGE_BYTES = 64 * 1024;
const DEFAULT_MAX_MEMO = 2 ** 24;
const DEFAULT_MAX_STACK = 2 ** 24;
/** protocol-0 arguments are lines; a newline-free multi-GB tail must not be pulled into memory */
const MAX_LINE = 64 * 1024 * 1024;

/**
 * A call record's `states`, `listItems` and `dictItems` start as these shared, frozen empty arrays and
 * get their own on the first BUILD/APPEND/SETITEM: most calls (100,000 tensor rebuilds) are never
 * mutated, and three empty arrays each would be a fifth of a large file's tree. The value is immutable
 * once returned, like everything the machine produces.
 */
const NO_VALUES = Object.freeze([]) as unknown as PyValue[];
const NO_PAIRS = Object.freeze([]) as unknown as [PyValue, PyValue][];
const EMPTY_TUPLE = Object.freeze({ kind: 'tuple', items: NO_VALUES }) as PyValue;

const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });
const utf8Strict = new TextDecoder('utf-8', { ignoreBOM: true, fatal: true });
const latin1 = new TextDecoder('latin1');

/** Never throws for bad input: the problem is in `error`. */
export function readPickle(src: ByteSource, offset = 0, options: PickleOptions = {}): PickleResult {
  if (!Number.isSafeInteger(offset) || offset < 0) throw new Error(`readPickle: bad offset ${offset}`);
  if (options.reduce === undefined) return new Machine(src, offset, options).run();
  try {
    return { ...new Machine(src, offset, options).run(), reduced: true };
  } catch (e) {
    if (!(e instanceof StartOver)) throw e;
    return new Machine(src, offset, { ...options, reduce: undefined, leanMemo: false }).run();
  }
}

/**
 * The hooks of PickleOptions.reduce / leanMemo met a case they do not cover: the run is abandoned and
 * made again without them (never turned into a PickleResult error).
 */
class StartOver extends Error {}

/** A memo slot whose container was not kept (PickleOptions.leanMemo). */
const TOMBSTONE = Object.freeze({ kind: 'tombstone' }) as unknown as PyValue;

/** Thrown inside the loop for bad input; `run` turns it into `PickleResult.error`. */
class Stop extends Error {
  constructor(readonly formatError: FormatError, readonly limit = false) {
    super(formatError.message);
  }
}

/** Values whose runtime type is unknown until load time (results of calls, imports, persistent loads). */
function isOpaque(v: PyValue): boolean {
  if (typeof v !== 'object' || v === null) return false;
  const k = v.kind;
  return k === 'object' || k === 'global' || k === 'persid' || k === 'ext' || k === 'tensor';
}

/** Python's name for a value's type, for error messages. */
function typeName(v: PyValue): string {
  switch (typeof v) {
    case 'string': return 'str';
    case 'number':
    case 'bigint': return 'int';
    case 'boolean': return 'bool';
    case 'object':
      if (v === null) return 'None';
      switch (v.kind) {
        case 'float': return 'float';
        case 'bytes': return v.flavor === 'bytearray' ? 'bytearray' : v.flavor === 'py2str' ? 'py2 str' : 'bytes';
        case 'tuple': return 'tuple';
        case 'list': return 'list';
        case 'dict': return 'dict';
        case 'set': return v.frozen ? 'frozenset' : 'set';
        case 'global': return `global ${v.module}.${v.name}`;
        case 'object': return 'call result';
        case 'persid': return 'persistent id';
        case 'ext': return 'extension';
        case 'tensor': throw new StartOver(); // only a replaced call is a tensor here: its message is the call's
      }
  }
  return 'value';
}

/** A value PickleOptions.reduce put in place of a call record (the machine itself makes no tensors). */
function isReplaced(v: PyValue): boolean {
  return typeof v === 'object' && v !== null && v.kind === 'tensor';
}

/** Containers and calls: what a lean memo does not keep. */
function hasItems(v: PyValue): boolean {
  if (typeof v !== 'object' || v === null) return false;
  const k = v.kind;
  return k === 'tuple' || k === 'list' || k === 'set' || k === 'dict' || k === 'object' || k === 'persid';
}

/** Literal values Python can never call (REDUCE/NEWOBJ on them fails at load time). */
function isUncallableLiteral(v: PyValue): boolean {
  return !isOpaque(v);
}

function isEmptyLiteral(v: PyValue): boolean {
  if (v === null) return true;
  if (typeof v !== 'object') return false;
  return (v.kind === 'dict' && v.entries.length === 0) || ((v.kind === 'tuple' || v.kind === 'list') && v.items.length === 0);
}

class Machine {
  private readonly r: PickleReader;
  private readonly name: string;
  private readonly largeBytes: number;
  private readonly maxMemo: number;
  private readonly maxStack: number;
  private readonly onCall: ((call: PyObject) => void) | undefined;
  private readonly reduce: PickleOptions['reduce'];
  private readonly leanMemo: boolean;
  private readonly py2Utf8: boolean;
  /** the first Python 2 str that is not UTF-8 (PickleOptions.py2Utf8 only): see PickleResult.py2NotUtf8 */
  private py2NotUtf8: Uint8Array | null = null;
  private readonly notUtf8 = (raw: Uint8Array): void => {
    this.py2NotUtf8 ??= raw.slice();
  };

  /**
   * One flat stack for every MARK level, as CPython keeps it: a MARK records where its items start
   * instead of opening a new array, so the two MARKs of each tensor rebuild allocate nothing and the
   * items move only once, into the exact-size array of the tuple (list, call …) they become.
   */
  private readonly stack: PyValue[] = [];
  /** start of each open MARK's items in `stack`, outermost first */
  private readonly marks: number[] = [];
  /** start of the innermost open MARK's items (0 when none is open): the stack below it is out of reach */
  private base = 0;
  /**
   * The memo: picklers number entries 0, 1, 2 … so a dense array holds nearly all of them (a Map of a
   * million entries is several times slower); indexes beyond its end go to the sparse map.
   */
  private readonly memoDense: (PyValue | undefined)[] = [];
  private readonly memoSparse = new Map<number, PyValue>();
  private memoCount = 0;
  private readonly dictKeys = new DictKeyIndex();
  /** see PickleResult.shared */
  private readonly shared = new Set<object>();
  private readonly globalsSeen = new Map<string, PyGlobal>();
  private readonly globals: GlobalUse[] = [];
  private readonly anomalies: PickleAnomaly[] = [];
  private getattrUse: GetattrUse | null = null;
  private readonly getattrResults = new Set<PyObject>();
  private protocol = 0;
  /** end of the last FRAME read (0 before any) */
  private frameEnd = 0;
  /** offset and byte of the opcode being run, for messages */
  private opAt = 0;
  private op = 0;

  constructor(src: ByteSource, start: number, options: PickleOptions) {
    this.r = new PickleReader(src, start);
    this.name = src.name;
    this.largeBytes = options.largeBytes ?? DEFAULT_LARGE_BYTES;
    this.maxMemo = options.maxMemo ?? DEFAULT_MAX_MEMO;
    this.maxStack = options.maxStack ?? DEFAULT_MAX_STACK;
    this.onCall = options.onCall;
    this.reduce = options.reduce;
    this.leanMemo = options.reduce !== undefined && options.leanMemo === true;
    this.py2Utf8 = options.py2Utf8 === true;
  }

  run(): PickleResult {
    let value: PyValue | undefined;
    let error: FormatError | null = null;
    let limited = false;
    let end: number;
    try {
      value = this.loop();
      end = this.r.pos;
    } catch (e) {
      if (e instanceof Stop) {
        error = e.formatError;
        limited = e.limit;
      }
      else if (e instanceof FormatError) error = e; // the source itself failed to read
      else throw e;
      end = this.opAt;
    }
    const frameEnd = error === null && this.frameEnd > end ? this.frameEnd : null;
    return { value, end, protocol: this.protocol, globals: this.globals, error, limited, anomalies: this.anomalies, shared: this.shared, frameEnd, getattr: this.getattrUse, py2NotUtf8: this.py2NotUtf8 };
  }

  // ---- errors -------------------------------------------------------------------------------

  private fail(message: string, limit = false): Stop {
    return new Stop(new FormatError(this.name, `pickle: opcode ${describeOpcode(this.op)} at offset ${this.opAt}: ${message}`), limit);
  }

  /** One of sdmatch's limits stopped the scan: CPython would go on, so what follows was never seen. */
  private limit(message: string): Stop {
    return this.fail(`${message} (sdmatch's limit; the loader would read on)`, true);
  }

  private truncated(what: string): Stop {
    return new Stop(truncated(this.name, what, this.opAt));
  }

  private anomaly(kind: PickleAnomaly['kind'], target: PyGlobal | null, detail: string): void {
    const opcode = opName(this.op);
    if (opcode === undefined) throw new Error(`anomaly recorded outside an opcode (0x${this.op.toString(16)})`);
    this.anomalies.push({ kind, offset: this.opAt, opcode, target: target && { module: target.module, name: target.name }, detail });
  }

  /** The machine cannot follow a load-time value: record it (a scanner must not be bypassed silently) and stop. */
  private dynamic(detail: string): Stop {
    this.anomaly('dynamic-operand', null, detail);
    return this.fail(`${detail} is computed at load time; cannot follow`);
  }

  // ---- stack --------------------------------------------------------------------------------

  private underflow(): Stop {
    return this.fail(this.marks.length ? 'stack underflow (nothing after MARK)' : 'stack underflow');
  }

  private pop(): PyValue {
    const stack = this.stack;
    if (stack.length <= this.base) throw this.underflow();
    return stack.pop()!;
  }

  private top(): PyValue {
    const stack = this.stack;
    if (stack.length <= this.base) throw this.underflow();
    return stack[stack.length - 1]!;
  }

  /** Closes the innermost MARK: its items, in a new array of exactly their number (the tree keeps 100,000s). */
  private popMark(): PyValue[] {
    const from = this.closeMark();
    const stack = this.stack;
    const items = stack.slice(from);
    stack.length = from;
    return items;
  }

  /** Closes the innermost MARK, leaving its items on the stack above the returned index for the caller to take and drop. */
  private closeMark(): number {
    const from = this.base;
    if (this.marks.pop() === undefined) throw this.fail('MARK not found');
    const marks = this.marks;
    this.base = marks.length > 0 ? marks[marks.length - 1]! : 0;
    return from;
  }

  // ---- arguments ----------------------------------------------------------------------------

  /** `part` is a constant ('argument', 'payload' …): messages are only built on failure, off the hot path. */
  private need(n: number, part: string): void {
    const left = this.r.remaining();
    if (n > left) throw this.truncated(`${describeOpcode(this.op)} ${part} needs ${n} bytes but ${left} remain`);
  }

  private u8(): number {
    const b = this.r.byte();
    if (b < 0) throw this.truncated(`${describeOpcode(this.op)} argument cut off`);
    return b;
  }

  private fixed(n: number): Uint8Array {
    this.need(n, 'argument');
    return this.r.take(n);
  }

  private u16(): number {
    this.need(2, 'argument');
    return this.r.uint(2);
  }

  private u32(): number {
    this.need(4, 'argument');
    return this.r.uint(4);
  }

  private i32(): number {
    this.need(4, 'argument');
    return this.r.uint(4) | 0;
  }

  /** An 8-byte length; imprecise beyond 2^53, which is past any file anyway. */
  private u64(): number {
    this.need(8, 'argument');
    const lo = this.r.uint(4);
    return this.r.uint(4) * 0x100000000 + lo;
  }

  private line(): Uint8Array {
    const l = this.r.line(MAX_LINE);
    if (l === null) throw this.truncated(`${describeOpcode(this.op)} line has no newline before the end`);
    if (l === 'too-long') throw this.limit(`argument line longer than ${MAX_LINE} bytes`);
    return l;
  }

  private utf8Line(what: string): string {
    try {
      return utf8Strict.decode(this.line());
    } catch (e) {
      if (e instanceof Stop) throw e;
      throw this.fail(`${what} is not valid UTF-8`);
    }
  }

  private asciiLine(what: string): string {
    const l = this.line();
    for (let i = 0; i < l.length; i++) if (l[i]! > 0x7f) throw this.fail(`${what} is not ASCII`);
    return latin1.decode(l);
  }

  private intLine(what: string): number {
    const v = parseIntText10(latin1.decode(this.line()));
    if (typeof v !== 'number') throw this.fail(`${what} is not an integer`);
    return v;
  }

  private text(n: number): string {
    this.need(n, 'string');
    return this.r.ascii(n) ?? utf8.decode(this.r.take(n));
  }

  /** Byte payloads: copied when small, left in the source (by offset) when large. */
  private bytes(n: number, flavor: PyBytes['flavor']): PyBytes {
    this.need(n, 'payload');
    if (n > this.largeBytes) {
      const fileOffset = this.r.pos;
      this.r.skip(n);
      return { kind: 'bytes', flavor, length: n, data: null, fileOffset };
    }
    return { kind: 'bytes', flavor, length: n, data: this.r.take(n).slice(), fileOffset: null };
  }

  /**
   * A Python 2 `str` (STRING/BINSTRING/SHORT_BINSTRING): text when ASCII — what every Python 3 loader
   * makes of it — otherwise the raw bytes, since the encoding is unknowable (Latin-1 is one guess).
   */
  private py2str(n: number): PyValue {
    if (n > this.largeBytes) return this.bytes(n, 'py2str');
    this.need(n, 'payload');
    return py2strValue(this.r.take(n), this.py2Utf8, this.notUtf8);
  }

  // ---- globals and calls --------------------------------------------------------------------

  /** `v` was put on the stack once more: counted when it is builtins.getattr */
  private notePush(v: PyValue): void {
    if (typeof v !== 'object' || v === null || v.kind !== 'global' || globalPath(v.module, v.name) !== 'builtins.getattr') return;
    (this.getattrUse ??= { pushes: 0, calls: [], resultsCalled: 0 }).pushes++;
  }

  private noteGetattrCall(obj: PyObject): void {
    const use = this.getattrUse!;
    const f = obj.callable;
    if (typeof f === 'object' && f !== null && f.kind === 'object' && this.getattrResults.has(f)) use.resultsCalled++;
    if (typeof f !== 'object' || f === null || f.kind !== 'global' || globalPath(f.module, f.name) !== 'builtins.getattr') return;
    this.getattrResults.add(obj);
    const [owner, name] = obj.args;
    const literal = obj.args.length === 2 && obj.kwargs === null && typeof name === 'string' && typeof owner === 'object' && owner !== null && owner.kind === 'global';
    use.calls.push(literal ? { owner: { module: owner.module, name: owner.name }, name, result: obj } : null);
  }

  private global(module: string, name: string): PyGlobal {
    const key = module + '\n' + name;
    let g = this.globalsSeen.get(key);
    if (g === undefined) {
      g = { kind: 'global', module, name };
      this.globalsSeen.set(key, g);
      this.globals.push({ module, name });
    }
    return g;
  }

  private call(via: PyObject['via'], callable: PyValue, args: PyValue[], kwargs: PyDict | null): PyObject {
    const obj: PyObject = { kind: 'object', via, callable, args, kwargs, states: NO_VALUES, listItems: NO_VALUES, dictItems: NO_PAIRS };
    if (this.getattrUse !== null) this.noteGetattrCall(obj);
    this.onCall?.(obj);
    return obj;
  }

  /** REDUCE/NEWOBJ arguments: CPython insists on a real tuple. */
  private argTuple(v: PyValue, what: string): PyValue[] {
    if (typeof v === 'object' && v !== null && v.kind === 'tuple') return v.items;
    if (isOpaque(v)) throw this.dynamic(`${what} arguments (a ${typeName(v)})`);
    throw this.fail(`${what} arguments must be a tuple, got ${typeName(v)}`);
  }

  private checkCallable(v: PyValue, what: string): void {
    if (isReplaced(v)) throw new StartOver();
    if (isUncallableLiteral(v)) throw this.fail(`${what} on a ${typeName(v)}, which is not callable`);
  }

  // ---- mutation of the object on top of the stack -------------------------------------------

  /** A mutation aimed at something that is not a container we model. Returns true when handled. */
  private mutateOpaque(target: PyValue, what: string): boolean {
    if (typeof target !== 'object' || target === null) return false;
    if (target.kind === 'tensor') throw new StartOver(); // a replaced call being mutated: the full tree records it
    if (target.kind === 'global') {
      this.anomaly('global-mutated', target, `${what} on ${target.module}.${target.name}`);
      return true;
    }
    if (target.kind === 'persid' || target.kind === 'ext') {
      this.anomaly('state-dropped', null, `${what} on a ${typeName(target)}`);
      return true;
    }
    return false;
  }

  private appendItems(items: PyValue[], what: string): void {
    const target = this.top();
    if (typeof target === 'object' && target !== null) {
      if (target.kind === 'list') {
        // the usual EMPTY_LIST MARK … APPENDS: adopt the mark's array instead of copying it
        if (target.items.length === 0) target.items = items;
        else for (const item of items) target.items.push(item);
        return;
      }
      if (target.kind === 'object') {
        if (target.listItems === NO_VALUES) target.listItems = items;
        else for (const item of items) target.listItems.push(item);
        return;
      }
    }
    if (this.mutateOpaque(target, what)) return;
    if (items.length === 0) return; // CPython returns before looking at the target
    throw this.fail(`${what} to a ${typeName(target)}`);
  }

  private setItems(items: PyValue[], what: string): void {
    if (items.length % 2 !== 0) throw this.fail(`odd number of items for ${what}`);
    const target = this.top();
    if (typeof target === 'object' && target !== null) {
      if (target.kind === 'object' && target.dictItems === NO_PAIRS) target.dictItems = [];
      const entries = target.kind === 'dict' ? target.entries : target.kind === 'object' ? target.dictItems : null;
      if (entries !== null) {
        for (let i = 0; i < items.length; i += 2) this.dictKeys.set(entries, items[i]!, items[i + 1]!);
        return;
      }
      if (target.kind === 'list') {
        for (let i = 0; i < items.length; i += 2) {
          const k = items[i]!;
          const n = target.items.length;
          const at = typeof k === 'number' ? (k < 0 ? k + n : k) : -1;
          if (at < 0 || at >= n) throw this.fail(`${what} on a list with index ${typeName(k) === 'int' ? String(k) : typeName(k)}`);
          target.items[at] = items[i + 1]!;
        }
        return;
      }
    }
    if (this.mutateOpaque(target, what)) return;
    if (items.length === 0) return;
    throw this.fail(`${what} on a ${typeName(target)}`);
  }

  private build(state: PyValue): void {
    const target = this.top();
    if (typeof target === 'object' && target !== null && target.kind === 'object') {
      if (target.states === NO_VALUES) target.states = [state];
      else target.states.push(state);
      return;
    }
    if (this.mutateOpaque(target, 'BUILD')) return;
    // Plain containers and primitives have neither __setstate__ nor __dict__: only an empty state loads.
    if (isEmptyLiteral(state)) return;
    if (isOpaque(state)) throw this.dynamic(`BUILD state for a ${typeName(target)}`);
    throw this.fail(`BUILD on a ${typeName(target)} (only objects take state)`);
  }

  private addItems(items: PyValue[]): void {
    const target = this.top();
    if (typeof target === 'object' && target !== null) {
      if (target.kind === 'set' && !target.frozen) {
        for (const item of items) target.items.push(item);
        return;
      }
      if (target.kind === 'object') {
        if (target.listItems === NO_VALUES) target.listItems = items;
        else for (const item of items) target.listItems.push(item);
        return;
      }
    }
    if (this.mutateOpaque(target, 'ADDITEMS')) return;
    throw this.fail(`ADDITEMS to a ${typeName(target)}`);
  }

  private memoPut(index: number): void {
    if (index < 0) throw this.fail('negative memo index');
    const top = this.top();
    const value = this.leanMemo && hasItems(top) ? TOMBSTONE : top;
    const dense = this.memoDense;
    if (index < dense.length) {
      if (dense[index] === undefined) this.newMemoEntry();
      dense[index] = value;
    } else if (index === dense.length) {
      // an index stored sparsely earlier moves into the dense array: same entry, not a new one
      if (!(this.memoSparse.size > 0 && this.memoSparse.delete(index))) this.newMemoEntry();
      dense.push(value);
    } else {
      if (!this.memoSparse.has(index)) this.newMemoEntry();
      this.memoSparse.set(index, value);
    }
  }

  private newMemoEntry(): void {
    if (this.memoCount >= this.maxMemo) throw this.limit(`memo grows past ${this.maxMemo} entries`);
    this.memoCount++;
  }

  private memoGet(index: number): PyValue {
    const v = index < this.memoDense.length ? this.memoDense[index] : this.memoSparse.get(index);
    if (v === undefined) throw this.fail(`memo key ${index} was never stored`);
    if (v === TOMBSTONE) throw new StartOver();
    this.share(v);
    return v;
  }

  /** `v` gets a second parent (memo fetch, DUP): remembered when it can hold children. */
  private share(v: PyValue): void {
    if (typeof v !== 'object' || v === null) return;
    const k = v.kind;
    if (k === 'global') this.notePush(v);
    if (k === 'tuple' || k === 'list' || k === 'set' || k === 'dict' || k === 'object' || k === 'persid') this.shared.add(v);
  }

  // ---- the loop -----------------------------------------------------------------------------

  private loop(): PyValue {
    const r = this.r;
    const stack = this.stack;
    for (;;) {
      const at = r.pos;
      this.opAt = at;
      const op = r.byte();
      if (op < 0) {
        this.op = 0x2e;
        throw new Stop(truncated(this.name, 'no STOP before the end of the data', at));
      }
      this.op = op;
      if (stack.length - this.base > this.maxStack) throw this.limit(`stack grows past ${this.maxStack} items`);
      switch (op) {
        // -- structure
        case Op.MARK:
          if (this.marks.length >= this.maxStack) throw this.limit(`MARK nesting deeper than ${this.maxStack}`);
          this.base = stack.length;
          this.marks.push(this.base);
          break;
        case Op.STOP:
          return this.pop();
        case Op.POP:
          if (stack.length > this.base) stack.pop();
          else this.closeMark(); // nothing above the MARK: POP discards the MARK itself
          break;
        case Op.POP_MARK:
          stack.length = this.closeMark();
          break;
        case Op.DUP: {
          const v = this.top();
          this.share(v);
          stack.push(v);
          break;
        }
        case Op.PROTO: {
          const v = this.u8();
          if (v > HIGHEST_PROTOCOL) throw this.fail(`unsupported pickle protocol ${v}`);
          this.protocol = v;
          break;
        }
        case Op.FRAME: {
          // a buffering unit to CPython's C unpickler (it does not stop opcodes from crossing frames);
          // where the frame ends matters only for what a second load() reads after a STOP inside it
          const n = this.u64();
          this.frameEnd = r.pos + n;
          break;
        }

        // -- numbers
        case Op.INT: {
          const v = parseIntLine(this.line());
          if (v === null) throw this.fail('INT argument is not an integer');
          stack.push(v);
          break;
        }
        case Op.BININT:
          stack.push(this.i32());
          break;
        case Op.BININT1:
          stack.push(this.u8());
          break;
        case Op.BININT2:
          stack.push(this.u16());
          break;
        case Op.LONG: {
          const v = parseLongLine(this.line());
          if (v === null) throw this.fail('LONG argument is not an integer');
          stack.push(v);
          break;
        }
        case Op.LONG1: {
          const n = this.u8();
          this.need(n, 'digits');
          stack.push(decodeLong(r.take(n)));
          break;
        }
        case Op.LONG4: {
          const n = this.i32();
          if (n < 0) throw this.fail('LONG pickle has negative byte count');
          this.need(n, 'digits');
          stack.push(decodeLong(r.take(n)));
          break;
        }
        case Op.FLOAT: {
          const v = parseFloatLine(this.line());
          if (v === null) throw this.fail('FLOAT argument is not a number');
          stack.push({ kind: 'float', value: v });
          break;
        }
        case Op.BINFLOAT: {
          const b = this.fixed(8);
          stack.push({ kind: 'float', value: new DataView(b.buffer, b.byteOffset, 8).getFloat64(0, false) });
          break;
        }
        case Op.NONE:
          stack.push(null);
          break;
        case Op.NEWTRUE:
          stack.push(true);
          break;
        case Op.NEWFALSE:
          stack.push(false);
          break;

        // -- strings and bytes
        case Op.STRING: {
          const decoded = decodeStringLine(this.line());
          if (typeof decoded === 'string') throw this.fail(decoded);
          stack.push(py2strValue(decoded, this.py2Utf8, this.notUtf8));
          break;
        }
        case Op.BINSTRING: {
          const n = this.i32();
          if (n < 0) throw this.fail('BINSTRING pickle has negative byte count');
          stack.push(this.py2str(n));
          break;
        }
        case Op.SHORT_BINSTRING:
          stack.push(this.py2str(this.u8()));
          break;
        case Op.UNICODE: {
          const l = this.line();
          try {
            stack.push(decodeRawUnicodeEscape(l));
          } catch (e) {
            if (e instanceof RawUnicodeEscapeError) throw this.fail(`raw-unicode-escape: ${e.message}`);
            throw e;
          }
          break;
        }
        case Op.BINUNICODE:
          stack.push(this.text(this.u32()));
          break;
        case Op.SHORT_BINUNICODE:
          stack.push(this.text(this.u8()));
          break;
        case Op.BINUNICODE8:
          stack.push(this.text(this.u64()));
          break;
        case Op.BINBYTES:
          stack.push(this.bytes(this.u32(), 'bytes'));
          break;
        case Op.SHORT_BINBYTES:
          stack.push(this.bytes(this.u8(), 'bytes'));
          break;
        case Op.BINBYTES8:
          stack.push(this.bytes(this.u64(), 'bytes'));
          break;
        case Op.BYTEARRAY8:
          stack.push(this.bytes(this.u64(), 'bytearray'));
          break;
        case Op.NEXT_BUFFER:
          // out-of-band buffer: its bytes are not in the stream at all
          stack.push({ kind: 'bytes', flavor: 'buffer', length: 0, data: null, fileOffset: null });
          break;
        case Op.READONLY_BUFFER:
          this.top();
          break;

        // -- containers
        case Op.EMPTY_TUPLE:
          // its items are never mutated (tuples are immutable; call records take them as their args);
          // a read that is never written back shares one (torch.save writes one per tensor), as `()` does in Python
          stack.push(this.leanMemo ? EMPTY_TUPLE : { kind: 'tuple', items: NO_VALUES });
          break;
        case Op.TUPLE: {
          const items = this.popMark();
          stack.push({ kind: 'tuple', items });
          break;
        }
        case Op.TUPLE1: {
          const a = this.pop();
          stack.push({ kind: 'tuple', items: [a] });
          break;
        }
        case Op.TUPLE2: {
          const b = this.pop();
          const a = this.pop();
          stack.push({ kind: 'tuple', items: [a, b] });
          break;
        }
        case Op.TUPLE3: {
          const c = this.pop();
          const b = this.pop();
          const a = this.pop();
          stack.push({ kind: 'tuple', items: [a, b, c] });
          break;
        }
        case Op.EMPTY_LIST:
          stack.push({ kind: 'list', items: [] });
          break;
        case Op.LIST: {
          const items = this.popMark();
          stack.push({ kind: 'list', items });
          break;
        }
        case Op.APPEND: {
          const item = this.pop();
          const target = this.top();
          if (typeof target === 'object' && target !== null && target.kind === 'list') target.items.push(item);
          else this.appendItems([item], 'APPEND');
          break;
        }
        case Op.APPENDS:
          this.appendItems(this.popMark(), 'APPENDS');
          break;
        case Op.EMPTY_DICT:
          stack.push({ kind: 'dict', entries: [] });
          break;
        case Op.DICT: {
          const items = this.popMark();
          if (items.length % 2 !== 0) throw this.fail('odd number of items for DICT');
          const dict: PyDict = { kind: 'dict', entries: [] };
          for (let i = 0; i < items.length; i += 2) this.dictKeys.set(dict.entries, items[i]!, items[i + 1]!);
          stack.push(dict);
          break;
        }
        case Op.SETITEM: {
          const value = this.pop();
          const key = this.pop();
          this.setItems([key, value], 'SETITEM');
          break;
        }
        case Op.SETITEMS:
          this.setItems(this.popMark(), 'SETITEMS');
          break;
        case Op.EMPTY_SET:
          stack.push({ kind: 'set', frozen: false, items: [] });
          break;
        case Op.ADDITEMS:
          this.addItems(this.popMark());
          break;
        case Op.FROZENSET: {
          const items = this.popMark();
          stack.push({ kind: 'set', frozen: true, items });
          break;
        }

        // -- memo
        case Op.PUT:
          this.memoPut(this.intLine('PUT index'));
          break;
        case Op.BINPUT:
          this.memoPut(this.u8());
          break;
        case Op.LONG_BINPUT:
          this.memoPut(this.u32());
          break;
        case Op.MEMOIZE:
          this.memoPut(this.memoCount); // MEMOIZE: memo[len(memo)]
          break;
        case Op.GET:
          stack.push(this.memoGet(this.intLine('GET index')));
          break;
        case Op.BINGET:
          stack.push(this.memoGet(this.u8()));
          break;
        case Op.LONG_BINGET:
          stack.push(this.memoGet(this.u32()));
          break;

        // -- imports, calls, objects
        case Op.GLOBAL: {
          const module = this.utf8Line('GLOBAL module');
          const name = this.utf8Line('GLOBAL name');
          const g = this.global(module, name);
          this.notePush(g);
          stack.push(g);
          break;
        }
        case Op.STACK_GLOBAL: {
          const name = this.pop();
          const module = this.pop();
          if (typeof module !== 'string' || typeof name !== 'string') {
            if (isOpaque(module) || isOpaque(name)) throw this.dynamic('STACK_GLOBAL module or name');
            throw this.fail(`STACK_GLOBAL needs str module and name, got ${typeName(module)} and ${typeName(name)}`);
          }
          const g = this.global(module, name);
          this.notePush(g);
          stack.push(g);
          break;
        }
        case Op.REDUCE: {
          const args = this.pop();
          const callable = this.top();
          this.checkCallable(callable, 'REDUCE');
          const obj = this.call('reduce', callable, this.argTuple(args, 'REDUCE'), null);
          // only while nothing is shared (DUP, a memo fetch): an argument the hook finds inert stays so
          const replaced = this.reduce !== undefined && this.shared.size === 0 && typeof callable === 'object' && callable !== null && callable.kind === 'global' ? this.reduce(obj as PyObject & { callable: PyGlobal }) : undefined;
          stack[stack.length - 1] = replaced === undefined ? obj : replaced;
          break;
        }
        case Op.NEWOBJ: {
          const args = this.pop();
          const cls = this.pop();
          this.checkCallable(cls, 'NEWOBJ');
          stack.push(this.call('newobj', cls, this.argTuple(args, 'NEWOBJ'), null));
          break;
        }
        case Op.NEWOBJ_EX: {
          const kwargs = this.pop();
          const args = this.pop();
          const cls = this.pop();
          this.checkCallable(cls, 'NEWOBJ_EX');
          let kw: PyDict;
          if (typeof kwargs === 'object' && kwargs !== null && kwargs.kind === 'dict') kw = kwargs;
          else if (isOpaque(kwargs)) throw this.dynamic(`NEWOBJ_EX keyword arguments (a ${typeName(kwargs)})`);
          else throw this.fail(`NEWOBJ_EX keyword arguments must be a dict, got ${typeName(kwargs)}`);
          stack.push(this.call('newobj_ex', cls, this.argTuple(args, 'NEWOBJ_EX'), kw));
          break;
        }
        case Op.INST: {
          const module = this.utf8Line('INST module');
          const name = this.utf8Line('INST name');
          const cls = this.global(module, name); // imported before the arguments are looked at
          this.notePush(cls);
          const args = this.popMark();
          stack.push(this.call('inst', cls, args, null));
          break;
        }
        case Op.OBJ: {
          const items = this.popMark();
          if (items.length === 0) throw this.fail('OBJ without a class');
          const cls = items[0]!;
          this.checkCallable(cls, 'OBJ');
          stack.push(this.call('obj', cls, items.slice(1), null));
          break;
        }
        case Op.BUILD: {
          const state = this.pop();
          this.build(state);
          break;
        }
        case Op.PERSID:
          stack.push({ kind: 'persid', pid: this.asciiLine('PERSID id') });
          break;
        case Op.BINPERSID: {
          const pid = this.pop();
          if (isReplaced(pid)) throw new StartOver();
          stack.push({ kind: 'persid', pid });
          break;
        }
        case Op.EXT1:
        case Op.EXT2:
        case Op.EXT4: {
          const code = op === Op.EXT1 ? this.u8() : op === Op.EXT2 ? this.u16() : this.i32();
          if (code <= 0) throw this.fail('EXT specifies code <= 0');
          this.anomaly('extension', null, `${opName(op)} ${code} imports the global copyreg's extension registry maps it to`);
          stack.push({ kind: 'ext', code });
          break;
        }
        default:
          throw this.fail(`not an opcode`);
      }
    }
  }
}

function py2strValue(raw: Uint8Array, utf8: boolean, notUtf8: (raw: Uint8Array) => void): PyValue {
  for (let i = 0; i < raw.length; i++) {
    if (raw[i]! > 0x7f) {
      if (utf8) {
        try {
          return strictUtf8.decode(raw);
        } catch {
          // not UTF-8: torch.load's default unpickler (encoding='utf-8', errors='strict') raises UnicodeDecodeError
          // here, but torch.load(..., encoding='latin1') reads on and runs every global after it (s22-verify F3):
          // the str is noted (PickleResult.py2NotUtf8) and kept as bytes, and the scan goes on to STOP
          notUtf8(raw);
        }
      }
      return { kind: 'bytes', flavor: 'py2str', length: raw.length, data: raw.slice(), fileOffset: null };
    }
  }
  return latin1.decode(raw);
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** `b'w\xe9'`: bytes as Python writes them (printable ASCII as is, the rest escaped), cut after 40 */
export function pyBytesRepr(raw: Uint8Array): string {
  let out = '';
  for (const b of raw.subarray(0, 40)) out += b === 0x27 || b === 0x5c ? `\\${String.fromCharCode(b)}` : b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`;
  return `b'${out}${raw.length > 40 ? '…' : ''}'`;
}
