import { describe, expect, it } from 'vitest';
import type { PyDict, PyList, PyTensor, PyValue } from '../../../src/formats/pickle/values.js';
import { interpret } from '../../../src/formats/torch/interpret.js';
import { call, dict, emptyHooks, g, pid, rebuildV2, storagePid, testContext, tup } from './values.js';
import { hostileDepth, hostileDepthName } from '../../helpers/tier.js';

const asTensor = (v: PyValue): PyTensor => {
  if (typeof v !== 'object' || v === null || v.kind !== 'tensor') throw new Error(`not a tensor: ${JSON.stringify(v)}`);
  return v;
};

describe('interpret: tensors', () => {
  it('rebuilds _rebuild_tensor_v2 with its storage, offset, shape, stride and requires_grad', () => {
    const ctx = testContext();
    const src = rebuildV2(storagePid('3', 'HalfStorage', 20), 4, [2, 3], [1, 2], true);
    const t = asTensor(interpret(src, ctx).value);
    expect(t.info).toMatchObject({ kind: 'tensor', dtype: 'float16', shape: [2, 3], stride: [1, 2], storageOffset: 4, requiresGrad: true });
    expect(t.info.storage).toMatchObject({ key: '3', dtype: 'float16', numel: 20, device: 'cpu' });
    expect(t.original).toBe(src);
  });

  it('shares one storage record between tensors on the same key (tied weights)', () => {
    const ctx = testContext();
    const s = storagePid('0');
    const out = interpret(tup(rebuildV2(s, 0, [6], [1]), rebuildV2(storagePid('0'), 2, [2], [1])), ctx).value as { items: PyValue[] };
    expect(asTensor(out.items[0]!).info.storage).toBe(asTensor(out.items[1]!).info.storage);
  });

  it('reads old _rebuild_tensor and Parameter via REDUCE (torch < 0.4)', () => {
    const data = call(g('torch._utils', '_rebuild_tensor'), [storagePid('1'), 0, tup(2, 3), tup(3, 1)]);
    const p = asTensor(interpret(call(g('torch.nn.parameter', 'Parameter'), [data, true]), testContext()).value);
    expect(p.info).toMatchObject({ kind: 'parameter', requiresGrad: true, shape: [2, 3] });
  });

  it('takes the dtype of an untyped storage from _rebuild_tensor_v3', () => {
    const src = call(g('torch._utils', '_rebuild_tensor_v3'), [
      pid('storage', g('torch', 'UntypedStorage'), '0', 'cpu', 16), 0, tup(4), tup(1), false, emptyHooks(), g('torch', 'uint32'),
    ]);
    expect(asTensor(interpret(src, testContext()).value).info.dtype).toBe('uint32');
  });

  it('wraps parameters and tensor subclasses (_rebuild_parameter, _rebuild_from_type_v2)', () => {
    const inner = rebuildV2(storagePid('0'), 0, [6], [1]);
    const p = asTensor(interpret(call(g('torch._utils', '_rebuild_parameter'), [inner, false, emptyHooks()]), testContext()).value);
    expect(p.info).toMatchObject({ kind: 'parameter', requiresGrad: false });
    const sub = call(g('torch._tensor', '_rebuild_from_type_v2'), [
      g('torch._utils', '_rebuild_tensor_v2'), g('__main__', 'MyTensor'), tup(storagePid('0'), 0, tup(6), tup(1), false, emptyHooks()), dict(),
    ]);
    expect(asTensor(interpret(sub, testContext()).value).info.shape).toEqual([6]);
  });

  it('reads per-tensor and per-channel quantization; per-channel scales stay nested in the call', () => {
    const perTensor = call(g('torch._utils', '_rebuild_qtensor'), [
      storagePid('0', 'QInt8Storage'), 0, tup(2), tup(1), tup(g('torch', 'per_tensor_affine'), { kind: 'float', value: 0.5 }, 3), false, emptyHooks(),
    ]);
    expect(asTensor(interpret(perTensor, testContext()).value).info.quantization).toEqual({ scheme: 'per_tensor_affine', scale: 0.5, zeroPoint: 3 });
    const scales = rebuildV2(storagePid('1', 'DoubleStorage', 2), 0, [2], [1]);
    const perChannel = call(g('torch._utils', '_rebuild_qtensor'), [
      storagePid('0', 'QUInt8Storage'), 0, tup(2, 2), tup(2, 1), tup(g('torch', 'per_channel_affine'), scales, scales, 1), false, emptyHooks(),
    ]);
    const t = asTensor(interpret(perChannel, testContext()).value);
    expect(t.info).toMatchObject({ kind: 'qtensor', dtype: 'quint8', quantization: { scheme: 'per_channel_affine', axis: 1 } });
  });

  it('keeps a malformed rebuild as a call and says so', () => {
    const ctx = testContext();
    const bad = call(g('torch._utils', '_rebuild_tensor_v2'), [storagePid('0'), 'x', tup(2), tup(1)]);
    const v = interpret(bad, ctx).value;
    expect((v as { kind: string }).kind).toBe('object');
    expect(ctx.warnings.length).toBe(1);
  });

  it('applies a legacy storage view offset to the tensor offset', () => {
    const view = pid('storage', g('torch', 'FloatStorage'), 'root', 'cpu', 100, tup('view', 40, 10));
    const t = asTensor(interpret(rebuildV2(view, 2, [3], [1]), testContext()).value);
    expect(t.info.storageOffset).toBe(42);
    expect(t.info.storage.key).toBe('root');
  });

  it("returns the class of ('module', cls, file, source) persistent ids", () => {
    const cls = g('torch.nn.modules.linear', 'Linear');
    const obj = call(pid('module', cls, 'linear.py', 'class Linear: ...'), [], { via: 'newobj' });
    expect((interpret(obj, testContext()).value as { callable: PyValue }).callable).toEqual(cls);
  });
});

describe('interpret: containers and numpy', () => {
  it('turns OrderedDict into a dict that keeps its class, _metadata state and the original call', () => {
    const t = rebuildV2(storagePid('0'), 0, [6], [1]);
    const meta = dict(['_metadata', dict(['', dict(['version', 1])])]);
    const od = call(g('collections', 'OrderedDict'), [], { dictItems: [['w', t]], states: [meta] });
    const d = interpret(od, testContext()).value as PyDict;
    expect(d.kind).toBe('dict');
    expect(d.cls).toEqual(g('collections', 'OrderedDict'));
    expect(d.entries[0]![0]).toBe('w');
    expect((d.entries[0]![1] as PyTensor).kind).toBe('tensor');
    expect(d.attrs).toEqual(meta);
    expect(d.original).toBe(od);
    expect((od.dictItems[0]![1] as { kind: string }).kind).toBe('object'); // the input is not modified
  });

  it('reads OrderedDict([(k, v), …]) as py2-era files pass it', () => {
    const d = interpret(call(g('collections', 'OrderedDict'), [{ kind: 'list', items: [tup('a', 1), tup('b', 2)] }]), testContext()).value as PyDict;
    expect(d.entries).toEqual([['a', 1], ['b', 2]]);
  });

  it('rebuilds a numpy array pickled with _codecs.encode bytes (protocol 2) into an ndarray tensor', () => {
    const dtype = call(g('numpy', 'dtype'), ['f4', false, true], { states: [tup(3, '<', null, null, null, -1, -1, 0)] });
    const raw = call(g('_codecs', 'encode'), ['\u0000\u0000\u0080?\u0000\u0000\u0000@', 'latin1']);
    const arr = call(g('numpy.core.multiarray', '_reconstruct'), [g('numpy', 'ndarray'), tup(0), { kind: 'bytes', flavor: 'bytes', length: 1, data: new Uint8Array([98]), fileOffset: null }], {
      states: [tup(1, tup(2), dtype, false, raw)],
    });
    const t = asTensor(interpret(arr, testContext()).value);
    expect(t.info).toMatchObject({ kind: 'ndarray', dtype: 'float32', shape: [2], stride: [1] });
    expect(t.info.storage.bytes).toEqual({ kind: 'memory', bytes: new Uint8Array([0, 0, 0x80, 0x3f, 0, 0, 0, 0x40]) });
  });

  it('points an uncopied numpy payload at its place in the file, and gives Fortran arrays Fortran strides', () => {
    const dtype = call(g('numpy', 'dtype'), ['f8', false, true], { states: [tup(3, '<', null, null, null, -1, -1, 0)] });
    const payload = { kind: 'bytes' as const, flavor: 'bytes' as const, length: 48, data: null, fileOffset: 1000 };
    const arr = call(g('numpy._core.multiarray', '_reconstruct'), [g('numpy', 'ndarray'), tup(0), 'b'], { states: [tup(1, tup(2, 3), dtype, true, payload)] });
    const t = asTensor(interpret(arr, testContext()).value);
    expect(t.info.stride).toEqual([1, 2]);
    expect(t.info.storage.bytes).toEqual({ kind: 'raw', file: 'f', offset: 1000, length: 48 });
  });

  it('decodes numpy scalars', () => {
    const dtype = call(g('numpy', 'dtype'), ['f8', false, true], { states: [tup(3, '<', null, null, null, -1, -1, 0)] });
    const bytes = new Uint8Array(new Float64Array([0.25]).buffer);
    const v = interpret(call(g('numpy.core.multiarray', 'scalar'), [dtype, { kind: 'bytes', flavor: 'bytes', length: 8, data: bytes, fileOffset: null }]), testContext()).value;
    expect(v).toEqual({ kind: 'float', value: 0.25 });
  });

  it('leaves object arrays symbolic: they are not tensors', () => {
    const dtype = call(g('numpy', 'dtype'), ['O8', false, true], { states: [tup(3, '|', null, null, null, -1, -1, 63)] });
    const arr = call(g('numpy.core.multiarray', '_reconstruct'), [g('numpy', 'ndarray'), tup(0), 'b'], { states: [tup(1, tup(1), dtype, false, { kind: 'list', items: [1] })] });
    expect((interpret(arr, testContext()).value as { kind: string }).kind).toBe('object');
  });
});

describe('interpret: hostile shapes', () => {
  it('keeps a shared-reference bomb linear (billion laughs) and shares the result', () => {
    let v: PyValue = 'lol';
    for (let i = 0; i < 60; i++) v = { kind: 'list', items: [v, v, v, v, v, v, v, v, v, v] } as PyList;
    const out = interpret(v, testContext()).value as PyList;
    expect(out.items[0]).toBe(out.items[9]);
  });

  it(`survives ${hostileDepthName}-deep nesting`, () => {
    let v: PyValue = rebuildV2(storagePid('0'), 0, [6], [1]);
    for (let i = 0; i < hostileDepth; i++) v = { kind: 'list', items: [v] };
    let out = interpret(v, testContext()).value;
    let depth = 0;
    while (typeof out === 'object' && out !== null && out.kind === 'list') {
      out = out.items[0]!;
      depth++;
    }
    expect(depth).toBe(hostileDepth);
    expect(asTensor(out).info.shape).toEqual([6]);
  });

  it('ends on cycles: a list containing itself interprets to a list containing itself', () => {
    const l: PyList = { kind: 'list', items: [] };
    l.items.push(l, 1);
    const out = interpret(l, testContext()).value as PyList;
    expect(out.items[0]).toBe(out);
    expect(out).not.toBe(l);
  });
});

describe('interpret: sharing with the input', () => {
  it('copies only the containers on the way to an interpreted node', () => {
    const plain: PyList = { kind: 'list', items: [tup(1, 2), 'a'] };
    const t = rebuildV2(storagePid('0'), 0, [6], [1]);
    const root = dict(['plain', plain], ['t', t]);
    const out = interpret(root, testContext(), new Set()).value as PyDict;
    expect(out).not.toBe(root);
    expect(out.entries[0]![1]).toBe(plain);
    expect(asTensor(out.entries[1]![1]).original).toBe(t);
    expect(root.entries[1]![1]).toBe(t); // the input is not modified
    const untouched = dict(['plain', plain]);
    expect(interpret(untouched, testContext(), new Set()).value).toBe(untouched);
  });

  it('interprets a node the machine calls shared once, and follows cycles through it', () => {
    const t = rebuildV2(storagePid('0'), 0, [6], [1]);
    const twice: PyList = { kind: 'list', items: [t, t] };
    const out = interpret(twice, testContext(), new Set([t])).value as PyList;
    expect(out.items[0]).toBe(out.items[1]);
    const l: PyList = { kind: 'list', items: [] };
    l.items.push(l, rebuildV2(storagePid('1'), 0, [6], [1]));
    const cyc = interpret(l, testContext(), new Set([l])).value as PyList;
    expect(cyc.items[0]).toBe(cyc);
    expect(cyc).not.toBe(l);
    expect(asTensor(cyc.items[1]!).info.storage.key).toBe('1');
  });

  it('gives the same trees with and without the sharing facts', () => {
    const t = rebuildV2(storagePid('2'), 0, [2, 3], [3, 1]);
    const od = call(g('collections', 'OrderedDict'), [], { dictItems: [['w', t], ['n', tup(1)]] });
    const root = dict(['sd', od], ['again', od], ['epoch', 3]);
    expect(interpret(root, testContext(), new Set([od])).value).toEqual(interpret(root, testContext()).value);
  });
});

describe('interpret: plain rebuilds read without walking their arguments', () => {
  const v3 = (storage: PyValue, dtype: string): PyValue =>
    call(g('torch._utils', '_rebuild_tensor_v3'), [storage, 0, tup(4), tup(1), false, emptyHooks(), g('torch', dtype)]);

  it('shares the shape and stride tuples\' item arrays when they are plain counts, copies them when not', () => {
    const shape = tup(2, 3);
    const stride = tup(3, 1);
    const src = call(g('torch._utils', '_rebuild_tensor_v2'), [storagePid('0'), 0, shape, stride, false, emptyHooks()]);
    const t = asTensor(interpret(src, testContext()).value);
    expect(t.info.shape).toBe(shape.items);
    expect(t.info.stride).toBe(stride.items);
    const big = call(g('torch._utils', '_rebuild_tensor_v2'), [storagePid('0'), 0n, tup(2n, 3), tup(3, 1n), false, emptyHooks()]);
    const b = asTensor(interpret(big, testContext()).value).info;
    expect(b.shape).toEqual([2, 3]);
    expect(b.stride).toEqual([3, 1]);
    expect(b.storageOffset).toBe(0);
  });

  it('still walks arguments that interpretation could act on: storages nested in them are made, in order', () => {
    const nested = rebuildV2(storagePid('1'), 0, [2], [1]);
    const hooks = call(g('collections', 'OrderedDict'), [], { dictItems: [['h', nested]] });
    const outer = call(g('torch._utils', '_rebuild_tensor_v2'), [storagePid('0'), 0, tup(6), tup(1), true, hooks]);
    const ctx = testContext();
    const out = interpret(tup(outer, rebuildV2(storagePid('2'), 0, [6], [1])), ctx).value as { items: PyValue[] };
    const t = asTensor(out.items[0]!);
    expect(t.original).toBe(outer);
    expect(t.info).toMatchObject({ shape: [6], requiresGrad: true, storage: { key: '0' } });
    expect([...ctx.made.keys()]).toEqual(['0', '1', '2']);
    expect(ctx.warnings).toEqual([]);
  });

  it('warns once and keeps the call when the storage cannot be resolved or the id is not a storage', () => {
    const untyped = call(g('torch._utils', '_rebuild_tensor_v2'), [pid('storage', g('torch', 'UntypedStorage'), '0', 'cpu', 4), 0, tup(4), tup(1), false, emptyHooks()]);
    const ctx = testContext();
    expect(interpret(untyped, ctx).value).toMatchObject({ kind: 'object' });
    expect(ctx.warnings).toEqual(['a tensor rebuild call with arguments that do not describe a tensor was kept as a call']);
    const odd = call(g('torch._utils', '_rebuild_tensor_v2'), [pid('weird', 1), 0, tup(4), tup(1), false, emptyHooks()]);
    const ctx2 = testContext();
    expect(interpret(odd, ctx2).value).toMatchObject({ kind: 'object' });
    expect(ctx2.warnings).toHaveLength(2);
    expect(ctx2.warnings[0]).toContain('unrecognised persistent id');
    expect(ctx2.made.size).toBe(0);
  });

  it('an untyped storage shared by two rebuilds keeps the dtype of the first, as when every argument is walked', () => {
    const s = pid('storage', g('torch', 'UntypedStorage'), '0', 'cpu', 16);
    const ctx = testContext();
    const out = interpret(tup(v3(s, 'float32'), v3(s, 'int8')), ctx).value as { items: PyValue[] };
    expect(asTensor(out.items[0]!).info.storage).toBe(asTensor(out.items[1]!).info.storage);
    expect(asTensor(out.items[1]!).info.dtype).toBe('int8');
    expect([...ctx.made.values()].map((x) => x.dtype)).toEqual(['float32']);
  });

  it('gives the same tree, storages and warnings whichever path a rebuild takes', () => {
    // the same rebuild, once plain (read directly) and once with a BUILD state (walked), in both orders
    const plain = rebuildV2(storagePid('5', 'HalfStorage', 12), 2, [2, 5], [5, 1], true);
    const built = call(plain.callable, plain.args, { states: [dict()] });
    const a = testContext();
    const b = testContext();
    const ta = asTensor(interpret(plain, a).value);
    const tb = asTensor(interpret(built, b).value);
    expect({ ...ta.info, storage: ta.info.storage }).toEqual({ ...tb.info, storage: tb.info.storage });
    expect(ta.original).toBe(plain);
    expect(tb.original).toBe(built);
    expect(a.warnings).toEqual(b.warnings);
    expect([...a.made.entries()]).toEqual([...b.made.entries()]);
  });
});
