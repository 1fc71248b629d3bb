import { itemSize, type DType } from '../formats/dtype.js';
import type { PyDict, PyObject, PyValue } from '../formats/pickle/values.js';
import { numel, type StorageInfo } from '../formats/tensor.js';
import { isModuleObject } from './module-object.js';
import type { KeyPath, TensorRecord } from './types.js';

/** Element and byte counts, from shapes (numel × itemsize), not storage sizes: views do not double count. */
export interface TensorTotals {
  tensors: number;
  elements: number;
  bytes: number;
  byDtype: Partial<Record<DType, { tensors: number; elements: number; bytes: number }>>;
}

export function tensorTotals(tensors: readonly TensorRecord[]): TensorTotals {
  const out = emptyTotals();
  for (const t of tensors) countTensor(out, t.info.dtype, numel(t.info.shape));
  return out;
}

export function emptyTotals(): TensorTotals {
  return { tensors: 0, elements: 0, bytes: 0, byDtype: {} };
}

/** One tensor of `elements` elements added to the totals (readers from columns count without records). */
export function countTensor(out: TensorTotals, dtype: DType, elements: number): void {
  const b = elements * itemSize(dtype);
  out.tensors++;
  out.elements += elements;
  out.bytes += b;
  const d = (out.byDtype[dtype] ??= { tensors: 0, elements: 0, bytes: 0 });
  d.tensors++;
  d.elements += elements;
  d.bytes += b;
}

/** Tied weights: distinct tensors viewing one storage. */
export interface SharedStorage {
  key: string;
  dtype: DType;
  numel: number | null;
  paths: KeyPath[];
  /** how many different views (offset, shape, strides) the tensors take of it: 1 for a tie as state_dict() saves it */
  views: number;
}

export function sharedStorages(tensors: readonly TensorRecord[]): SharedStorage[] {
  // Nearly every storage has one tensor: it is remembered by the index of that tensor, and only a
  // storage met a second time gets a list (no array per storage for 100,000 of them).
  const firstAt = new Map<StorageInfo, number>();
  const groups = new Map<StorageInfo, TensorRecord[]>();
  for (let i = 0; i < tensors.length; i++) {
    const t = tensors[i]!;
    const s = t.info.storage;
    if (s.key === '') continue; // storage-less (meta) tensors share nothing
    const first = firstAt.get(s);
    if (first === undefined) {
      firstAt.set(s, i);
      continue;
    }
    const g = groups.get(s);
    if (g) g.push(t);
    else groups.set(s, [tensors[first]!, t]);
  }
  // in the order the storages were first met, as listed before
  const shared = [...groups].sort((a, b) => firstAt.get(a[0])! - firstAt.get(b[0])!);
  const view = (t: TensorRecord) => `${t.info.storageOffset}/${t.info.shape.join(',')}/${t.info.stride.join(',')}`;
  return shared.map(([s, ts]) => ({ key: s.key, dtype: s.dtype, numel: s.numel, paths: ts.map((t) => t.path), views: new Set(ts.map(view)).size }));
}

// --- non-tensor leaves ------------------------------------------------------------------------------

export interface LeafSummary {
  path: KeyPath;
  text: string;
}

export interface LeafOptions {
  /** containers this deep are shown as one line (`{state, param_groups}`); default 1 */
  maxDepth?: number;
  /** longest text per line; default 100 */
  maxText?: number;
  /** most lines; default 200 */
  maxLines?: number;
}

/**
 * The tree's non-tensor content, for display: `epoch: 7`, `optimizer: {state, param_groups}`,
 * `args: Namespace(lr=0.1, …)`. Tensors, state dicts and nn.Module objects are left out (the tensor
 * listing shows them); a mapping above the depth limit is opened into one line per entry.
 */
export function summarizeLeaves(root: PyValue, opts: LeafOptions = {}): LeafSummary[] {
  const maxDepth = opts.maxDepth ?? 1;
  const maxText = opts.maxText ?? 100;
  const maxLines = opts.maxLines ?? 200;
  const out: LeafSummary[] = [];
  const stack: { v: PyValue; path: KeyPath }[] = [{ v: root, path: [] }];
  while (stack.length > 0 && out.length < maxLines) {
    const { v, path } = stack.pop()!;
    if (isTensor(v) || isModuleObject(v)) continue;
    if (isDict(v) && path.length < maxDepth && !mostlyTensors(v)) {
      for (let i = v.entries.length - 1; i >= 0; i--) {
        const [k, x] = v.entries[i]!;
        stack.push({ v: x, path: [...path, typeof k === 'string' ? k : short(k, 40)] });
      }
      continue;
    }
    if (isDict(v) && mostlyTensors(v)) continue;
    out.push({ path, text: clip(short(v, maxText), maxText) });
  }
  return out;
}

function isTensor(v: PyValue): boolean {
  return typeof v === 'object' && v !== null && v.kind === 'tensor';
}

function isDict(v: PyValue): v is PyDict {
  return typeof v === 'object' && v !== null && v.kind === 'dict';
}

function mostlyTensors(d: PyDict): boolean {
  let n = 0;
  for (const [, x] of d.entries) if (isTensor(x)) n++;
  return n > 0 && n * 2 >= d.entries.length;
}

function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/** nesting shown inside one line; deeper containers are `…` (also keeps recursion shallow) */
const MAX_NESTING = 4;

/**
 * A one-line rendering of a value, at most about `budget` characters; containers list their first
 * items and say how many there are. Bounded work: never walks more than the budget allows.
 */
export function short(v: PyValue, budget: number, depth = 0): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v === 'string') return JSON.stringify(v.length > budget ? `${v.slice(0, budget)}…` : v);
  switch (v.kind) {
    case 'float':
      return Number.isInteger(v.value) ? v.value.toFixed(1) : String(v.value);
    case 'bytes':
      return `${v.flavor === 'bytearray' ? 'bytearray' : 'bytes'}(${v.length})`;
    case 'global':
      return `${v.module}.${v.name}`;
    case 'tensor':
      return `${v.info.kind === 'ndarray' ? 'ndarray' : 'tensor'} ${v.info.dtype} [${v.info.shape.join(', ')}]`;
    case 'persid':
      return 'storage';
    case 'ext':
      return `extension ${v.code}`;
    case 'tuple':
    case 'list':
    case 'set':
    case 'dict':
    case 'object':
      if (depth >= MAX_NESTING) return '…';
      return containerText(v, budget, depth + 1);
  }
}

function containerText(v: Extract<PyValue, { kind: 'tuple' | 'list' | 'set' | 'dict' | 'object' }>, budget: number, depth: number): string {
  switch (v.kind) {
    case 'tuple':
    case 'list':
    case 'set': {
      const [open, close] = v.kind === 'tuple' ? ['(', ')'] : v.kind === 'list' ? ['[', ']'] : ['{', '}'];
      return open + items(v.items.map((x) => (b: number) => short(x, b, depth)), budget) + close;
    }
    case 'dict':
      return `{${items(v.entries.map(([k]) => (b: number) => (typeof k === 'string' ? k : short(k, b, depth))), budget)}}`;
    case 'object':
      return objectText(v, budget, depth);
  }
}

function items(parts: ((budget: number) => string)[], budget: number): string {
  const out: string[] = [];
  let used = 0;
  for (const p of parts.slice(0, budget)) {
    if (used >= budget) {
      out.push(`… ${parts.length} items`);
      break;
    }
    const s = p(Math.max(8, budget - used));
    out.push(s);
    used += s.length + 2;
  }
  return out.join(', ');
}

/** `Namespace(lr=0.1, epochs=90)` for objects whose state is an attribute dict; `module.Class(…)` otherwise. */
function objectText(o: PyObject, budget: number, depth: number): string {
  const cls = typeof o.callable === 'object' && o.callable !== null && o.callable.kind === 'global' ? o.callable : null;
  const name = cls ? (cls.module === 'argparse' || cls.module === 'builtins' ? cls.name : `${cls.module}.${cls.name}`) : 'object';
  const state = o.states[o.states.length - 1];
  if (state !== undefined && isDict(state)) {
    const attrs = state.entries.map(([k, x]) => (b: number) => `${typeof k === 'string' ? k : short(k, 20, depth)}=${short(x, Math.max(8, b / 2), depth)}`);
    return `${name}(${items(attrs, budget - name.length)})`;
  }
  if (o.args.length > 0) return `${name}(${items(o.args.map((x) => (b: number) => short(x, b, depth)), budget - name.length)})`;
  return `${name}()`;
}
