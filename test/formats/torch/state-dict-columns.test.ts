import { describe, expect, it } from 'vitest';
import { readPickle } from '../../../src/formats/pickle/machine.js';
import type { PyDict, PyGlobal, PyObject, PyValue } from '../../../src/formats/pickle/values.js';
import { writePickle } from '../../../src/formats/pickle/writer.js';
import { BufferSource } from '../../../src/formats/byte-source.js';
import { DTYPE_NAMES, scanStateDictColumns } from '../../../src/formats/torch/state-dict-columns.js';
import { treeFromColumns } from '../../../src/formats/torch/state-dict-tree.js';

/**
 * The columns scanner takes only what torch.save writes for a flat state dict and declines (null) the
 * rest, which the full machine then reads. What it takes, it must report as the machine does.
 */

const G = (module: string, name: string): PyGlobal => ({ kind: 'global', module, name });
const ORDERED_DICT = G('collections', 'OrderedDict');
const call = (callable: PyValue, args: PyValue[], extra: Partial<PyObject> = {}): PyObject => ({
  kind: 'object', via: 'reduce', callable, args, kwargs: null, states: [], listItems: [], dictItems: [], ...extra,
});
const tuple = (items: PyValue[]): PyValue => ({ kind: 'tuple', items });
const hooks = (): PyDict => ({ kind: 'dict', entries: [], cls: ORDERED_DICT });

function rebuild(key: string, shape: number[], stride: number[], opts: { storage?: string; offset?: number; grad?: boolean; hooks?: PyValue } = {}): PyObject {
  const pid: PyValue = { kind: 'persid', pid: tuple(['storage', G('torch', 'HalfStorage'), key, 'cpu', 64]) };
  return call(G('torch._utils', '_rebuild_tensor_v2'), [pid, opts.offset ?? 0, tuple(shape), tuple(stride), opts.grad ?? false, opts.hooks ?? hooks()]);
}

const stateDict = (entries: [PyValue, PyValue][], extra: Partial<PyDict> = {}): PyDict => ({ kind: 'dict', entries, cls: ORDERED_DICT, ...extra });

describe('scanStateDictColumns', () => {
  it('reads a torch.save state dict into columns, with the globals the machine lists', () => {
    const bytes = writePickle(stateDict([
      ['a.weight', rebuild('0', [4, 2], [2, 1])],
      ['a.bias', rebuild('1', [4], [1], { grad: true })],
      ['b', rebuild('0', [2, 2], [1, 2], { offset: 3 })],
      ['big', rebuild('2', [70_000_000], [1])],
    ]));
    const c = scanStateDictColumns(bytes)!;
    expect(c).not.toBeNull();
    expect(c.count).toBe(4);
    const text = new TextDecoder();
    expect(Array.from({ length: 4 }, (_, i) => text.decode(bytes.subarray(c.keyStart[i]!, c.keyStart[i]! + c.keyLength[i]!)))).toEqual(['a.weight', 'a.bias', 'b', 'big']);
    expect([...c.storage]).toEqual([0, 1, 0, 2]);
    expect([...c.storageOffset]).toEqual([0, 0, 3, 0]);
    expect([...c.requiresGrad]).toEqual([0, 1, 0, 0]);
    expect(DTYPE_NAMES[c.dtype[0]!]).toBe('float16');
    expect(Array.from(c.dims.subarray(c.dimsAt[2]!, c.dimsAt[2]! + 4))).toEqual([2, 2, 1, 2]);
    expect(c.dims[c.dimsAt[3]!]).toBe(70_000_000);
    expect(c.storageCount).toBe(3);
    expect(c.devices).toEqual(['cpu']);
    const r = readPickle(new BufferSource(bytes, 'x'));
    expect(c.globals).toEqual(r.globals);
    expect(c.protocol).toBe(r.protocol);
  });

  it('takes the _metadata BUILD torch writes after the items', () => {
    const meta: PyDict = { kind: 'dict', entries: [['_metadata', { kind: 'dict', entries: [['', { kind: 'dict', entries: [['version', 1]] }]], cls: ORDERED_DICT }]] };
    const sd = call(ORDERED_DICT, [], { dictItems: [['w', rebuild('0', [2], [1])]], states: [meta] });
    expect(scanStateDictColumns(writePickle(sd))?.count).toBe(1);
  });

  it('declines everything else, for the full machine to read', () => {
    const t = rebuild('0', [2], [1]);
    const declined: [string, PyValue][] = [
      ['a repeated key (Python keeps the first place and the last value)', stateDict([['w', rebuild('0', [2], [1])], ['w', rebuild('1', [2], [1])]])],
      ['a tensor reached twice (the writer fetches it from the memo)', stateDict([['w', t], ['v', t]])],
      ['any other global', stateDict([['w', rebuild('0', [2], [1])], ['x', call(G('os', 'system'), ['echo'])]])],
      ['a tensor rebuild of another kind', stateDict([['w', call(G('torch._utils', '_rebuild_parameter'), [rebuild('0', [2], [1]), false, hooks()])]])],
      ['backward hooks that are not empty', stateDict([['w', rebuild('0', [2], [1], { hooks: stateDict([['h', 1]]) })]])],
      ['a shape and stride of different ranks', stateDict([['w', rebuild('0', [2, 2], [1])]])],
      ['a negative dimension', stateDict([['w', rebuild('0', [-2], [1])]])],
      ['a storage key that is not a canonical number', stateDict([['w', rebuild('007', [2], [1])]])],
      ['a non-ASCII key', stateDict([['wé', rebuild('0', [2], [1])]])],
      ['an empty state dict', stateDict([])],
      ['a list at the root', { kind: 'list', items: [rebuild('0', [2], [1])] }],
    ];
    for (const [why, value] of declined) expect(scanStateDictColumns(writePickle(value)), why).toBeNull();
  });

  it('reads nested containers (Lightning, DeepSpeed, optimizer state) into entries, a flat state dict without them', () => {
    const flat = scanStateDictColumns(writePickle(stateDict([['w', rebuild('0', [2], [1])]])))!;
    expect(flat.nested).toBeNull();
    const inner = stateDict([['x', rebuild('1', [2], [1])]]);
    const state: PyDict = { kind: 'dict', entries: [[0, { kind: 'dict', entries: [['exp_avg', rebuild('2', [2], [1])], ['step', 3]] }]] };
    const groups: PyValue = { kind: 'list', items: [{ kind: 'dict', entries: [['lr', { kind: 'float', value: 0.001 }], ['betas', tuple([{ kind: 'float', value: 0.9 }, 2])], ['params', { kind: 'list', items: [0] }], ['foreach', null]] }] };
    const c = scanStateDictColumns(writePickle({ kind: 'dict', entries: [['w', rebuild('0', [2], [1])], ['state_dict', inner], ['optimizer', { kind: 'dict', entries: [['state', state], ['param_groups', groups]] }], ['epoch', 3], ['name', 'run']] }))!;
    expect(c.count).toBe(3);
    expect(c.nested).not.toBeNull();
    expect(c.nested!.entries).toBeGreaterThan(10);
  });

  it('declines what nesting cannot say exactly', () => {
    const t = rebuild('0', [2], [1]);
    const d = { kind: 'dict', entries: [['a', rebuild('1', [2], [1])]] } as PyDict;
    const declined: [string, PyValue][] = [
      ['a repeated key in a nested dict', { kind: 'dict', entries: [['w', t], ['sd', stateDict([['x', rebuild('1', [2], [1])], ['x', rebuild('2', [2], [1])]])]] }],
      ['a repeated int key', { kind: 'dict', entries: [['w', t], ['state', { kind: 'dict', entries: [[0, 1], [0, 2]] }]] }],
      ['a dict reached twice (fetched from the memo)', { kind: 'dict', entries: [['a', d], ['b', d]] }],
      ['a negative int (its value is not kept)', { kind: 'dict', entries: [['w', t], ['n', -1]] }],
      ['a non-ASCII str value', { kind: 'dict', entries: [['w', t], ['n', 'é']] }],
      ['a float key', { kind: 'dict', entries: [['w', t], [{ kind: 'float', value: 1.5 }, 1]] }],
      ['a tuple holding a tensor', { kind: 'dict', entries: [['w', tuple([t])]] }],
      ['a list of tensors under a tuple', { kind: 'dict', entries: [['w', t], ['x', tuple([{ kind: 'list', items: [] }])]] }],
      ['bytes', { kind: 'dict', entries: [['w', t], ['b', { kind: 'bytes', flavor: 'bytes', data: new Uint8Array(2), length: 2, fileOffset: null } as unknown as PyValue]] }],
    ];
    for (const [why, value] of declined) expect(scanStateDictColumns(writePickle(value)), why).toBeNull();
  });

  it('makes no tree when a tensor sits where the walk does not look (an OrderedDict BUILD state)', () => {
    const meta: PyDict = { kind: 'dict', entries: [['_metadata', { kind: 'dict', entries: [['hidden', rebuild('1', [2], [1])]] }]] };
    const sd = call(ORDERED_DICT, [], { dictItems: [['w', rebuild('0', [2], [1])]], states: [meta] });
    const c = scanStateDictColumns(writePickle(sd))!;
    expect(c.nested).not.toBeNull();
    const storages = { file: 'x', numel: new Float64Array(2).fill(2), offset: new Float64Array(2), length: new Float64Array(2).fill(4), crc32: new Uint32Array(2) };
    expect(treeFromColumns(c, storages)).toBeNull();
    // and the same without the hidden tensor is a tree of one tensor
    const plain = scanStateDictColumns(writePickle({ kind: 'dict', entries: [['sd', stateDict([['w', rebuild('0', [2], [1])]])], ['epoch', 1]] }))!;
    const tree = treeFromColumns(plain, storages) as PyDict;
    expect(tree.entries.map(([k]) => k)).toEqual(['sd', 'epoch']);
    expect((tree.entries[0]![1] as PyDict).entries[0]![1]).toMatchObject({ kind: 'tensor', info: { dtype: 'float16', shape: [2], storage: { key: '0' } } });
  });

  it('declines a stream cut anywhere, and one storage number named with two dtypes', () => {
    const bytes = writePickle(stateDict([['w', rebuild('0', [2], [1])], ['v', rebuild('1', [2], [1])]]));
    for (let n = 0; n < bytes.length; n++) expect(scanStateDictColumns(bytes.subarray(0, n)), `cut at ${n}`).toBeNull();
    const other = rebuild('0', [2], [1]);
    (other.args[0] as { pid: { items: PyValue[] } }).pid.items[1] = G('torch', 'FloatStorage');
    expect(scanStateDictColumns(writePickle(stateDict([['w', rebuild('0', [2], [1])], ['v', other]])))).toBeNull();
  });
});
