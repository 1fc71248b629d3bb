import { FormatError } from '../errors.js';
import type { PyBytes, PyDict, PyGlobal, PyObject, PyTensor, PyTuple, PyValue } from './values.js';

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

const OP = {
  MARK: 0x28, STOP: 0x2e, POP: 0x30, POP_MARK: 0x31, BININT: 0x4a, BININT1: 0x4b, BININT2: 0x4d,
  NONE: 0x4e, BINPERSID: 0x51, REDUCE: 0x52, BINSTRING: 0x54, SHORT_BINSTRING: 0x55, BINUNICODE: 0x58,
  APPEND: 0x61, BUILD: 0x62, GLOBAL: 0x63, DICT: 0x64, APPENDS: 0x65, BINGET: 0x68, INST: 0x69,
  LONG_BINGET: 0x6a, OBJ: 0x6f, BINPUT: 0x71, LONG_BINPUT: 0x72, SETITEM: 0x73, TUPLE: 0x74,
  SETITEMS: 0x75, EMPTY_DICT: 0x7d, EMPTY_LIST: 0x5d, EMPTY_TUPLE: 0x29, BINFLOAT: 0x47,
  PROTO: 0x80, NEWOBJ: 0x81, EXT1: 0x82, EXT2: 0x83, EXT4: 0x84, TUPLE1: 0x85, TUPLE2: 0x86,
  TUPLE3: 0x87, NEWTRUE: 0x88, NEWFALSE: 0x89, LONG1: 0x8a, LONG4: 0x8b,
} as const;

/** pickle's _BATCHSIZE: APPENDS/SETITEMS carry at most this many items */
const BATCH = 1000;

const G = (module: string, name: string): PyGlobal => ({ kind: 'global', module, name });
const CODECS_ENCODE = G('_codecs', 'encode');
// protocol 2 names builtins the Python 2 way, as CPython's fix_imports does
const BUILTIN_BYTES = G('__builtin__', 'bytes');
const BUILTIN_BYTEARRAY = G('__builtin__', 'bytearray');
const BUILTIN_SET = G('__builtin__', 'set');
const BUILTIN_FROZENSET = G('__builtin__', 'frozenset');
const NEWOBJ_EX = G('copyreg', '__newobj_ex__');

/** A deferred action on the work stack, told apart from values by class. */
class Step {
  constructor(readonly run: () => void) {}
}
type Work = PyValue | Step;

export function writePickle(value: PyValue, opts: PickleWriteOptions = {}): Uint8Array {
  if (opts.protocol !== undefined && opts.protocol !== 2) throw new Error(`pickle writer: protocol ${String(opts.protocol)} is not supported`);
  return new Pickler(opts).dump(value);
}

class Pickler {
  private out = new Output();
  private readonly memoObj = new Map<object, number>();
  private readonly memoStr = new Map<string, number>();
  private readonly memoGlobal = new Map<string, number>();
  private nextMemo = 0;
  private readonly work: Work[] = [];

  constructor(private readonly opts: PickleWriteOptions) {}

  dump(root: PyValue): Uint8Array {
    this.out.byte(OP.PROTO).byte(2);
    this.work.push(root);
    while (this.work.length > 0) {
      const w = this.work.pop()!;
      if (w instanceof Step) w.run();
      else this.save(w);
    }
    this.out.byte(OP.STOP);
    return this.out.result();
  }

  /** Schedules items to be written in order (the stack pops last-pushed first). */
  private later(items: readonly Work[]): void {
    for (let i = items.length - 1; i >= 0; i--) this.work.push(items[i]!);
  }

  /**
   * Objects under construction. Re-entering one once is legitimate (a cycle through a mutable item,
   * which is memoized before its children, ends the second pass); a third entry means a cycle through
   * constructor arguments alone, which no pickle can express, and would never end.
   */
  private readonly building = new Map<object, number>();

  private enter(self: object): void {
    const depth = (this.building.get(self) ?? 0) + 1;
    if (depth > 2) throw new FormatError('', 'cannot pickle a value that contains itself through constructor arguments only');
    this.building.set(self, depth);
  }

  private leave(self: object): void {
    const depth = this.building.get(self)! - 1;
    if (depth === 0) this.building.delete(self);
    else this.building.set(self, depth);
  }

  private op(code: number): Step {
    return new Step(() => this.out.byte(code));
  }

  private put(): number {
    const i = this.nextMemo++;
    if (i < 256) this.out.byte(OP.BINPUT).byte(i);
    else this.out.byte(OP.LONG_BINPUT).u32(i);
    return i;
  }

  private get(i: number): void {
    if (i < 256) this.out.byte(OP.BINGET).byte(i);
    else this.out.byte(OP.LONG_BINGET).u32(i);
  }

  private save(v: PyValue): void {
    if (this.opts.persistentId) {
      const pid = this.opts.persistentId(v);
      if (pid !== undefined) {
        this.later([pid, this.op(OP.BINPERSID)]);
        return;
      }
    }
    if (v === null) return void this.out.byte(OP.NONE);
    switch (typeof v) {
      case 'boolean':
        return void this.out.byte(v ? OP.NEWTRUE : OP.NEWFALSE);
      case 'number':
        if (!Number.isInteger(v)) throw new Error(`pickle writer: ${v} is not an int (floats are PyFloat)`);
        return this.saveInt(v);
      case 'bigint':
        return this.saveInt(v);
      case 'string':
        return this.saveStr(v);
    }
    const known = this.memoObj.get(v);
    if (known !== undefined) return this.get(known);
    switch (v.kind) {
      case 'float':
        this.out.byte(OP.BINFLOAT).f64be(v.value);
        return;
      case 'bytes':
        return this.saveBytes(v);
      case 'tuple':
        return this.saveTuple(v);
      case 'list':
        this.out.byte(OP.EMPTY_LIST);
        this.memoObj.set(v, this.put());
        return this.batchAppends(v.items);
      case 'dict':
        return this.saveDict(v);
      case 'set': {
        // protocol 2 has no set opcodes: CPython reduces to set(list(items))
        const items: PyValue = { kind: 'list', items: v.items };
        return this.saveReduce(v, v.frozen ? BUILTIN_FROZENSET : BUILTIN_SET, [items]);
      }
      case 'global':
        return this.saveGlobal(v);
      case 'object':
        return this.saveObject(v);
      case 'persid':
        return this.later([v.pid, this.op(OP.BINPERSID)]);
      case 'ext':
        if (v.code < 0x100) this.out.byte(OP.EXT1).byte(v.code);
        else if (v.code < 0x10000) this.out.byte(OP.EXT2).u16(v.code);
        else this.out.byte(OP.EXT4).i32(v.code);
        return;
      case 'tensor':
        return this.saveTensor(v);
    }
  }

  private saveInt(v: number | bigint): void {
    if (typeof v === 'number' || (v >= -0x80000000n && v <= 0x7fffffffn)) {
      const n = Number(v);
      if (n >= 0 && n <= 0xff) return void this.out.byte(OP.BININT1).byte(n);
      if (n >= 0 && n <= 0xffff) return void this.out.byte(OP.BININT2).u16(n);
      if (n >= -0x80000000 && n <= 0x7fffffff) return void this.out.byte(OP.BININT).i32(n);
    }
    const enc = encodeLong(BigInt(v));
    if (enc.length < 256) this.out.byte(OP.LONG1).byte(enc.length);
    else this.out.byte(OP.LONG4).i32(enc.length);
    this.out.bytes(enc);
  }

  private saveStr(s: string): void {
    const known = this.memoStr.get(s);
    if (known !== undefined) return this.get(known);
    const enc = encodeUtf8SurrogatePass(s);
    this.out.byte(OP.BINUNICODE).u32(enc.length).bytes(enc);
    this.memoStr.set(s, this.put());
  }

  private saveGlobal(g: PyGlobal): void {
    const key = `${g.module}\n${g.name}`;
    const known = this.memoGlobal.get(key);
    if (known !== undefined) return this.get(known);
    if (g.module.includes('\n') || g.name.includes('\n')) {
      throw new FormatError('', `cannot write global ${JSON.stringify(`${g.module}.${g.name}`)} in protocol 2: the name contains a newline`);
    }
    this.out.byte(OP.GLOBAL).bytes(encodeUtf8SurrogatePass(key + '\n'));
    this.memoGlobal.set(key, this.put());
  }

  private payload(b: PyBytes): Uint8Array {
    if (b.data) return b.data;
    if (!this.opts.readBytes) throw new Error(`pickle writer: ${b.length} bytes at offset ${b.fileOffset} were not loaded and no readBytes was given`);
    const data = this.opts.readBytes(b);
    if (data.length !== b.length) throw new Error(`pickle writer: readBytes returned ${data.length} bytes, expected ${b.length}`);
    return data;
  }

  private saveBytes(b: PyBytes): void {
    const data = this.payload(b);
    if (b.flavor === 'py2str') {
      // a Python 2 str: written back with the opcodes Python 2 used, so it loads as it did before
      if (data.length < 256) this.out.byte(OP.SHORT_BINSTRING).byte(data.length);
      else this.out.byte(OP.BINSTRING).i32(data.length);
      this.out.bytes(data);
      this.memoObj.set(b, this.put());
      return;
    }
    if (b.flavor === 'bytearray') {
      const inner: PyBytes = { kind: 'bytes', flavor: 'bytes', length: data.length, data, fileOffset: null };
      return this.saveReduce(b, BUILTIN_BYTEARRAY, data.length === 0 ? [] : [inner]);
    }
    // protocol 2 has no bytes opcode: CPython writes _codecs.encode(latin1 text, 'latin1')
    if (data.length === 0) return this.saveReduce(b, BUILTIN_BYTES, []);
    this.saveReduce(b, CODECS_ENCODE, [latin1(data), 'latin1']);
  }

  private saveTuple(t: PyTuple): void {
    const n = t.items.length;
    if (n === 0) return void this.out.byte(OP.EMPTY_TUPLE);
    this.enter(t);
    const finish = new Step(() => {
      this.leave(t);
      // a cycle through a mutable item may have written this tuple meanwhile: drop ours, fetch that one
      const again = this.memoObj.get(t);
      if (again !== undefined) {
        if (n <= 3) for (let i = 0; i < n; i++) this.out.byte(OP.POP);
        else this.out.byte(OP.POP_MARK);
        return this.get(again);
      }
      this.out.byte(n === 1 ? OP.TUPLE1 : n === 2 ? OP.TUPLE2 : n === 3 ? OP.TUPLE3 : OP.TUPLE);
      this.memoObj.set(t, this.put());
    });
    if (n <= 3) this.later([...t.items, finish]);
    else this.later([this.op(OP.MARK), ...t.items, finish]);
  }

  private saveDict(d: PyDict): void {
    if (!d.cls && !d.original) {
      this.out.byte(OP.EMPTY_DICT);
      this.memoObj.set(d, this.put());
      return this.batchSetItems(d.entries);
    }
    // a dict subclass (OrderedDict): rebuilt the way it was constructed, then filled from the current
    // entries and given its attributes (torch's `_metadata`) by BUILD, as OrderedDict.__reduce__ does
    // (the original call is replayed only when it carried no items: items passed as arguments would
    // bring back entries that were since removed)
    const orig = d.original;
    const tail: Work[] = [new Step(() => this.batchSetItems(d.entries))];
    if (d.attrs !== undefined && d.attrs !== null) tail.push(d.attrs, this.op(OP.BUILD));
    if (orig && orig.args.length === 0 && (orig.kwargs === null || orig.kwargs.entries.length === 0)) this.construct(d, orig, tail);
    else this.saveReduce(d, d.cls ?? orig!.callable, [], tail);
  }

  private saveObject(o: PyObject): void {
    const tail: Work[] = [
      new Step(() => this.batchAppends(o.listItems)),
      new Step(() => this.batchSetItems(o.dictItems)),
    ];
    for (const s of o.states) tail.push(s, this.op(OP.BUILD));
    this.construct(o, o, tail);
  }

  /** Replays how `how` was created, memoizes the result as `self`, then runs `tail`. */
  private construct(self: object, how: PyObject, tail: Work[]): void {
    const args: PyTuple = { kind: 'tuple', items: how.args };
    switch (how.via) {
      case 'reduce':
        return this.saveReduce(self, how.callable, how.args, tail);
      case 'newobj':
        this.enter(self);
        return this.later([how.callable, args, this.op(OP.NEWOBJ), this.memoizeBuilt(self), ...tail]);
      case 'newobj_ex': {
        // protocol 2 has no NEWOBJ_EX: copyreg.__newobj_ex__(cls, args, kwargs) does the same call
        const kwargs: PyDict = how.kwargs ?? { kind: 'dict', entries: [] };
        return this.saveReduce(self, NEWOBJ_EX, [how.callable, args, kwargs], tail);
      }
      case 'inst':
      case 'obj': {
        this.enter(self);
        const g = how.callable;
        const build: Work[] = isGlobalValue(g) && how.via === 'inst' && !g.module.includes('\n') && !g.name.includes('\n')
          ? [this.op(OP.MARK), ...how.args, new Step(() => this.out.byte(OP.INST).bytes(encodeUtf8SurrogatePass(`${g.module}\n${g.name}\n`)))]
          : [this.op(OP.MARK), g, ...how.args, this.op(OP.OBJ)];
        return this.later([...build, this.memoizeBuilt(self), ...tail]);
      }
    }
  }

  private saveReduce(self: object, callable: PyValue, args: PyValue[], tail: Work[] = []): void {
    this.enter(self);
    this.later([callable, { kind: 'tuple', items: args } satisfies PyTuple, this.op(OP.REDUCE), this.memoizeBuilt(self), ...tail]);
  }

  /**
   * After an object is built: memoize it, or, when a cycle through its arguments already wrote it,
   * discard the new one and fetch the first (CPython's save_reduce does the same).
   */
  private memoizeBuilt(self: object): Step {
    return new Step(() => {
      this.leave(self);
      const again = this.memoObj.get(self);
      if (again !== undefined) {
        this.out.byte(OP.POP);
        return this.get(again);
      }
      this.memoObj.set(self, this.put());
    });
  }

  private saveTensor(t: PyTensor): void {
    const v = this.opts.tensorWriter ? this.opts.tensorWriter(t) : t.original;
    this.later([v, new Step(() => {
      // the tensor is the value written for it: later references to the tensor fetch that value
      const written = typeof v === 'object' && v !== null ? this.memoObj.get(v) : undefined;
      if (written !== undefined) this.memoObj.set(t, written);
      else if (!this.memoObj.has(t)) this.memoObj.set(t, this.put());
    })]);
  }

  private batchAppends(items: PyValue[]): void {
    const steps: Work[] = [];
    for (let i = 0; i < items.length; i += BATCH) {
      const batch = items.slice(i, i + BATCH);
      if (batch.length === 1) steps.push(batch[0]!, this.op(OP.APPEND));
      else steps.push(this.op(OP.MARK), ...batch, this.op(OP.APPENDS));
    }
    this.later(steps);
  }

  private batchSetItems(entries: [PyValue, PyValue][]): void {
    const steps: Work[] = [];
    for (let i = 0; i < entries.length; i += BATCH) {
      const batch = entries.slice(i, i + BATCH);
      if (batch.length === 1) steps.push(batch[0]![0], batch[0]![1], this.op(OP.SETITEM));
      else {
        steps.push(this.op(OP.MARK));
        for (const [k, val] of batch) steps.push(k, val);
        steps.push(this.op(OP.SETITEMS));
      }
    }
    this.later(steps);
  }
}

function isGlobalValue(v: PyValue): v is PyGlobal {
  return typeof v === 'object' && v !== null && v.kind === 'global';
}

/** pickle.encode_long: minimal little-endian two's complement; 0 is empty. */
export function encodeLong(x: bigint): Uint8Array {
  if (x === 0n) return new Uint8Array(0);
  const abs = x < 0n ? -x : x;
  const bitLength = abs.toString(2).length;
  let n = (bitLength >> 3) + 1;
  let v = x < 0n ? (1n << BigInt(8 * n)) + x : x;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  if (x < 0n && n > 1 && out[n - 1] === 0xff && (out[n - 2]! & 0x80) !== 0) n -= 1;
  return out.subarray(0, n);
}

/** UTF-8 as Python's 'surrogatepass' writes it: lone surrogates become 3-byte sequences instead of U+FFFD. */
export function encodeUtf8SurrogatePass(s: string): Uint8Array {
  if (!/[\ud800-\udfff]/.test(s)) return UTF8.encode(s);
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d < 0xe000) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Uint8Array.from(out);
}

const UTF8 = new TextEncoder();

function latin1(data: Uint8Array): string {
  let s = '';
  for (let i = 0; i < data.length; i += 0x8000) s += String.fromCharCode(...data.subarray(i, i + 0x8000));
  return s;
}

/** A growable byte buffer. */
class Output {
  private buf = new Uint8Array(1 << 16);
  private view = new DataView(this.buf.buffer);
  private n = 0;

  private reserve(k: number): void {
    if (this.n + k <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.n + k) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.n));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }
  byte(b: number): this {
    this.reserve(1);
    this.buf[this.n++] = b;
    return this;
  }
  u16(v: number): this {
    this.reserve(2);
    this.view.setUint16(this.n, v, true);
    this.n += 2;
    return this;
  }
  u32(v: number): this {
    this.reserve(4);
    this.view.setUint32(this.n, v, true);
    this.n += 4;
    return this;
  }
  i32(v: number): this {
    this.reserve(4);
    this.view.setInt32(this.n, v, true);
    this.n += 4;
    return this;
  }
  f64be(v: number): this {
    this.reserve(8);
    this.view.setFloat64(this.n, v, false);
    this.n += 8;
    return this;
  }
  bytes(b: Uint8Array): this {
    this.reserve(b.length);
    this.buf.set(b, this.n);
    this.n += b.length;
    return this;
  }
  result(): Uint8Array {
    return this.buf.slice(0, this.n);
  }
}
