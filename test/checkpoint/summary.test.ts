import { describe, expect, it } from 'vitest';
import { sharedStorages, summarizeLeaves, tensorTotals } from '../../src/checkpoint/summary.js';
import type { TensorRecord } from '../../src/checkpoint/types.js';
import type { PyDict, PyObject, PyValue } from '../../src/formats/pickle/values.js';
import type { StorageInfo, TensorInfo } from '../../src/formats/tensor.js';

const storage = (key: string, numel: number): StorageInfo => ({ key, dtype: 'float32', numel, device: 'cpu', bytes: null });
const rec = (path: string, info: Partial<TensorInfo> & { storage: StorageInfo }): TensorRecord => ({
  path: [path], aliases: [], info: { kind: 'tensor', dtype: 'float32', shape: [2, 3], stride: [3, 1], storageOffset: 0, requiresGrad: false, ...info },
});
const dict = (...entries: [PyValue, PyValue][]): PyDict => ({ kind: 'dict', entries });

describe('summary', () => {
  it('counts elements and bytes from shapes, not storage sizes', () => {
    const s = storage('0', 1000);
    const totals = tensorTotals([rec('a', { storage: s }), rec('b', { storage: s, dtype: 'float16', shape: [4] })]);
    expect(totals).toEqual({
      tensors: 2, elements: 10, bytes: 32,
      byDtype: { float32: { tensors: 1, elements: 6, bytes: 24 }, float16: { tensors: 1, elements: 4, bytes: 8 } },
    });
  });

  it('lists storages viewed by several tensors (tied weights)', () => {
    const tied = storage('7', 6);
    const out = sharedStorages([rec('emb', { storage: tied }), rec('head', { storage: tied }), rec('other', { storage: storage('8', 6) })]);
    expect(out).toEqual([{ key: '7', dtype: 'float32', numel: 6, paths: [['emb'], ['head']], views: 1 }]);
    // rows of one storage are views of other parts, not one tensor (review 14 F11)
    const base = storage('9', 6);
    const rows = sharedStorages([rec('r0', { storage: base, shape: [3], stride: [1] }), rec('r1', { storage: base, shape: [3], stride: [1], storageOffset: 3 }), rec('c0', { storage: base, shape: [2], stride: [3] })]);
    expect(rows.map((r) => r.views)).toEqual([3]);
  });

  it('lists shared storages in the order first met, each with every tensor on it in file order', () => {
    const [a, b, meta] = [storage('a', 6), storage('b', 6), storage('', 0)];
    // b's second tensor comes before a's: a still comes first, as the storage met first
    const out = sharedStorages([
      rec('a1', { storage: a }), rec('b1', { storage: b }), rec('m1', { storage: meta }), rec('b2', { storage: b }),
      rec('a2', { storage: a }), rec('m2', { storage: meta }), rec('lone', { storage: storage('c', 6) }), rec('a3', { storage: a }),
    ]);
    expect(out.map((s) => [s.key, s.paths.map((p) => p[0])])).toEqual([['a', ['a1', 'a2', 'a3']], ['b', ['b1', 'b2']]]);
  });

  it('summarises non-tensor leaves: numbers, mapping keys, Namespace attributes; skips tensors and state dicts', () => {
    const t: PyValue = { kind: 'tensor', info: rec('x', { storage: storage('0', 6) }).info, original: null };
    const ns: PyObject = {
      kind: 'object', via: 'reduce', callable: { kind: 'global', module: 'argparse', name: 'Namespace' }, args: [], kwargs: null,
      states: [dict(['lr', { kind: 'float', value: 0.1 }], ['epochs', 90], ['arch', 'resnet50'])], listItems: [], dictItems: [],
    };
    const root = dict(['epoch', 7], ['state_dict', dict(['w', t])], ['optimizer', dict(['state', dict()], ['param_groups', { kind: 'list', items: [] }])], ['args', ns], ['best', { kind: 'float', value: 1 }]);
    expect(summarizeLeaves(root)).toEqual([
      { path: ['epoch'], text: '7' },
      { path: ['optimizer'], text: '{state, param_groups}' },
      { path: ['args'], text: 'Namespace(lr=0.1, epochs=90, arch="resnet50")' },
      { path: ['best'], text: '1.0' },
    ]);
  });

  it('limits text length and line count, and stays shallow on deep nesting', () => {
    let deep: PyValue = 1;
    for (let i = 0; i < 100_000; i++) deep = { kind: 'list', items: [deep] };
    const root = dict(['deep', deep], ['long', 'x'.repeat(10_000)], ...Array.from({ length: 500 }, (_, i): [PyValue, PyValue] => [`k${i}`, i]));
    const lines = summarizeLeaves(root, { maxText: 40, maxLines: 50 });
    expect(lines.length).toBe(50);
    expect(lines[0]!.text).toBe('[[[[…]]]]');
    expect(lines[1]!.text.length).toBeLessThanOrEqual(40);
  });
});
