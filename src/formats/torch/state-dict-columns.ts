import { DTYPE_BY_CODE, dtypeOfStorageClass, type DType } from '../dtype.js';
import type { GlobalUse } from '../pickle/machine.js';
import { HIGHEST_PROTOCOL, Op } from '../pickle/opcodes.js';
import { MAX_STORAGE_DIGITS } from './container.js';

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
export const C_ORDERED = 1;
export const C_LIST = 8;

/** DType by code: the columns hold the index of a dtype in this list (the one code table, dtype.ts). */
export const DTYPE_NAMES = DTYPE_BY_CODE;
export const NO_STORAGE = 255;
const DTYPE_CODE = new Map<DType, number>(DTYPE_NAMES.map((d, i) => [d, i]));
const STORAGE_TAG = new TextEncoder().encode('storage');

// Value handles: a small integer per stack or memo slot, `payload * 16 + tag`, so the stack and memo
// are arrays of numbers, not objects.
const T_NONE = 0;
const T_FALSE = 1;
const T_TRUE = 2;
/** a non-negative integer below INLINE_MAX, in the payload */
const T_INT = 3;
/** a larger non-negative integer (up to BININT's 2^31): the payload indexes `wide` */
const T_WIDE = 4;
/** a negative integer: declined wherever its value would be read (a count, a shape) */
const T_NEGATIVE = 11;
const T_STR = 5;
const T_GLOBAL = 6;
const T_TUPLE = 7;
/** a storage persistent id, already checked: the payload is the storage number */
const T_PERSID = 8;
/** a dict (EMPTY_DICT) or OrderedDict() call: the payload indexes the dict table */
const T_DICT = 9;
const T_TENSOR = 10;
/** a list (EMPTY_LIST): the payload indexes the container table (shared with dicts) */
const T_LIST = 12;
/** a float (BINFLOAT): the payload indexes `floats` */
const T_FLOAT = 13;

/** handle tags, for state-dict-tree.ts */
export const HANDLE = { NONE: T_NONE, FALSE: T_FALSE, TRUE: T_TRUE, INT: T_INT, WIDE: T_WIDE, STR: T_STR, TUPLE: T_TUPLE, DICT: T_DICT, LIST: T_LIST, TENSOR: T_TENSOR, FLOAT: T_FLOAT } as const;
export const handleTag = (h: number): number => h & 15;
export const handlePayload = (h: number): number => h >>> 4;

const tagOf = (h: number): number => h & 15;
const payloadOf = (h: number): number => h >>> 4;
const handle = (payload: number, tag: number): number => payload * 16 + tag;
/** handles stay small integers (V8's 31-bit Smis): the stack never holds a boxed number */
const INLINE_MAX = 1 << 25;
/**
 * strings, tensors, tuples, dicts or wide integers past this many are the machine's to read: their
 * handles would not fit the Int32 stack and memo
 */
const MAX_PAYLOAD = 1 << 27;

/** globals the grammar holds */
const G_ORDERED_DICT = 0;
const G_REBUILD_V2 = 1;
/** G_STORAGE + dtype code: torch.XStorage */
const G_STORAGE = 2;

/** the machine's memo limit (PickleOptions.maxMemo's default): past it the machine stops, so the scanner declines */
const MAX_MEMO = 2 ** 24;
/** far below the machine's stack limit (2^24): a stream this deep is the machine's to read */
const MAX_STACK = 1 << 22;

class Decline extends Error {}
/** the bytes ended inside the grammar: a decline for a whole pickle, "so far so good" for a prefix */
class OutOfBytes extends Decline {}
const decline = (): never => {
  throw new Decline();
};
const outOfBytes = (): never => {
  throw new OutOfBytes();
};

/** Growable Int32 column. */
class IntColumn {
  data: Int32Array;
  length = 0;
  constructor(capacity: number) {
    this.data = new Int32Array(Math.max(16, capacity));
  }
  push(v: number): number {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length] = v;
    return this.length++;
  }
}

/**
 * Whether `prefix`, the first bytes of a pickle, is read by the scanner without a decline: a pickle
 * that fails this is not worth reading whole for columns (most checkpoints that are not flat state
 * dicts show it in their first kilobytes).
 */
export function stateDictPrefixFits(prefix: Uint8Array): boolean {
  try {
    new Scanner(prefix).run();
    return true;
  } catch (e) {
    if (e instanceof OutOfBytes) return true;
    if (e instanceof Decline) return false;
    throw e;
  }
}

/**
 * The columns of a flat torch.save state dict, or null when the pickle is anything else (the caller
 * then reads it with the full machine). Never throws for bad input: bad input is outside the grammar.
 */
export function scanStateDictColumns(bytes: Uint8Array): StateDictColumns | null {
  try {
    return new Scanner(bytes).run();
  } catch (e) {
    if (e instanceof Decline) return null;
    throw e;
  }
}

// dict flags (Scanner.dictFlags)
const D_ORDERED = 1;
/** SETITEM(S) applied: as a tensor's backward hooks it would no longer be inert */
const D_MUTATED = 2;
/** the stream's first value: the state dict (always dict number 0) */
const D_ROOT = 4;
/** a list (EMPTY_LIST) */
const D_LIST = C_LIST;
/** an OrderedDict given its BUILD state */
const D_BUILT = 16;
/** put into a container (as a value): its handle is gone from the stack for good */
const D_PLACED = 32;

class Scanner {
  private pos = 0;
  private protocol = 0;
  /** the stack of value handles (a typed column: no array length changes, no boxed numbers) */
  private readonly stack = new IntColumn(1024);
  private readonly marks: number[] = [];
  /**
   * memo slots: `~handle` (never 0: handles are ≥ 0), 0 where nothing was put. Zero is what a fresh
   * array holds, so the slots past the last put are never written (no fill): untouched pages of a
   * fresh array cost no page fault (issue 14: ~15 µs each here; the memo is ~10 MB at 200,000 tensors)
   */
  private memo: Int32Array;
  private readonly wide: number[] = [];
  private memoCount = 0;
  private readonly globals: GlobalUse[] = [];
  private readonly globalSeen = new Set<number>();
  private readonly strStart: IntColumn;
  private readonly strLength: IntColumn;
  /** tuple items (handles), and each tuple's start in them and length; emptied between SETITEMS batches */
  private readonly tupleItems = new IntColumn(1024);
  private readonly tupleStart = new IntColumn(256);
  private readonly tupleLength = new IntColumn(256);
  /** per dict made (EMPTY_DICT, OrderedDict()): D_* flags; emptied to the root between SETITEMS batches */
  private readonly dictFlags = new IntColumn(256);
  /** a container or tuple went into a container: the pools hold values for good and are never emptied */
  private keepPools = false;
  private readonly floats: number[] = [];
  // entries (see NestedColumns)
  private readonly entOwner: IntColumn;
  private readonly entKey: IntColumn;
  private readonly entValue: IntColumn;
  /** per tensor: 1 once it went into a container */
  private placedFlag: Uint8Array;
  // tensor columns
  private count = 0;
  private keyStart: Int32Array;
  private keyLength: Int32Array;
  private dtype: Uint8Array;
  private storage: Int32Array;
  private storageOffset: Float64Array;
  private dimsAt: Int32Array;
  private rank: Uint8Array;
  private requiresGrad: Uint8Array;
  private readonly dims: IntColumn;
  private storageDtype = new Uint8Array(1024).fill(NO_STORAGE);
  private storageDevice = new Uint16Array(1024);
  private storageCount = 0;
  private readonly devices: string[] = [];
  /** open-addressing set of (container, key) pairs (entry index + 1 per slot), for Python's duplicate-key rule */
  private keySet: Int32Array;

  constructor(private readonly bytes: Uint8Array) {
    // about 100 bytes of pickle per tensor: columns start near their final size
    const guess = Math.max(64, Math.ceil(bytes.length / 96));
    // the memo, strings and dims sized from the same measure (torch.save puts ~8 values in the memo
    // and writes 2 strings and 4 dims per tensor): grown by doubling from small, each left a chain of
    // copies that a collector running late under load still counts at the peak (~250 MB at 2,000,000)
    this.memo = new Int32Array(Math.min(MAX_MEMO, Math.max(1024, guess * 8)));
    this.strStart = new IntColumn(guess * 2);
    this.strLength = new IntColumn(guess * 2);
    this.dims = new IntColumn(guess * 4);
    this.keyStart = new Int32Array(guess);
    this.keyLength = new Int32Array(guess);
    this.dtype = new Uint8Array(guess);
    this.storage = new Int32Array(guess);
    this.storageOffset = new Float64Array(guess);
    this.dimsAt = new Int32Array(guess);
    this.rank = new Uint8Array(guess);
    this.requiresGrad = new Uint8Array(guess);
    this.placedFlag = new Uint8Array(guess);
    this.entOwner = new IntColumn(guess);
    this.entKey = new IntColumn(guess);
    this.entValue = new IntColumn(guess);
    // at least two slots per tensor (a flat state dict fills it to under half); nested streams put
    // about as many entries again (optimizer state: 3 tensors and a dict per parameter) and the set
    // grows at half full. Not larger: every page of it is touched (random slots), and each page is a
    // fault (~15 µs here, issue 14): 2^21 slots were 8 MB, 2,000 faults, at 200,000 tensors
    let slots = 1 << 10;
    while (slots < guess * 1.5) slots *= 2;
    this.keySet = new Int32Array(slots);
  }

  run(): StateDictColumns {
    const b = this.bytes;
    const stack = this.stack;
    for (;;) {
      if (this.pos >= b.length) outOfBytes();
      const op = b[this.pos++]!;
      switch (op) {
        case Op.PROTO: {
          const v = this.u8();
          if (v > HIGHEST_PROTOCOL) decline();
          this.protocol = v;
          break;
        }
        case Op.FRAME:
          this.need(8);
          this.pos += 8;
          break;
        case Op.MARK:
          if (stack.length > MAX_STACK) decline();
          this.marks.push(stack.length);
          break;
        case Op.STOP:
          return this.stop();
        case Op.BININT1:
          stack.push(handle(this.u8(), T_INT));
          break;
        case Op.BININT2:
          stack.push(handle(this.uint(2), T_INT));
          break;
        case Op.BININT: {
          const v = this.u32() | 0;
          stack.push(v < 0 ? T_NEGATIVE : v < INLINE_MAX ? handle(v, T_INT) : this.wideInt(v));
          break;
        }
        case Op.NONE:
          stack.push(T_NONE);
          break;
        case Op.NEWTRUE:
          stack.push(T_TRUE);
          break;
        case Op.NEWFALSE:
          stack.push(T_FALSE);
          break;
        case Op.SHORT_BINUNICODE:
          stack.push(this.str(this.u8()));
          break;
        case Op.BINUNICODE:
          stack.push(this.str(this.u32()));
          break;
        case Op.EMPTY_TUPLE:
          stack.push(this.tuple(0));
          break;
        case Op.TUPLE1:
          stack.push(this.tuple(1));
          break;
        case Op.TUPLE2:
          stack.push(this.tuple(2));
          break;
        case Op.TUPLE3:
          stack.push(this.tuple(3));
          break;
        case Op.TUPLE: {
          const from = this.closeMark();
          stack.push(this.tuple(stack.length - from));
          break;
        }
        case Op.EMPTY_DICT:
          stack.push(this.dict(false));
          break;
        case Op.EMPTY_LIST:
          stack.push(this.list());
          break;
        case Op.APPEND:
          this.appendItems(stack.length - 1);
          break;
        case Op.APPENDS:
          this.appendItems(this.closeMark());
          break;
        case Op.BINFLOAT: {
          this.need(8);
          const b8 = this.bytes;
          const at = this.pos;
          this.pos += 8;
          if (this.floats.length >= MAX_PAYLOAD) decline();
          this.floats.push(new DataView(b8.buffer, b8.byteOffset + at, 8).getFloat64(0, false));
          stack.push(handle(this.floats.length - 1, T_FLOAT));
          break;
        }
        case Op.SETITEM:
          this.setItems(stack.length - 2);
          break;
        case Op.SETITEMS:
          this.setItems(this.closeMark());
          break;
        case Op.BINPUT:
          this.put(this.u8());
          break;
        case Op.LONG_BINPUT:
          this.put(this.u32());
          break;
        case Op.MEMOIZE:
          this.put(this.memoCount);
          break;
        case Op.BINGET:
          stack.push(this.get(this.u8()));
          break;
        case Op.LONG_BINGET:
          stack.push(this.get(this.u32()));
          break;
        case Op.GLOBAL:
          stack.push(this.global(this.line(), this.line()));
          break;
        case Op.STACK_GLOBAL: {
          const name = this.pop();
          const module = this.pop();
          if (tagOf(module) !== T_STR || tagOf(name) !== T_STR) decline();
          stack.push(this.global(this.strRange(module), this.strRange(name)));
          break;
        }
        case Op.REDUCE:
          this.reduce();
          break;
        case Op.BINPERSID:
          stack.push(this.persid(this.pop()));
          break;
        case Op.BUILD:
          this.build();
          break;
        default:
          decline();
      }
    }
  }

  // ---- bytes ----------------------------------------------------------------------------------

  private need(n: number): void {
    if (this.pos + n > this.bytes.length) outOfBytes();
  }

  private u8(): number {
    this.need(1);
    return this.bytes[this.pos++]!;
  }

  private uint(n: number): number {
    this.need(n);
    const b = this.bytes;
    let v = 0;
    for (let i = n - 1; i >= 0; i--) v = v * 256 + b[this.pos + i]!;
    this.pos += n;
    return v;
  }

  /** a little-endian u32 (LONG_BINPUT/GET, BININT, BINUNICODE: 8 of a tensor's ~25 opcodes) */
  private u32(): number {
    this.need(4);
    const b = this.bytes;
    const p = this.pos;
    this.pos = p + 4;
    return (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0;
  }

  /** a GLOBAL argument line: printable ASCII up to the newline, as [start, end) */
  private line(): [number, number] {
    const b = this.bytes;
    const start = this.pos;
    const end = b.indexOf(0x0a, start);
    if (end < 0) outOfBytes();
    if (end - start > 256) decline();
    for (let i = start; i < end; i++) if (b[i]! < 0x20 || b[i]! > 0x7e) decline();
    this.pos = end + 1;
    return [start, end];
  }

  private text(start: number, end: number): string {
    let s = '';
    for (let i = start; i < end; i++) s += String.fromCharCode(this.bytes[i]!);
    return s;
  }

  // ---- stack ----------------------------------------------------------------------------------

  private base(): number {
    const m = this.marks;
    return m.length > 0 ? m[m.length - 1]! : 0;
  }

  private pop(): number {
    const stack = this.stack;
    if (stack.length <= this.base()) decline();
    return stack.data[--stack.length]!;
  }

  private closeMark(): number {
    const from = this.marks.pop();
    if (from === undefined) decline();
    return from!;
  }

  // ---- values ---------------------------------------------------------------------------------

  private str(n: number): number {
    this.need(n);
    if (this.strStart.length >= MAX_PAYLOAD) decline();
    const i = this.strStart.push(this.pos);
    this.strLength.push(n);
    this.pos += n;
    return handle(i, T_STR);
  }

  private strRange(h: number): [number, number] {
    const i = payloadOf(h);
    const start = this.strStart.data[i]!;
    return [start, start + this.strLength.data[i]!];
  }

  /** whether a handle is the str `want` (ASCII) */
  private isText(h: number, want: Uint8Array): boolean {
    if (tagOf(h) !== T_STR) return false;
    const i = payloadOf(h);
    const start = this.strStart.data[i]!;
    if (this.strLength.data[i] !== want.length) return false;
    for (let k = 0; k < want.length; k++) if (this.bytes[start + k] !== want[k]) return false;
    return true;
  }

  /** a str handle holding a canonical decimal, container.ts's storageKeyIndex read over the pickle's bytes (no string made) */
  private storageNumber(h: number): number {
    if (tagOf(h) !== T_STR) return decline();
    const i = payloadOf(h);
    const start = this.strStart.data[i]!;
    const n = this.strLength.data[i]!;
    const b = this.bytes;
    if (n === 0 || n > MAX_STORAGE_DIGITS || (n > 1 && b[start] === 48)) return decline();
    let v = 0;
    for (let k = start; k < start + n; k++) {
      const c = b[k]! - 48;
      if (c < 0 || c > 9) return decline();
      v = v * 10 + c;
    }
    return v;
  }

  /** a device string's index in `devices` (the one last met is tried first: nearly always 'cpu') */
  private device(h: number): number {
    if (tagOf(h) !== T_STR) return decline();
    const i = payloadOf(h);
    const start = this.strStart.data[i]!;
    const n = this.strLength.data[i]!;
    const b = this.bytes;
    for (let k = start; k < start + n; k++) if (b[k]! > 0x7f) decline();
    const last = this.lastDevice;
    if (last >= 0 && this.strLength.data[last] === n) {
      const ls = this.strStart.data[last]!;
      let same = true;
      for (let k = 0; k < n && same; k++) same = b[ls + k] === b[start + k];
      if (same) return this.lastDeviceIndex;
    }
    const text = this.text(start, start + n);
    let dev = this.devices.indexOf(text);
    if (dev < 0) {
      if (this.devices.length >= 0xffff) decline();
      dev = this.devices.push(text) - 1;
    }
    this.lastDevice = i;
    this.lastDeviceIndex = dev;
    return dev;
  }

  private lastDevice = -1;
  private lastDeviceIndex = 0;

  private wideInt(v: number): number {
    if (this.wide.length >= MAX_PAYLOAD) decline();
    return handle(this.wide.push(v) - 1, T_WIDE);
  }

  /** a non-negative integer handle's value; declines for anything else */
  private count0(h: number): number {
    const tag = tagOf(h);
    if (tag === T_INT) return payloadOf(h);
    if (tag === T_WIDE) return this.wide[payloadOf(h)]!;
    return decline();
  }

  /** the top n stack items become a tuple */
  private tuple(n: number): number {
    const stack = this.stack;
    if (stack.length - n < this.base()) decline();
    const at = this.tupleItems.length;
    if (this.tupleStart.length >= MAX_PAYLOAD) decline();
    for (let i = stack.length - n; i < stack.length; i++) this.tupleItems.push(stack.data[i]!);
    stack.length -= n;
    const t = this.tupleStart.push(at);
    this.tupleLength.push(n);
    return handle(t, T_TUPLE);
  }

  /** a tuple handle's first item in tupleItems; its length is left in `tupleN` (no pair allocated per call) */
  private tupleAt(h: number): number {
    if (tagOf(h) !== T_TUPLE) decline();
    const t = payloadOf(h);
    this.tupleN = this.tupleLength.data[t]!;
    return this.tupleStart.data[t]!;
  }

  private tupleN = 0;


  private dict(ordered: boolean): number {
    const root = this.stack.length === 0 && this.dictFlags.length === 0;
    if (this.dictFlags.length >= MAX_PAYLOAD) decline();
    return handle(this.dictFlags.push((ordered ? D_ORDERED : 0) | (root ? D_ROOT : 0)), T_DICT);
  }

  private list(): number {
    if (this.dictFlags.length >= MAX_PAYLOAD) decline();
    return handle(this.dictFlags.push(D_LIST), T_LIST);
  }

  private flags(h: number): number {
    return this.dictFlags.data[payloadOf(h)]!;
  }

  private global(module: [number, number], name: [number, number]): number {
    const m = this.text(module[0], module[1]);
    const n = this.text(name[0], name[1]);
    let g: number;
    if (m === 'collections' && n === 'OrderedDict') g = G_ORDERED_DICT;
    else if (m === 'torch._utils' && n === '_rebuild_tensor_v2') g = G_REBUILD_V2;
    else if (m === 'torch' && n !== 'UntypedStorage' && dtypeOfStorageClass(n) !== undefined) g = G_STORAGE + DTYPE_CODE.get(dtypeOfStorageClass(n)!)!;
    else return decline();
    if (!this.globalSeen.has(g)) {
      this.globalSeen.add(g);
      this.globals.push({ module: m, name: n });
    }
    return handle(g, T_GLOBAL);
  }

  // ---- memo -----------------------------------------------------------------------------------

  private put(index: number): void {
    if (this.stack.length <= this.base()) decline();
    if (index > this.memoCount + 1024 || index >= MAX_MEMO - 1) decline(); // sparse or huge memos: the machine's business
    while (index >= this.memo.length) {
      const next = new Int32Array(this.memo.length * 2);
      next.set(this.memo);
      this.memo = next;
    }
    if (this.memo[index] === 0) this.memoCount++;
    this.memo[index] = ~this.stack.data[this.stack.length - 1]!;
  }

  /**
   * Only values with no identity are fetched again (the machine would share a container between two
   * places, which the columns cannot say): torch.save fetches globals and strings.
   */
  private get(index: number): number {
    if (index >= this.memo.length) decline();
    const slot = this.memo[index]!;
    if (slot === 0) decline();
    const h = ~slot;
    const tag = tagOf(h);
    if (tag !== T_STR && tag !== T_GLOBAL && tag !== T_INT && tag !== T_WIDE && tag !== T_NEGATIVE && tag !== T_FLOAT && tag > T_TRUE) decline();
    return h;
  }

  // ---- calls ----------------------------------------------------------------------------------

  private reduce(): void {
    const args = this.pop();
    const fn = this.pop();
    if (tagOf(fn) !== T_GLOBAL) decline();
    const g = payloadOf(fn);
    const at = this.tupleAt(args);
    const n = this.tupleN;
    if (g === G_ORDERED_DICT) {
      if (n !== 0) decline();
      this.stack.push(this.dict(true));
      return;
    }
    if (g !== G_REBUILD_V2 || n !== 6) decline();
    this.stack.push(this.tensor(at));
  }

  /** `_rebuild_tensor_v2(storage, offset, shape, stride, requires_grad, backward_hooks)` from its argument tuple's items */
  private tensor(at: number): number {
    const items = this.tupleItems.data;
    const pid = items[at]!;
    const offset = items[at + 1]!;
    const grad = items[at + 4]!;
    const hooks = items[at + 5]!;
    if (tagOf(pid) !== T_PERSID || (grad !== T_TRUE && grad !== T_FALSE)) decline();
    if (tagOf(hooks) !== T_DICT || this.flags(hooks) !== D_ORDERED) decline();
    const shapeAt = this.tupleAt(items[at + 2]!);
    const rank = this.tupleN;
    const strideAt = this.tupleAt(items[at + 3]!);
    const strideRank = this.tupleN;
    if (rank !== strideRank || rank > 255) decline();
    const i = this.count;
    if (i >= MAX_PAYLOAD) decline();
    if (i === this.keyStart.length) this.growTensors();
    const dimsAt = this.dims.length;
    for (let d = 0; d < rank; d++) this.dims.push(this.count0(this.tupleItems.data[shapeAt + d]!));
    for (let d = 0; d < rank; d++) this.dims.push(this.count0(this.tupleItems.data[strideAt + d]!));
    const s = payloadOf(pid);
    this.storage[i] = s;
    this.dtype[i] = this.storageDtype[s]!;
    this.storageOffset[i] = this.count0(offset);
    this.dimsAt[i] = dimsAt;
    this.rank[i] = rank;
    this.requiresGrad[i] = grad === T_TRUE ? 1 : 0;
    this.count++;
    return handle(i, T_TENSOR);
  }

  /**
   * `('storage', torch.XStorage, '<n>', '<device>', numel)`: the storage is named by its number, and a
   * number named twice must name the same dtype and device (else the full reader's storage table
   * decides which one wins, and it is left to it).
   */
  private persid(pid: number): number {
    const at = this.tupleAt(pid);
    const n = this.tupleN;
    if (n !== 5) decline();
    const items = this.tupleItems.data;
    if (!this.isText(items[at]!, STORAGE_TAG)) decline();
    const cls = items[at + 1]!;
    if (tagOf(cls) !== T_GLOBAL || payloadOf(cls) < G_STORAGE) decline();
    const dtype = payloadOf(cls) - G_STORAGE;
    const s = this.storageNumber(items[at + 2]!);
    const dev = this.device(items[at + 3]!);
    // the numel is only read for a storage whose member is missing, which the zip side declines
    const numel = tagOf(items[at + 4]!);
    if (numel !== T_INT && numel !== T_WIDE && numel !== T_NEGATIVE) decline();
    // torch numbers storages 0, 1, 2 … as it meets them: a number far ahead is left to the full reader
    if (s < 0 || s > this.storageCount + 1024) decline();
    while (s >= this.storageDtype.length) {
      const d = new Uint8Array(this.storageDtype.length * 2).fill(NO_STORAGE);
      d.set(this.storageDtype);
      this.storageDtype = d;
      const v = new Uint16Array(this.storageDevice.length * 2);
      v.set(this.storageDevice);
      this.storageDevice = v;
    }
    if (this.storageDtype[s] === NO_STORAGE) {
      this.storageDtype[s] = dtype;
      this.storageDevice[s] = dev;
      if (s >= this.storageCount) this.storageCount = s + 1;
    } else if (this.storageDtype[s] !== dtype || this.storageDevice[s] !== dev) decline();
    return handle(s, T_PERSID);
  }

  // ---- containers -----------------------------------------------------------------------------

  /** SETITEM(S): the items from `from` up go into the dict below them */
  private setItems(from: number): void {
    const stack = this.stack;
    const n = stack.length - from;
    if (n < 0 || n % 2 !== 0 || from - 1 < this.base()) decline();
    const target = stack.data[from - 1]!;
    if (tagOf(target) !== T_DICT) decline();
    const d = payloadOf(target);
    const flags = this.dictFlags.data[d]!;
    // items after an OrderedDict's BUILD: the machine's to order
    if (flags & D_BUILT) decline();
    this.dictFlags.data[d] = flags | D_MUTATED;
    for (let i = from; i < stack.length; i += 2) this.entry(d, stack.data[i]!, stack.data[i + 1]!, true);
    stack.length = from;
    // nothing but the dicts below can hold a tuple now (tuples are never fetched from the memo): the pool starts over
    // (nor a dict but the root: the tensors' backward-hook dicts are dead too), unless a container or a
    // tuple went into one (a nested stream): then their handles stay in the entries
    if (flags & D_ROOT && from === 1 && this.marks.length === 0 && !this.keepPools) {
      this.tupleItems.length = 0;
      this.tupleStart.length = 0;
      this.tupleLength.length = 0;
      this.dictFlags.length = 1;
    }
  }

  /** APPEND(S): the items from `from` up go into the list below them, at the next indexes */
  private appendItems(from: number): void {
    const stack = this.stack;
    if (from - 1 < this.base() || from > stack.length) decline();
    const target = stack.data[from - 1]!;
    if (tagOf(target) !== T_LIST) decline();
    const l = payloadOf(target);
    let at = this.listLength.get(l) ?? 0;
    for (let i = from; i < stack.length; i++) {
      if (at >= INLINE_MAX) decline();
      this.entry(l, handle(at++, T_INT), stack.data[i]!, false);
    }
    this.listLength.set(l, at);
    stack.length = from;
  }

  private readonly listLength = new Map<number, number>();

  /**
   * One value put into a container: str (ASCII) or non-negative int keys; tensors, containers and
   * tuples each into one place only (their handles are never fetched again); scalars (None, bools,
   * non-negative ints, ASCII str, floats) anywhere; a tuple only of scalars.
   */
  private entry(owner: number, k: number, v: number, keyed: boolean): void {
    const kt = tagOf(k);
    if (kt !== T_STR && kt !== T_INT && kt !== T_WIDE) decline();
    switch (tagOf(v)) {
      case T_TENSOR: {
        const t = payloadOf(v);
        if (this.placedFlag[t]) decline();
        this.placedFlag[t] = 1;
        break;
      }
      case T_DICT:
      case T_LIST: {
        const c = payloadOf(v);
        const f = this.dictFlags.data[c]!;
        if (f & (D_ROOT | D_PLACED)) decline();
        this.dictFlags.data[c] = f | D_PLACED;
        this.keepPools = true;
        break;
      }
      case T_TUPLE:
        this.scalarTuple(v, 0);
        this.keepPools = true;
        break;
      case T_STR:
        this.ascii(v);
        break;
      case T_NONE:
      case T_FALSE:
      case T_TRUE:
      case T_INT:
      case T_WIDE:
      case T_FLOAT:
        break;
      default:
        decline(); // negative ints (value not kept), globals, persistent ids
    }
    if (this.entOwner.length >= MAX_PAYLOAD) decline();
    const e = this.entOwner.push(owner);
    this.entKey.push(k);
    this.entValue.push(v);
    // a list's indexes are its own; a dict's keys are checked for repeats
    if (keyed) this.addKey(e);
  }

  /** a tuple of scalars (nested tuples of scalars included), or a decline */
  private scalarTuple(h: number, depth: number): void {
    if (depth > 8) decline();
    const at = this.tupleAt(h);
    const n = this.tupleN;
    for (let i = at; i < at + n; i++) {
      const x = this.tupleItems.data[i]!;
      const t = tagOf(x);
      if (t === T_TUPLE) this.scalarTuple(x, depth + 1);
      else if (t === T_STR) this.ascii(x);
      else if (t !== T_NONE && t !== T_FALSE && t !== T_TRUE && t !== T_INT && t !== T_WIDE && t !== T_FLOAT) decline();
    }
  }

  /** a str handle of ASCII bytes only (then bytes and text agree one to one), or a decline */
  private ascii(h: number): void {
    const i = payloadOf(h);
    const b = this.bytes;
    for (let k = this.strStart.data[i]!, end = k + this.strLength.data[i]!; k < end; k++) if (b[k]! > 0x7f) decline();
  }

  /** BUILD on an OrderedDict with a plain dict state: its `_metadata` (the walk does not read it) */
  private build(): void {
    const state = this.pop();
    const stack = this.stack;
    if (stack.length <= this.base()) decline();
    const target = stack.data[stack.length - 1]!;
    if (tagOf(target) !== T_DICT || tagOf(state) !== T_DICT) decline();
    const d = this.flags(target);
    const s = this.flags(state);
    if (!(d & D_ORDERED) || d & D_BUILT || s & (D_ROOT | D_ORDERED | D_PLACED | D_LIST)) decline();
    this.dictFlags.data[payloadOf(target)] = d | D_BUILT;
    // the state is gone for good: what it holds is never reached from the root (a tensor in it is, by the
    // tree builder's count, a decline)
    this.dictFlags.data[payloadOf(state)] = s | D_PLACED;
  }

  /** entry e's (container, key) added to the set, or a decline when the container already has that key */
  private addKey(e: number): void {
    const h = this.entryHash(e);
    if ((this.entOwner.length + 1) * 2 > this.keySet.length) this.growKeySet();
    const mask = this.keySet.length - 1;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const other = this.keySet[slot]!;
      if (other === 0) {
        this.keySet[slot] = e + 1;
        return;
      }
      if (this.sameKey(other - 1, e)) decline(); // a repeated key: Python keeps the first place, the last value
    }
  }

  private entryHash(e: number): number {
    let h = Math.imul(0x811c9dc5 ^ this.entOwner.data[e]!, 0x01000193);
    const k = this.entKey.data[e]!;
    if (tagOf(k) === T_STR) {
      const b = this.bytes;
      const i = payloadOf(k);
      for (let p = this.strStart.data[i]!, end = p + this.strLength.data[i]!; p < end; p++) {
        const c = b[p]!;
        if (c > 0x7f) decline(); // ASCII keys only: bytes and text then agree one to one
        h = Math.imul(h ^ c, 0x01000193);
      }
      return h;
    }
    const v = this.count0(k);
    h = Math.imul(h ^ 0x100 ^ (v % 0x40000000), 0x01000193);
    return Math.imul(h ^ Math.floor(v / 0x40000000), 0x01000193);
  }

  /** whether entries a and b have the same container and equal keys (a str is never an int's equal) */
  private sameKey(a: number, b: number): boolean {
    if (this.entOwner.data[a] !== this.entOwner.data[b]) return false;
    const ka = this.entKey.data[a]!;
    const kb = this.entKey.data[b]!;
    const sa = tagOf(ka) === T_STR;
    if (sa !== (tagOf(kb) === T_STR)) return false;
    if (!sa) return this.count0(ka) === this.count0(kb);
    const ia = payloadOf(ka);
    const ib = payloadOf(kb);
    const n = this.strLength.data[ia]!;
    if (this.strLength.data[ib] !== n) return false;
    const bytes = this.bytes;
    const pa = this.strStart.data[ia]!;
    const pb = this.strStart.data[ib]!;
    for (let i = 0; i < n; i++) if (bytes[pa + i] !== bytes[pb + i]) return false;
    return true;
  }

  private growKeySet(): void {
    const old = this.keySet;
    this.keySet = new Int32Array(old.length * 2);
    const mask = this.keySet.length - 1;
    for (const entry of old) {
      if (entry === 0) continue;
      let slot = this.entryHash(entry - 1) & mask;
      while (this.keySet[slot] !== 0) slot = (slot + 1) & mask;
      this.keySet[slot] = entry;
    }
  }

  private growTensors(): void {
    const n = this.keyStart.length * 2;
    const grow = <T extends Int32Array | Uint8Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const next = make(n);
      next.set(a);
      return next;
    };
    this.keyStart = grow(this.keyStart, (k) => new Int32Array(k));
    this.keyLength = grow(this.keyLength, (k) => new Int32Array(k));
    this.dtype = grow(this.dtype, (k) => new Uint8Array(k));
    this.storage = grow(this.storage, (k) => new Int32Array(k));
    this.storageOffset = grow(this.storageOffset, (k) => new Float64Array(k));
    this.dimsAt = grow(this.dimsAt, (k) => new Int32Array(k));
    this.rank = grow(this.rank, (k) => new Uint8Array(k));
    this.requiresGrad = grow(this.requiresGrad, (k) => new Uint8Array(k));
    this.placedFlag = grow(this.placedFlag, (k) => new Uint8Array(k));
  }

  private stop(): StateDictColumns {
    const stack = this.stack;
    if (stack.length !== 1 || this.marks.length !== 0) decline();
    const root = stack.data[0]!;
    if (tagOf(root) !== T_DICT || !(this.flags(root) & D_ROOT)) decline();
    // an empty dict is not a state dict; every tensor made went into a container (none left in a tuple)
    if (this.count === 0) decline();
    for (let t = 0; t < this.count; t++) if (!this.placedFlag[t]) decline();
    const nested = this.flat() ? null : this.nestedColumns();
    const n = this.count;
    // views, not copies: a copy would hold both at the peak (2,000,000 tensors: ~150 MB more) and
    // the spare capacity a view keeps is at most what the copy would have cost
    return {
      bytes: this.bytes,
      protocol: this.protocol,
      globals: this.globals,
      end: this.pos,
      count: n,
      keyStart: this.keyStart.subarray(0, n),
      keyLength: this.keyLength.subarray(0, n),
      dtype: this.dtype.subarray(0, n),
      storage: this.storage.subarray(0, n),
      storageOffset: this.storageOffset.subarray(0, n),
      dimsAt: this.dimsAt.subarray(0, n),
      rank: this.rank.subarray(0, n),
      dims: this.dims.data.subarray(0, this.dims.length),
      requiresGrad: this.requiresGrad.subarray(0, n),
      storageCount: this.storageCount,
      storageDtype: this.storageDtype.slice(0, this.storageCount),
      storageDevice: this.storageDevice.slice(0, this.storageCount),
      devices: this.devices,
      nested,
    };
  }

  /**
   * Whether the root holds tensors only, each under a str key, in the order they were made, and every
   * tensor is in it: then dict order is tensor order and the keys are filled in. Else the stream is nested.
   */
  private flat(): boolean {
    const owner = this.entOwner.data;
    const key = this.entKey.data;
    const value = this.entValue.data;
    const rootId = payloadOf(this.stack.data[0]!);
    let next = 0;
    for (let e = 0; e < this.entOwner.length; e++) {
      if (owner[e] !== rootId) continue;
      const v = value[e]!;
      if (tagOf(v) !== T_TENSOR || payloadOf(v) !== next || tagOf(key[e]!) !== T_STR) return false;
      const k = payloadOf(key[e]!);
      this.keyStart[next] = this.strStart.data[k]!;
      this.keyLength[next] = this.strLength.data[k]!;
      next++;
    }
    return next === this.count;
  }

  private nestedColumns(): NestedColumns {
    // the root is container 0 unless pools were emptied, which only a flat root's batches do
    if (payloadOf(this.stack.data[0]!) !== 0) decline();
    const n = this.entOwner.length;
    return {
      containers: this.dictFlags.data.subarray(0, this.dictFlags.length),
      entries: n,
      owner: this.entOwner.data.subarray(0, n),
      key: this.entKey.data.subarray(0, n),
      value: this.entValue.data.subarray(0, n),
      strStart: this.strStart.data.subarray(0, this.strStart.length),
      strLength: this.strLength.data.subarray(0, this.strLength.length),
      wide: this.wide,
      floats: this.floats,
      tupleItems: this.tupleItems.data.subarray(0, this.tupleItems.length),
      tupleStart: this.tupleStart.data.subarray(0, this.tupleStart.length),
      tupleLength: this.tupleLength.data.subarray(0, this.tupleLength.length),
    };
  }
}
