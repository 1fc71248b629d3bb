import { describe, expect, it } from 'vitest';
import { candidateTensors, valueAt, walkTree } from '../../src/checkpoint/walk.js';
import type { PyDict, PyObject, PyTensor, PyValue } from '../../src/formats/pickle/values.js';
import type { StorageInfo } from '../../src/formats/tensor.js';
import { hostileDepth, hostileDepthName } from '../helpers/tier.js';

let n = 0;
function tensor(shape: number[] = [2], storage?: StorageInfo): PyTensor {
  const s = storage ?? { key: String(n++), dtype: 'float32', numel: 2, device: 'cpu', bytes: null };
  return { kind: 'tensor', info: { kind: 'tensor', dtype: 'float32', shape, stride: [1], storageOffset: 0, storage: s, requiresGrad: false }, original: null };
}
const dict = (...entries: [PyValue, PyValue][]): PyDict => ({ kind: 'dict', entries });
const obj = (cls: string, state: PyValue, extra: Partial<PyObject> = {}): PyObject => ({
  kind: 'object', via: 'newobj', callable: { kind: 'global', module: 'm', name: cls }, args: [], kwargs: null, states: [state], listItems: [], dictItems: [], ...extra,
});

describe('walkTree', () => {
  it('records first paths, aliases for the same tensor object, and typed path steps', () => {
    const shared = tensor();
    const root = dict(['model', dict(['a.weight', shared], ['a.bias', tensor()])], ['ema', dict(['a.weight', shared])], ['list', { kind: 'list', items: [tensor()] }], [3, tensor()]);
    const { tensors } = walkTree(root);
    expect(tensors.map((t) => t.path)).toEqual([['model', 'a.weight'], ['model', 'a.bias'], ['list', 0], ['3']]);
    expect(tensors[0]!.aliases).toEqual([['ema', 'a.weight']]);
  });

  it('enters object states by attribute name and call arguments under __args__', () => {
    const root = dict(['args', obj('Namespace', dict(['lr', 0.1], ['w', tensor()]))], ['wrapped', { ...obj('Box', null), states: [], args: [1, tensor()] }]);
    const { tensors } = walkTree(root);
    expect(tensors.map((t) => t.path)).toEqual([['args', 'w'], ['wrapped', '__args__', 1]]);
    for (const t of tensors) expect((valueAt(root, t.path) as PyTensor).info).toBe(t.info);
  });

  it('finds state dicts: string keys, at least one tensor, tensors at least half the values', () => {
    const root = dict(
      ['state_dict', dict(['w', tensor()], ['b', tensor()], ['note', 'x'])],
      ['hyper', dict(['lr', 0.1], ['w', tensor()], ['x', 1])],
      ['optimizer', dict(['state', dict([0, dict(['exp_avg', tensor()], ['exp_avg_sq', tensor()])])], ['param_groups', { kind: 'list', items: [] }])],
      ['trainer', dict(['var_wo_ddp', dict(['x', tensor()])])],
    );
    const { stateDicts } = walkTree(root);
    expect(stateDicts).toEqual([
      { path: ['state_dict'], keys: ['w', 'b'], nonTensor: ['note'] },
      { path: ['trainer', 'var_wo_ddp'], keys: ['x'], nonTensor: [] },
    ]);
  });

  it('drops small candidates nested in a candidate, keeps larger ones', () => {
    const big = dict(...Array.from({ length: 5 }, (_, i): [PyValue, PyValue] => [`k${i}`, tensor()]));
    const root = dict(['a', tensor()], ['b', tensor()], ['small', dict(['x', tensor()])], ['big', big]);
    expect(walkTree(root).stateDicts.map((s) => s.path)).toEqual([[], ['big']]);
  });

  it('gives whole nn.Module objects a state-dict view named by module path', () => {
    const od = (...e: [PyValue, PyValue][]): PyDict => ({ ...dict(...e), cls: { kind: 'global', module: 'collections', name: 'OrderedDict' } });
    const lin = (w: PyTensor) => obj('Linear', dict(['training', true], ['_parameters', od(['weight', w], ['bias', null])], ['_buffers', od()], ['_modules', od()]));
    const bn = obj('BatchNorm', dict(['_parameters', od()], ['_buffers', od(['running_mean', tensor()], ['tmp', tensor()])], ['_non_persistent_buffers_set', { kind: 'set', frozen: false, items: ['tmp'] }], ['_modules', od()]));
    const net = obj('Net', dict(['_parameters', od()], ['_buffers', od()], ['_modules', od(['fc', lin(tensor())], ['bn', bn])]));
    const root = dict(['model', net], ['epoch', 3]);
    const { stateDicts } = walkTree(root);
    expect(stateDicts).toEqual([{ path: ['model'], keys: ['fc.weight', 'bn.running_mean'], nonTensor: [] }]);
    expect(candidateTensors(root, stateDicts[0]!).map(([k]) => k)).toEqual(['fc.weight', 'bn.running_mean']);
  });

  it('visits shared containers once and ends on cycles', () => {
    let v: PyValue = dict(['w', tensor()]);
    for (let i = 0; i < 64; i++) v = { kind: 'list', items: [v, v] };
    expect(walkTree(v).tensors.length).toBe(1);
    const loop: PyDict = dict();
    loop.entries.push(['self', loop], ['w', tensor()]);
    expect(walkTree(loop).tensors.map((t) => t.path)).toEqual([['w']]);
  });

  it(`walks 100,000 tensors and ${hostileDepthName}-deep nesting`, () => {
    const sd = dict(...Array.from({ length: 100_000 }, (_, i): [PyValue, PyValue] => [`layer.${i}.weight`, tensor()]));
    const r = walkTree(dict(['state_dict', sd]));
    expect(r.tensors.length).toBe(100_000);
    expect(r.stateDicts[0]!.keys.length).toBe(100_000);
    let deep: PyValue = tensor();
    for (let i = 0; i < hostileDepth; i++) deep = { kind: 'list', items: [deep] };
    expect(walkTree(deep).tensors[0]!.path.length).toBe(hostileDepth);
  });
});
