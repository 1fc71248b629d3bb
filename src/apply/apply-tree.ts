/**
 * The object tree written out: the remapped state dict alone (an OrderedDict with its `_metadata`, as
 * `model.state_dict()` gives), or the whole source tree with only the selected state dict replaced.
 * The source tree is never mutated: containers on the path to the replaced dict are copied, everything
 * else (optimizer state, epoch, args, objects sdmatch does not understand) is the very same node, so the
 * pickle writer replays it exactly.
 */
import type { KeyPath } from '../checkpoint/types.js';
import { FormatError } from '../formats/errors.js';
import type { PyDict, PyObject, PyTensor, PyValue } from '../formats/pickle/values.js';

const ORDERED_DICT = { kind: 'global', module: 'collections', name: 'OrderedDict' } as const;

/**
 * The new state dict. Built like the source dict when it was one (its class and construction are
 * replayed), else as a plain OrderedDict (TorchScript modules, safetensors, shards).
 */
export function stateDictNode(entries: [string, PyTensor][], like: PyDict | null, attrs: PyValue | undefined): PyDict {
  const d: PyDict = { kind: 'dict', entries, cls: like?.cls ?? { ...ORDERED_DICT } };
  if (like?.cls && like.original) d.original = like.original;
  if (attrs !== undefined) d.attrs = attrs;
  return d;
}

/** `root` with the value at `path` replaced by `value`; the containers on the path are copied. */
export function replaceAt(root: PyValue, path: KeyPath, value: PyValue, file: string): PyValue {
  if (path.length === 0) return value;
  const [step, ...rest] = path as [string | number, ...KeyPath];
  const fail = (why: string): never => {
    throw new FormatError(file, `cannot keep the container: ${why} on the way to the state dict`);
  };
  if (typeof root !== 'object' || root === null) return fail(`a ${root === null ? 'None' : typeof root} value`);
  switch (root.kind) {
    case 'dict': {
      const i = root.entries.findIndex(([k]) => keyText(k) === String(step));
      if (i < 0) return fail(`no key ${String(step)}`);
      const entries = root.entries.slice();
      entries[i] = [entries[i]![0], replaceAt(entries[i]![1], rest, value, file)];
      return { ...root, entries };
    }
    case 'list':
    case 'tuple': {
      if (typeof step !== 'number' || step >= root.items.length) return fail(`no item ${String(step)}`);
      const items = root.items.slice();
      items[step] = replaceAt(items[step]!, rest, value, file);
      return { ...root, items };
    }
    case 'object':
      return replaceAttribute(root, step, rest, value, file, fail);
    default:
      return fail(`a ${root.kind}`);
  }
}

function replaceAttribute(o: PyObject, step: string | number, rest: KeyPath, value: PyValue, file: string, fail: (why: string) => never): PyObject {
  for (let s = o.states.length - 1; s >= 0; s--) {
    const st = o.states[s];
    if (typeof st !== 'object' || st === null || st.kind !== 'dict') continue;
    const i = st.entries.findIndex(([k]) => keyText(k) === String(step));
    if (i < 0) continue;
    const entries = st.entries.slice();
    entries[i] = [entries[i]![0], replaceAt(entries[i]![1], rest, value, file)];
    const states = o.states.slice();
    states[s] = { ...st, entries };
    return { ...o, states };
  }
  const j = o.dictItems.findIndex(([k]) => keyText(k) === String(step));
  if (j >= 0) {
    const dictItems = o.dictItems.slice();
    dictItems[j] = [dictItems[j]![0], replaceAt(dictItems[j]![1], rest, value, file)];
    return { ...o, dictItems };
  }
  return fail(`an object attribute ${String(step)} that is not a plain attribute`);
}

function keyText(k: PyValue): string {
  if (typeof k === 'string') return k;
  if (typeof k === 'number' || typeof k === 'bigint' || typeof k === 'boolean') return String(k);
  return k === null ? 'None' : '';
}
