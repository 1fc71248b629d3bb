import type { DType } from '../dtype.js';
import type { PyBytes, PyDict, PyObject, PyPersistent, PyValue } from '../pickle/values.js';
import type { ByteLocation, StorageInfo } from '../tensor.js';
import { construct } from './constructors.js';
import { parsePersistentId, type StorageRef } from './storage-pid.js';

/**
 * What a container (torch zip, legacy stream, TorchScript archive, plain pickle) tells the interpreter
 * about the bytes around the pickle.
 */
export interface InterpretContext {
  /**
   * The storage a persistent id names. The same key must give the same StorageInfo object, so that
   * tied weights share one. `dtype` is the rebuild's dtype when the id's storage type is untyped.
   * `offset` is where a legacy storage view starts in its root storage, in elements.
   */
  storage(ref: StorageRef, dtype: DType | null): { info: StorageInfo; offset: number } | null;
  /** Where a byte string's payload is (numpy arrays pickled inline). */
  bytesLocation(b: PyBytes): ByteLocation | null;
  /** `torch.storage._load_from_bytes(b)`: a nested legacy torch.save stream holding one storage. */
  loadFromBytes(b: PyBytes): StorageInfo | null;
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
  /** storage-valued nodes of the result (persistent ids, `_load_from_bytes` calls) */
  storages: Map<object, ResolvedStorage>;
  /** numpy arrays seen, to give each its own storage key (`ndarray:1` …) */
  ndarrays: number;
}

type Container = Exclude<PyValue, null | boolean | number | bigint | string>;

/** Node kinds with children; everything else (floats, bytes, globals, tensors) is kept as is. */
function hasChildren(v: PyValue): v is Container {
  if (typeof v !== 'object' || v === null) return false;
  const k = v.kind;
  return k === 'tuple' || k === 'list' || k === 'set' || k === 'dict' || k === 'object' || k === 'persid';
}

/**
 * Rewrites a symbolic pickle tree so that the calls torch and numpy use to rebuild tensors and
 * ordered dicts become PyTensor and PyDict nodes. The input is not modified: interpreted nodes keep
 * the symbolic call they came from in `original`.
 *
 * The pass is iterative (a 1,000,000-deep nesting must not overflow the JS stack) and caches results
 * by node identity: a node shared by many parents (a billion-laughs bomb) is interpreted once and
 * shared in the result too, and a cycle meets a node's not-yet-finished copy instead of looping.
 */
export function interpret(root: PyValue, ctx: InterpretContext): { value: PyValue; storages: Map<object, ResolvedStorage> } {
  const state: InterpretState = { ctx, storages: new Map(), ndarrays: 0 };
  if (!hasChildren(root)) return { value: root, storages: state.storages };
  const done = new Map<object, PyValue>();
  const res = (v: PyValue): PyValue => (hasChildren(v) ? (done.get(v) as PyValue) : v);

  // frames: the node, and whether its children have been scheduled
  const nodes: Container[] = [root];
  const entered: boolean[] = [false];
  while (nodes.length > 0) {
    const node = nodes[nodes.length - 1]!;
    if (!entered[entered.length - 1]) {
      if (done.has(node)) {
        nodes.pop();
        entered.pop();
        continue;
      }
      entered[entered.length - 1] = true;
      done.set(node, shellOf(node));
      forEachChild(node, (c) => {
        if (hasChildren(c) && !done.has(c)) {
          nodes.push(c);
          entered.push(false);
        }
      });
      continue;
    }
    nodes.pop();
    entered.pop();
    const shell = done.get(node) as Container;
    const result = fill(node, shell, res, state);
    if (result !== shell) done.set(node, result);
  }
  return { value: done.get(root) as PyValue, storages: state.storages };
}

function forEachChild(v: Container, f: (c: PyValue) => void): void {
  switch (v.kind) {
    case 'tuple':
    case 'list':
    case 'set':
      for (const x of v.items) f(x);
      return;
    case 'dict':
      for (const [k, x] of v.entries) {
        f(k);
        f(x);
      }
      if (v.attrs !== undefined) f(v.attrs);
      return;
    case 'object':
      f(v.callable);
      for (const x of v.args) f(x);
      if (v.kwargs) f(v.kwargs);
      for (const x of v.states) f(x);
      for (const x of v.listItems) f(x);
      for (const [k, x] of v.dictItems) {
        f(k);
        f(x);
      }
      return;
    case 'persid':
      f(v.pid);
      return;
    default:
      return;
  }
}

/** An empty copy registered before the children are done, so that a cycle can point at it. */
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

function fill(node: Container, shell: Container, res: (v: PyValue) => PyValue, state: InterpretState): PyValue {
  switch (node.kind) {
    case 'tuple':
    case 'list':
    case 'set': {
      const items = (shell as { items: PyValue[] }).items;
      for (const x of node.items) items.push(res(x));
      return shell;
    }
    case 'dict': {
      const d = shell as PyDict;
      for (const [k, x] of node.entries) d.entries.push([res(k), res(x)]);
      if (node.cls) d.cls = node.cls;
      if (node.attrs !== undefined) d.attrs = res(node.attrs);
      if (node.original) d.original = node.original;
      return d;
    }
    case 'object': {
      const o = shell as PyObject;
      o.callable = res(node.callable);
      for (const x of node.args) o.args.push(res(x));
      o.kwargs = node.kwargs ? (res(node.kwargs) as PyDict) : null;
      for (const x of node.states) o.states.push(res(x));
      for (const x of node.listItems) o.listItems.push(res(x));
      for (const [k, x] of node.dictItems) o.dictItems.push([res(k), res(x)]);
      return construct(o, node, state) ?? o;
    }
    case 'persid': {
      const p = shell as PyPersistent;
      p.pid = res(node.pid);
      const parsed = parsePersistentId(p.pid);
      // old torch.save passed nn.Module classes as ('module', cls, file, source): the load returns cls
      if (parsed.kind === 'module') return parsed.cls;
      if (parsed.kind === 'storage' && parsed.ref.dtype !== null) {
        const r = state.ctx.storage(parsed.ref, null);
        if (r) state.storages.set(p, r);
      } else if (parsed.kind === 'unknown') state.ctx.warn(`unrecognised persistent id: ${parsed.why}`);
      return p;
    }
    default:
      return shell;
  }
}
