import type { PyDict, PyGlobal, PyObject, PyPersistent, PyTuple, PyValue } from '../../../src/formats/pickle/values.js';
import type { InterpretContext } from '../../../src/formats/torch/interpret.js';
import type { StorageInfo } from '../../../src/formats/tensor.js';

/** Builders for the symbolic values the pickle machine produces, so interpreter tests read like the pickles they stand for. */
export const g = (module: string, name: string): PyGlobal => ({ kind: 'global', module, name });
export const tup = (...items: PyValue[]): PyTuple => ({ kind: 'tuple', items });
export const call = (callable: PyValue, args: PyValue[], extra: Partial<PyObject> = {}): PyObject => ({
  kind: 'object', via: 'reduce', callable, args, kwargs: null, states: [], listItems: [], dictItems: [], ...extra,
});
export const dict = (...entries: [PyValue, PyValue][]): PyDict => ({ kind: 'dict', entries });
export const pid = (...items: PyValue[]): PyPersistent => ({ kind: 'persid', pid: tup(...items) });
export const storagePid = (key: string, cls = 'FloatStorage', numel = 6): PyPersistent => pid('storage', g('torch', cls), key, 'cpu', numel);
export const emptyHooks = (): PyObject => call(g('collections', 'OrderedDict'), []);

export function rebuildV2(storage: PyValue, offset: number, shape: number[], stride: number[], grad = false): PyObject {
  return call(g('torch._utils', '_rebuild_tensor_v2'), [storage, offset, tup(...shape), tup(...stride), grad, emptyHooks()]);
}

/** A context whose storages are plain records keyed by storage key; warnings collected. */
export function testContext(): InterpretContext & { warnings: string[]; made: Map<string, StorageInfo> } {
  const made = new Map<string, StorageInfo>();
  const warnings: string[] = [];
  return {
    made,
    warnings,
    storage: (ref, dtype) => {
      const d = ref.dtype ?? dtype;
      if (!d) return null;
      let info = made.get(ref.key);
      if (!info) made.set(ref.key, (info = { key: ref.key, dtype: d, numel: ref.numel, device: ref.device, bytes: null }));
      return { info, offset: ref.view?.offset ?? 0 };
    },
    bytesLocation: (b) => (b.fileOffset !== null ? { kind: 'raw', file: 'f', offset: b.fileOffset, length: b.length } : b.data ? { kind: 'memory', bytes: b.data } : null),
    loadFromBytes: () => null,
    warn: (m) => warnings.push(m),
  };
}
