import type { PyDict, PyObject, PyTensor, PyValue } from '../formats/pickle/values.js';
import type { TensorInfo } from '../formats/tensor.js';
import { isModuleObject, moduleStateDict } from './module-object.js';
import type { Checkpoint, KeyPath, StateDictCandidate, TensorRecord } from './types.js';

/**
 * One pass over the interpreted tree: every distinct tensor (at the first path that reaches it, with
 * the other paths as aliases) and every mapping that looks like a state dict.
 *
 * Iterative, and each container is entered once: shared containers (a billion-laughs bomb, or a model
 * saved twice under two keys) cost one visit, cycles end, and deep nesting costs heap, not stack.
 * Paths are built only for what is recorded, from parent links, so depth does not multiply the cost.
 *
 * Path steps: dict keys as strings (other keys stringified), list/tuple/set indices as numbers, object
 * attributes by name; a call's arguments under `__args__` and a non-dict BUILD state under `__state__`.
 */
export interface WalkResult {
  tensors: TensorRecord[];
  stateDicts: StateDictCandidate[];
}

interface Frame {
  value: PyValue;
  parent: Frame | null;
  key: string | number;
  /** a second step after `key` (a call argument's index after `__args__`), or -1 */
  index: number;
  /** the value sits in a dict with non-string keys (optimizer.state: {0: {...}}) */
  underIntKeys: boolean;
  /** tensors in the nearest enclosing accepted candidate, or 0 */
  enclosing: number;
}

/**
 * The aliases of a tensor reached once (nearly all): one shared frozen empty list, replaced by its own
 * on the first alias, instead of an empty array per tensor.
 */
const NO_ALIASES = Object.freeze([]) as unknown as KeyPath[];

/** Nested candidates are kept only when they hold more tensors than the candidate around them. */
export function walkTree(root: PyValue): WalkResult {
  const tensors: TensorRecord[] = [];
  const stateDicts: StateDictCandidate[] = [];
  const byTensor = new Map<PyTensor, TensorRecord>();
  const visited = new Set<object>();
  const stack: Frame[] = [{ value: root, parent: null, key: '', index: -1, underIntKeys: false, enclosing: 0 }];

  const record = (t: PyTensor, path: KeyPath): void => {
    const known = byTensor.get(t);
    if (known) {
      if (known.aliases === NO_ALIASES) known.aliases = [path];
      else known.aliases.push(path);
    } else {
      const rec: TensorRecord = { path, info: t.info, aliases: NO_ALIASES };
      byTensor.set(t, rec);
      tensors.push(rec);
    }
  };

  while (stack.length > 0) {
    const f = stack.pop()!;
    const v = f.value;
    if (typeof v !== 'object' || v === null) continue;
    if (v.kind === 'tensor') {
      record(v, pathOf(f));
      continue;
    }
    if (visited.has(v)) continue;
    const kind = v.kind;
    if (kind !== 'dict' && kind !== 'list' && kind !== 'tuple' && kind !== 'set' && kind !== 'object') continue;
    visited.add(v);

    let enclosing = f.enclosing;
    if (kind === 'dict') {
      const cand = f.underIntKeys ? null : dictCandidate(v, f);
      if (cand && cand.keys.length > f.enclosing) {
        stateDicts.push(cand);
        enclosing = cand.keys.length;
      }
      let intKeys = false;
      for (const e of v.entries) if (typeof e[0] !== 'string') intKeys = true;
      // tensors before the first container value are recorded here, in order, without a frame each
      // (a flat state dict is the common case); from the first container on, frames keep DFS order
      const entries = v.entries;
      let first = 0;
      let base: KeyPath | null = null;
      for (; first < entries.length; first++) {
        const x = entries[first]![1];
        if (typeof x !== 'object' || x === null) continue;
        if (x.kind !== 'tensor') break;
        base ??= pathOf(f);
        // sized exactly: an array grown by push keeps spare room, times 100,000 tensors
        const key = keyText(entries[first]![0]);
        record(x, base.length === 0 ? [key] : [...base, key]);
      }
      for (let i = entries.length - 1; i >= first; i--) {
        const [k, x] = entries[i]!;
        if (typeof x !== 'object' || x === null) continue;
        stack.push({ value: x, parent: f, key: keyText(k), index: -1, underIntKeys: intKeys, enclosing });
      }
      continue;
    }
    const children: Child[] = [];
    if (kind === 'object') {
      if (isModuleObject(v) && !f.underIntKeys) {
        const sd = moduleStateDict(v);
        if (sd.length > f.enclosing) {
          stateDicts.push({ path: pathOf(f), keys: sd.map(([k]) => k), nonTensor: [] });
          enclosing = sd.length;
        }
      }
      objectChildren(v, children);
    } else {
      v.items.forEach((x, i) => children.push([i, x, false, -1]));
    }
    for (let i = children.length - 1; i >= 0; i--) {
      const [key, value, underIntKeys, index] = children[i]!;
      if (typeof value !== 'object' || value === null) continue;
      stack.push({ value, parent: f, key, index, underIntKeys, enclosing });
    }
  }
  return { tensors, stateDicts };
}

/** string keys, at least one tensor, tensors at least half the values */
function dictCandidate(d: PyDict, f: Frame): StateDictCandidate | null {
  if (d.entries.length === 0) return null;
  const keys: string[] = [];
  const nonTensor: string[] = [];
  for (const [k, x] of d.entries) {
    if (typeof k !== 'string') return null;
    if (typeof x === 'object' && x !== null && x.kind === 'tensor') keys.push(k);
    else nonTensor.push(k);
  }
  if (keys.length === 0 || keys.length * 2 < d.entries.length) return null;
  return { path: pathOf(f), keys, nonTensor };
}

type Child = [key: string | number, value: PyValue, underIntKeys: boolean, index: number];

function objectChildren(o: PyObject, out: Child[]): void {
  o.args.forEach((x, i) => out.push(['__args__', x, false, i]));
  for (const s of o.states) {
    if (typeof s === 'object' && s !== null && s.kind === 'dict') {
      for (const [k, x] of s.entries) out.push([keyText(k), x, false, -1]);
    } else if (typeof s === 'object' && s !== null && s.kind === 'tuple' && s.items.length === 2 && s.items.every((x) => x === null || (typeof x === 'object' && x.kind === 'dict'))) {
      // (state, slotstate): both dicts of attributes
      for (const part of s.items) if (part) for (const [k, x] of (part as PyDict).entries) out.push([keyText(k), x, false, -1]);
    } else out.push(['__state__', s, false, -1]);
  }
  o.listItems.forEach((x, i) => out.push([i, x, false, -1]));
  for (const [k, x] of o.dictItems) out.push([keyText(k), x, typeof k !== 'string', -1]);
}

function keyText(k: PyValue): string {
  if (typeof k === 'string') return k;
  if (typeof k === 'number' || typeof k === 'bigint' || typeof k === 'boolean') return String(k);
  if (k === null) return 'None';
  if (typeof k === 'object' && k.kind === 'float') return String(k.value);
  if (typeof k === 'object' && k.kind === 'tuple') return `(${k.items.map((x) => keyText(x)).join(', ')})`;
  if (typeof k === 'object' && k.kind === 'global') return `${k.module}.${k.name}`;
  return `<${typeof k === 'object' ? k.kind : typeof k}>`;
}

function pathOf(f: Frame): KeyPath {
  const out: KeyPath = [];
  for (let x: Frame | null = f; x && x.parent; x = x.parent) {
    if (x.index >= 0) out.push(x.index);
    out.push(x.key);
  }
  return out.reverse();
}

/** The state-dict candidate of `ckpt` at exactly `path` (element by element: a list index 1 is not the key '1'), if any. */
export function candidateAt(ckpt: Checkpoint, path: KeyPath): StateDictCandidate | undefined {
  return ckpt.stateDicts.find((c) => c.path.length === path.length && c.path.every((p, i) => p === path[i]));
}

/** The tensors a candidate names, in its key order (module candidates are resolved through the module tree). */
export function candidateTensors(root: PyValue, cand: StateDictCandidate): [string, TensorInfo][] {
  return candidateEntries(root, cand).map(([k, t]) => [k, t.info]);
}

/** As candidateTensors, with the tensor nodes themselves (identity kept, for trees built from others). */
export function candidateEntries(root: PyValue, cand: StateDictCandidate): [string, PyTensor][] {
  const at = valueAt(root, cand.path);
  if (at === undefined || typeof at !== 'object' || at === null) return [];
  if (at.kind === 'dict') {
    const out: [string, PyTensor][] = [];
    for (const [k, x] of at.entries) if (typeof k === 'string' && typeof x === 'object' && x !== null && x.kind === 'tensor') out.push([k, x]);
    return out;
  }
  if (isModuleObject(at)) return moduleStateDict(at);
  return [];
}

/**
 * The entry names of every dict on the way from the root to `path` (the root's own included, the one at
 * `path` not): what load_state_dict would call unexpected if one of those containers were passed whole.
 */
export function fieldsAlong(root: PyValue, path: KeyPath): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i < path.length; i++) {
    const v = valueAt(root, path.slice(0, i));
    if (typeof v === 'object' && v !== null && v.kind === 'dict') for (const [k] of v.entries) out.add(keyText(k));
  }
  return out;
}

/**
 * A file's top-level dict as `torch.load(file)` gives it: its entry names, those whose value is a dict holding
 * a tensor (a state dict `checkpoint[field]` gives), and of those the ones whose every tensor is empty
 * (DeepSpeed ZeRO-3 saves `torch.Size([0])` placeholders). Nothing when the root is no dict.
 */
export function topFields(root: PyValue | null): { fields: string[]; stateDicts: string[]; emptyOnly: string[] } {
  if (typeof root !== 'object' || root === null || root.kind !== 'dict') return { fields: [], stateDicts: [], emptyOnly: [] };
  const tensorsOf = (v: PyValue): PyTensor[] => (typeof v === 'object' && v !== null && v.kind === 'dict' ? v.entries.map(([, x]) => x).filter((x): x is PyTensor => typeof x === 'object' && x !== null && x.kind === 'tensor') : []);
  const held = root.entries.map(([k, v]) => [keyText(k), tensorsOf(v)] as const).filter(([, ts]) => ts.length > 0);
  return {
    fields: root.entries.map(([k]) => keyText(k)),
    stateDicts: held.map(([k]) => k),
    emptyOnly: held.filter(([, ts]) => ts.every((t) => t.info.shape.includes(0))).map(([k]) => k),
  };
}

/** The value a path leads to (the inverse of the walk's path steps), or undefined. */
export function valueAt(root: PyValue, path: KeyPath): PyValue | undefined {
  let v: PyValue | undefined = root;
  for (let i = 0; i < path.length; i++) {
    const step = path[i]!;
    if (typeof v !== 'object' || v === null) return undefined;
    if (v.kind === 'dict') v = v.entries.find(([k]) => keyText(k) === String(step))?.[1];
    else if (v.kind === 'list' || v.kind === 'tuple' || v.kind === 'set') v = typeof step === 'number' ? v.items[step] : undefined;
    else if (v.kind === 'object') {
      if (step === '__args__') {
        const idx = path[++i];
        v = typeof idx === 'number' ? v.args[idx] : undefined;
      } else if (step === '__state__') v = v.states[v.states.length - 1];
      else v = attribute(v, step);
    } else return undefined;
  }
  return v;
}

function attribute(o: PyObject, step: string | number): PyValue | undefined {
  for (let s = o.states.length - 1; s >= 0; s--) {
    const st = o.states[s]!;
    const dicts = typeof st === 'object' && st !== null && st.kind === 'dict' ? [st] : typeof st === 'object' && st !== null && st.kind === 'tuple' ? st.items.filter((x): x is PyDict => typeof x === 'object' && x !== null && x.kind === 'dict') : [];
    for (const d of dicts) {
      const hit = d.entries.find(([k]) => keyText(k) === String(step));
      if (hit) return hit[1];
    }
  }
  if (typeof step === 'number') return o.listItems[step];
  return o.dictItems.find(([k]) => keyText(k) === step)?.[1];
}
