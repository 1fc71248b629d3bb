import type { DType } from '../dtype.js';
import type { PyBytes, PyDict, PyGlobal, PyObject, PyPersistent, PyValue } from '../pickle/values.js';
import type { ByteLocation, StorageInfo } from '../tensor.js';
import { construct, directRebuild, plainRebuildOf, type Constructor } from './constructors.js';
import { parsePersistentId, type StorageRef } from './storage-pid.js';

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
  storage(ref: StorageRef, dtype: DType | null): { info: StorageInfo; offset: number } | null;
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

type Container = Exclude<PyValue, null | boolean | number | bigint | string>;

/** Node kinds with children; everything else (floats, bytes, globals, tensors) is kept as is. */
function hasChildren(v: PyValue): v is Container {
  if (typeof v !== 'object' || v === null) return false;
  const k = v.kind;
  return k === 'tuple' || k === 'list' || k === 'set' || k === 'dict' || k === 'object' || k === 'persid';
}

/** A node entered but not finished: met again, it is on a cycle. */
const PENDING: unique symbol = Symbol('pending');

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
export function interpret(
  root: PyValue,
  ctx: InterpretContext,
  shared?: ReadonlySet<object>,
): { value: PyValue } {
  const state: InterpretState = { ctx, storages: new Map(), ndarrays: 0, constructors: new Map() };
  if (!hasChildren(root)) return { value: root };
  return { value: new Interpreter(state, shared).run(root) };
}

/**
 * For PickleOptions.reduce, for callers that never write the file back: a plain tensor rebuild whose
 * arguments are inert (directRebuild) becomes its tensor as the machine reads it, with no `original`,
 * so the 100,000 calls of a state dict and their argument tuples are never part of the tree. The
 * result is the tensor the interpreter would make in the call's place, provided `ctx.storage` returns
 * null, doing nothing, for a storage whose lookup would have another effect (a warning): that call is
 * kept and interpreted where the tree puts it, as before.
 */
export function tensorsAsRead(ctx: InterpretContext): (call: PyObject & { callable: PyGlobal }) => PyValue | undefined {
  const state: InterpretState = { ctx, storages: new Map(), ndarrays: 0, constructors: new Map() };
  return (call) => {
    const layout = plainRebuildOf(call.callable);
    if (layout === null) return undefined;
    const tensor = directRebuild(call, layout, state, false);
    if (tensor === null) return undefined;
    tensor.original = null;
    return tensor;
  };
}

class Interpreter {
  /** results of finished (or, for PENDING, entered) nodes that may be met again */
  private readonly done = new Map<object, PyValue | typeof PENDING>();
  /** the copies handed out for nodes met again while still being interpreted (cycles) */
  private readonly shells = new Map<object, Container>();
  /** results of finished children, in child order; a node's children's results end the array when it finishes */
  private readonly results: PyValue[] = [];
  /** read position in `results` while a node is being finished */
  private cursor = 0;
  /** whether the node being finished needs a copy: a child's result differs from the child, or it has a shell */
  private changed = false;

  constructor(
    private readonly state: InterpretState,
    private readonly shared: ReadonlySet<object> | undefined,
  ) {}

  private tracked(v: object): boolean {
    const s = this.shared;
    return s === undefined || (s.size > 0 && s.has(v));
  }

  run(root: Container): PyValue {
    // work: nodes to enter (mark -1), or to finish (mark = results' length when entered)
    const work: Container[] = [root];
    const marks: number[] = [-1];
    const results = this.results;
    while (work.length > 0) {
      const node = work.pop()!;
      const mark = marks.pop()!;
      if (mark >= 0) {
        this.cursor = mark;
        const result = this.finish(node);
        results.length = mark;
        results.push(result);
        continue;
      }
      if (this.tracked(node)) {
        const seen = this.done.get(node);
        if (seen !== undefined) {
          results.push(seen === PENDING ? this.shellFor(node) : seen);
          continue;
        }
        this.done.set(node, PENDING);
      }
      if (node.kind === 'object') {
        // the 100,000 rebuilds of a state dict become tensors without their arguments being walked
        const tensor = this.direct(node);
        if (tensor !== null) {
          if (this.tracked(node)) this.done.set(node, tensor);
          results.push(tensor);
          continue;
        }
      }
      work.push(node);
      marks.push(results.length);
      pushChildren(node, work, marks);
    }
    return results[0]!;
  }

  /** A plain tensor rebuild whose arguments need no interpreting, as a tensor; else null (see directRebuild). */
  private direct(node: PyObject): PyValue | null {
    const f = node.callable;
    if (typeof f !== 'object' || f === null || f.kind !== 'global') return null;
    const layout = plainRebuildOf(f);
    if (layout === null) return null;
    const pid = node.args[0];
    return directRebuild(node, layout, this.state, typeof pid === 'object' && pid !== null && this.tracked(pid));
  }

  /** A cycle reached `node` before it was finished: it gets a copy now, filled when it finishes. */
  private shellFor(node: Container): Container {
    let s = this.shells.get(node);
    if (s === undefined) {
      s = shellOf(node);
      this.shells.set(node, s);
    }
    return s;
  }

  /** The interpreted value of the next child (the child itself when it has no children). */
  private next(raw: PyValue): PyValue {
    if (!hasChildren(raw)) return raw;
    const v = this.results[this.cursor++]!;
    if (v !== raw) this.changed = true;
    return v;
  }

  /** `items` interpreted: the same array when no item changed, else an exact-size copy. */
  private items(raw: PyValue[]): PyValue[] {
    let out: PyValue[] | null = null;
    const results = this.results;
    for (let i = 0; i < raw.length; i++) {
      const x = raw[i]!;
      if (!hasChildren(x)) continue;
      const v = results[this.cursor++]!;
      if (v !== x) (out ??= raw.slice())[i] = v;
    }
    if (out === null) return raw;
    this.changed = true;
    return out;
  }

  /** `pairs` interpreted: the same array when no key or value changed, else an exact-size copy; unchanged pairs are reused. */
  private pairs(raw: [PyValue, PyValue][]): [PyValue, PyValue][] {
    let out: [PyValue, PyValue][] | null = null;
    const results = this.results;
    for (let i = 0; i < raw.length; i++) {
      const p = raw[i]!;
      const k = hasChildren(p[0]) ? results[this.cursor++]! : p[0];
      const x = hasChildren(p[1]) ? results[this.cursor++]! : p[1];
      if (k !== p[0] || x !== p[1]) (out ??= raw.slice())[i] = [k, x];
    }
    if (out === null) return raw;
    this.changed = true;
    return out;
  }

  private finish(node: Container): PyValue {
    const shell = this.shells.size > 0 ? this.shells.get(node) : undefined;
    this.changed = shell !== undefined; // a node handed out early is always a copy: its shell
    let result: PyValue;
    switch (node.kind) {
      case 'tuple':
      case 'list':
      case 'set': {
        const items = this.items(node.items);
        if (!this.changed) result = node;
        else if (shell) {
          (shell as { items: PyValue[] }).items = items;
          result = shell;
        } else result = node.kind === 'set' ? { kind: 'set', frozen: node.frozen, items } : { kind: node.kind, items };
        break;
      }
      case 'dict': {
        const entries = this.pairs(node.entries);
        const attrs = node.attrs === undefined ? undefined : this.next(node.attrs);
        if (!this.changed) result = node;
        else {
          const d = (shell as PyDict | undefined) ?? { kind: 'dict', entries: [] };
          d.entries = entries;
          if (node.cls) d.cls = node.cls;
          if (attrs !== undefined) d.attrs = attrs;
          if (node.original) d.original = node.original;
          result = d;
        }
        break;
      }
      case 'object': {
        const callable = this.next(node.callable);
        const args = this.items(node.args);
        const kwargs = node.kwargs ? (this.next(node.kwargs) as PyDict) : null;
        const states = this.items(node.states);
        const listItems = this.items(node.listItems);
        const dictItems = this.pairs(node.dictItems);
        let o: PyObject = node;
        if (this.changed) {
          // arrays no item of which changed are shared with the input: the tree is immutable once read
          if (shell) {
            o = shell as PyObject;
            o.callable = callable;
            o.args = args;
            o.kwargs = kwargs;
            o.states = states;
            o.listItems = listItems;
            o.dictItems = dictItems;
          } else o = { kind: 'object', via: node.via, callable, args, kwargs, states, listItems, dictItems };
        }
        result = construct(o, node, this.state) ?? o;
        break;
      }
      case 'persid': {
        const pid = this.next(node.pid);
        let p: PyPersistent = node;
        if (this.changed) {
          p = (shell as PyPersistent | undefined) ?? { kind: 'persid', pid: null };
          p.pid = pid;
        }
        result = this.persistent(p);
        break;
      }
      default:
        result = node;
    }
    if (this.tracked(node)) this.done.set(node, result);
    return result;
  }

  private persistent(p: PyPersistent): PyValue {
    const st = this.state;
    const parsed = parsePersistentId(p.pid);
    // old torch.save passed nn.Module classes as ('module', cls, file, source): the load returns cls
    if (parsed.kind === 'module') return parsed.cls;
    if (parsed.kind === 'storage' && parsed.ref.dtype !== null) {
      const r = st.ctx.storage(parsed.ref, null);
      if (r) st.storages.set(p, r);
    } else if (parsed.kind === 'unknown') st.ctx.warn(`unrecognised persistent id: ${parsed.why}`);
    return p;
  }
}

/** Schedules a node's children (those with children of their own) to be entered in order. */
function pushChildren(v: Container, work: Container[], marks: number[]): void {
  switch (v.kind) {
    case 'tuple':
    case 'list':
    case 'set':
      pushItems(v.items, work, marks);
      return;
    case 'dict':
      if (v.attrs !== undefined) pushChild(v.attrs, work, marks);
      pushPairs(v.entries, work, marks);
      return;
    case 'object':
      pushPairs(v.dictItems, work, marks);
      pushItems(v.listItems, work, marks);
      pushItems(v.states, work, marks);
      if (v.kwargs) pushChild(v.kwargs, work, marks);
      pushItems(v.args, work, marks);
      pushChild(v.callable, work, marks);
      return;
    case 'persid':
      pushChild(v.pid, work, marks);
      return;
    default:
      return;
  }
}

function pushChild(c: PyValue, work: Container[], marks: number[]): void {
  if (hasChildren(c)) {
    work.push(c);
    marks.push(-1);
  }
}

/** last first, so that they are entered first to last */
function pushItems(items: PyValue[], work: Container[], marks: number[]): void {
  for (let i = items.length - 1; i >= 0; i--) pushChild(items[i]!, work, marks);
}

function pushPairs(pairs: [PyValue, PyValue][], work: Container[], marks: number[]): void {
  for (let i = pairs.length - 1; i >= 0; i--) {
    const p = pairs[i]!;
    pushChild(p[1], work, marks);
    pushChild(p[0], work, marks);
  }
}

/** An empty copy handed out before the children are done, so that a cycle can point at it. */
function shellOf(v: Container): Container {
  switch (v.kind) {
    case 'tuple':
    case 'list':
      return { kind: v.kind, items: [] };
    case 'set':
      return { kind: 'set', frozen: v.frozen, items: [] };
    case 'dict':
      return { kind: 'dict', entries: [] };
    case 'object':
      return { kind: 'object', via: v.via, callable: null, args: [], kwargs: null, states: [], listItems: [], dictItems: [] };
    case 'persid':
      return { kind: 'persid', pid: null };
    default:
      return v;
  }
}
