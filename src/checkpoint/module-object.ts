import type { PyDict, PyObject, PyTensor, PyValue } from '../formats/pickle/values.js';

/**
 * Whole nn.Module objects pickled by torch.save(model): instances whose BUILD state is the module's
 * `__dict__`, with `_parameters`, `_buffers` and `_modules` ordered dicts. Their state dict is what
 * `model.state_dict()` would return, named by module path.
 */
export function isModuleObject(v: PyValue): v is PyObject {
  if (typeof v !== 'object' || v === null || v.kind !== 'object') return false;
  const st = moduleState(v);
  return st !== null && st.has('_parameters') && st.has('_modules');
}

function moduleState(o: PyObject): Map<string, PyValue> | null {
  const s = o.states[o.states.length - 1];
  if (typeof s !== 'object' || s === null || s.kind !== 'dict') return null;
  const m = new Map<string, PyValue>();
  for (const [k, x] of s.entries) if (typeof k === 'string') m.set(k, x);
  return m;
}

function dictEntries(v: PyValue | undefined): [PyValue, PyValue][] {
  return typeof v === 'object' && v !== null && v.kind === 'dict' ? (v as PyDict).entries : [];
}

/** `_non_persistent_buffers_set`: a set, or a `builtins.set` call in older protocols. */
function stringSet(v: PyValue | undefined): Set<string> {
  const out = new Set<string>();
  if (typeof v !== 'object' || v === null) return out;
  const items = v.kind === 'set' ? v.items : v.kind === 'object' ? v.args.flatMap((a) => (typeof a === 'object' && a !== null && (a.kind === 'list' || a.kind === 'tuple') ? a.items : [])) : [];
  for (const x of items) if (typeof x === 'string') out.add(x);
  return out;
}

/** [state-dict key, tensor] in `state_dict()` order: each module's parameters, persistent buffers, then children. */
export function moduleStateDict(root: PyObject): [string, PyTensor][] {
  const out: [string, PyTensor][] = [];
  const onPath = new Set<object>();
  type Frame = { module: PyObject; prefix: string } | { leave: object };
  const stack: Frame[] = [{ module: root, prefix: '' }];
  while (stack.length > 0) {
    const f = stack.pop()!;
    if ('leave' in f) {
      onPath.delete(f.leave);
      continue;
    }
    if (onPath.has(f.module)) continue;
    const st = moduleState(f.module);
    if (!st) continue;
    onPath.add(f.module);
    for (const [k, x] of dictEntries(st.get('_parameters'))) {
      if (typeof k === 'string' && typeof x === 'object' && x !== null && x.kind === 'tensor') out.push([f.prefix + k, x]);
    }
    const skip = stringSet(st.get('_non_persistent_buffers_set'));
    for (const [k, x] of dictEntries(st.get('_buffers'))) {
      if (typeof k === 'string' && !skip.has(k) && typeof x === 'object' && x !== null && x.kind === 'tensor') out.push([f.prefix + k, x]);
    }
    stack.push({ leave: f.module });
    const children = dictEntries(st.get('_modules'));
    for (let i = children.length - 1; i >= 0; i--) {
      const [k, x] = children[i]!;
      if (typeof k === 'string' && isModuleObject(x)) stack.push({ module: x, prefix: `${f.prefix}${k}.` });
    }
  }
  return out;
}
