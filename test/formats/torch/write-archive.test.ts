import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemSize } from '../../../src/formats/dtype.js';
import type { PyDict, PyTensor, PyValue } from '../../../src/formats/pickle/values.js';
import { readTensorBytes, transposeBytes } from '../../../src/formats/storage-copy.js';
import { defaultArchiveName, writeShardedTorch, writeTorchArchive } from '../../../src/formats/torch/write-archive.js';
import { openCheckpoint } from '../../../src/checkpoint/open.js';
import { describeWithTorch, readTorchArchiveForTest, runPython, tempDir } from '../../helpers/torch.js';

/** A state dict exercising what the writer must preserve: views, ties, aliases, every dtype, NaN payloads. */
const MAKE_STATE_DICT = `
import torch, sys
torch.manual_seed(0)
class M(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = torch.nn.Linear(4, 3)
        self.bn = torch.nn.BatchNorm1d(3)
        self.emb = torch.nn.Embedding(6, 4)
m = M()
sd = m.state_dict()
sd['tied'] = m.emb.weight.detach()          # another tensor on the same storage
sd['alias'] = sd['fc.bias']                 # the very same tensor object twice
sd['fc_t'] = sd['fc.weight'].t()            # a view with its own strides
sd['rows'] = sd['emb.weight'][2:4]          # a view with a storage offset
sd['h'] = torch.randn(5).half()
sd['bf'] = torch.randn(3, 2).bfloat16()
sd['i8'] = torch.randint(-128, 127, (7,), dtype=torch.int8)
sd['u8'] = torch.randint(0, 255, (2, 3), dtype=torch.uint8)
sd['b'] = torch.rand(9) > 0.5
sd['i16'] = torch.randint(-3000, 3000, (4,), dtype=torch.int16)
sd['i32'] = torch.randint(-70000, 70000, (4,), dtype=torch.int32)
sd['f64'] = torch.randn(2, 2, dtype=torch.float64)
sd['c64'] = torch.randn(3, dtype=torch.complex64)
sd['nan'] = torch.tensor([0x7f800001, -4194303, 0x7fc00000, 1], dtype=torch.int32).view(torch.float32)
sd['scalar'] = torch.tensor(3.0)
sd['empty'] = torch.zeros(0, 3)
torch.save(sd, sys.argv[1])
`;

/** A training checkpoint: the state dict inside objects sdmatch must carry over untouched. */
const MAKE_CONTAINER = `
import torch, sys, collections
torch.manual_seed(1)
lin = torch.nn.Linear(3, 2)
opt = torch.optim.Adam(lin.parameters(), lr=0.5)
lin(torch.randn(4, 3)).sum().backward(); opt.step()
torch.save({'epoch': 3, 'loss': 0.25, 'big': 2**70, 'name': 'run-1', 'flags': (True, None), 'blob': b'\\x00\\xff', 'tags': {1, 2},
            'model': lin.state_dict(), 'optimizer': opt.state_dict(),
            'param': torch.nn.Parameter(torch.randn(2)), 'frozen': torch.nn.Parameter(torch.randn(2), requires_grad=False),
            'grad': torch.randn(2).requires_grad_()}, sys.argv[1])
`;

/** Compares two checkpoints as loaded by torch, and checks the second archive's layout. Prints JSON. */
const CHECK = `
import torch, sys, zipfile, struct, ctypes, json

def raw(t):
    s = t.storage()
    return ctypes.string_at(s.data_ptr(), s.nbytes()) if s.nbytes() else b''

def same(a, b, path):
    assert type(a) is type(b), (path, type(a), type(b))
    if isinstance(a, torch.Tensor):
        assert (a.dtype, a.shape, a.stride(), a.storage_offset(), a.requires_grad) == (b.dtype, b.shape, b.stride(), b.storage_offset(), b.requires_grad), (path, a.dtype, b.dtype, a.stride(), b.stride())
        assert a.storage().size() == b.storage().size(), path
        assert raw(a) == raw(b), path
    elif isinstance(a, dict):
        assert list(a.keys()) == list(b.keys()), path
        for k in a: same(a[k], b[k], path + '/' + str(k))
        assert getattr(a, '_metadata', None) == getattr(b, '_metadata', None), path
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b)): same(x, y, path + '/' + str(i))
    else:
        assert a == b or (a != a and b != b), (path, a, b)

def tensors(v, path, acc):
    if isinstance(v, torch.Tensor): acc.append((path, v))
    elif isinstance(v, dict):
        for k, x in v.items(): tensors(x, path + '/' + str(k), acc)
    elif isinstance(v, (list, tuple)):
        for i, x in enumerate(v): tensors(x, path + '/' + str(i), acc)
    return acc

def sharing(root):
    by_storage, by_object = {}, {}
    for path, t in tensors(root, '', []):
        if t.storage().nbytes(): by_storage.setdefault(t.storage().data_ptr(), []).append(path)
        by_object.setdefault(id(t), []).append(path)
    return sorted(by_storage.values()), sorted(by_object.values())

ref, out_path = sys.argv[1], sys.argv[2]
a = torch.load(ref)
b = torch.load(out_path)
same(a, b, '')
assert sharing(a) == sharing(b), (sharing(a), sharing(b))
weights_only = None
try:
    same(a, torch.load(out_path, weights_only=True), '')
    weights_only = 'ok'
except Exception as e:
    weights_only = str(e)
z = zipfile.ZipFile(out_path)
assert z.testzip() is None
misaligned = []
with open(out_path, 'rb') as f:
    for info in z.infolist():
        f.seek(info.header_offset)
        n, e = struct.unpack('<HH', f.read(30)[26:30])
        if (info.header_offset + 30 + n + e) % 64: misaligned.append(info.filename)
zr = zipfile.ZipFile(ref)
pr, po = zr.namelist()[0].split('/')[0], z.namelist()[0].split('/')[0]
print(json.dumps({
    'names': z.namelist(),
    'misaligned': misaligned,
    'weights_only': weights_only,
    'pkl_identical': zr.read(pr + '/data.pkl') == z.read(po + '/data.pkl'),
    'storages': len([n for n in z.namelist() if '/data/' in n]),
    'ref_storages': len([n for n in zr.namelist() if '/data/' in n]),
}))
`;

interface CheckResult {
  names: string[];
  misaligned: string[];
  weights_only: string;
  pkl_identical: boolean;
  storages: number;
  ref_storages: number;
}

function check(ref: string, out: string): CheckResult {
  return JSON.parse(runPython(CHECK, [ref, out])) as CheckResult;
}

function entry(root: PyValue, key: string): PyValue {
  const d = root as PyDict;
  const e = d.entries.find(([k]) => k === key);
  if (!e) throw new Error(`no key ${key}`);
  return e[1];
}

describe('defaultArchiveName', () => {
  it('names the root folder after the file, as torch.save does', () => {
    expect(defaultArchiveName('/x/y/model.pt')).toBe('model');
    expect(defaultArchiveName('pytorch_model-00001-of-00002.bin')).toBe('pytorch_model-00001-of-00002');
    expect(defaultArchiveName('.pt')).toBe('.pt');
    expect(defaultArchiveName('noext')).toBe('noext');
  });
});

describeWithTorch('writeTorchArchive, checked with PyTorch', () => {
  let tmp: ReturnType<typeof tempDir>;
  let ref: string;
  beforeAll(() => {
    tmp = tempDir('write-archive');
    ref = join(tmp.dir, 'ref.pt');
    runPython(MAKE_STATE_DICT, [ref]);
  });
  afterAll(() => tmp.cleanup());

  it('rewrites a state dict: data.pkl byte-identical to torch.save, storages shared, views kept, bits exact', () => {
    const out = join(tmp.dir, 'out.pt');
    writeTorchArchive(out, readTorchArchiveForTest(ref));
    const r = check(ref, out);
    expect(r.pkl_identical).toBe(true);
    expect(r.misaligned).toEqual([]);
    expect(r.weights_only).toBe('ok');
    expect(r.storages).toBe(r.ref_storages);
    // torch.save's record order: data.pkl, (byteorder, as torch ≥ 2.1), storages in sorted key order, version
    const keys = r.names.filter((n) => n.startsWith('out/data/')).map((n) => n.slice('out/data/'.length));
    expect(keys).toEqual([...keys].sort());
    expect(keys.length).toBeGreaterThan(10);
    expect(r.names[0]).toBe('out/data.pkl');
    expect(r.names[1]).toBe('out/byteorder');
    expect(r.names[r.names.length - 1]).toBe('out/version');
  });

  it("round-trips through sdmatch's own reader: read → write gives torch.save's data.pkl back", () => {
    for (const name of ['ref.pt', 'full.pt']) {
      const src = join(tmp.dir, name);
      if (name === 'full.pt') runPython(MAKE_CONTAINER, [src]);
      const c = openCheckpoint(src);
      expect(c.error).toBeNull();
      const out = join(tmp.dir, `reread-${name}`);
      writeTorchArchive(out, c.root!);
      const r = check(src, out);
      expect(r.pkl_identical, name).toBe(true);
      expect(r.misaligned).toEqual([]);
    }
  });

  it('writes the whole container around a state dict (epoch, optimizer, parameters…) and loads equal', () => {
    const full = join(tmp.dir, 'container.pt');
    runPython(MAKE_CONTAINER, [full]);
    const out = join(tmp.dir, 'full-out.pt');
    writeTorchArchive(out, readTorchArchiveForTest(full));
    const r = check(full, out);
    expect(r.pkl_identical).toBe(true);
    expect(r.misaligned).toEqual([]);
  });

  it('drops storages no tensor uses any more, renames keys without touching bytes', () => {
    const root = readTorchArchiveForTest(ref) as PyDict;
    // drop every tensor on the h / bf storages, rename fc.weight (and its views keep their storage)
    root.entries = root.entries.filter(([k]) => k !== 'h' && k !== 'bf').map(([k, v]) => [k === 'fc.weight' ? 'linear.weight' : k, v]);
    const out = join(tmp.dir, 'dropped.pt');
    writeTorchArchive(out, root);
    const r = JSON.parse(runPython(`
import torch, sys, zipfile, json
sd = torch.load(sys.argv[2]); ref = torch.load(sys.argv[1])
z = zipfile.ZipFile(sys.argv[2])
print(json.dumps({'keys': list(sd.keys()), 'storages': len([n for n in z.namelist() if '/data/' in n]),
  'equal': torch.equal(sd['linear.weight'], ref['fc.weight']),
  'shared': sd['linear.weight'].storage().data_ptr() == sd['fc_t'].storage().data_ptr()}))`, [ref, out])) as {
      keys: string[]; storages: number; equal: boolean; shared: boolean;
    };
    expect(r.keys).not.toContain('h');
    expect(r.keys).toContain('linear.weight');
    expect(r.equal).toBe(true);
    expect(r.shared).toBe(true);
    expect(r.storages).toBe(check(ref, ref).storages - 2);
  });

  it('writes tensors rebuilt in memory (a transpose) with their new bytes', () => {
    const root = readTorchArchiveForTest(ref) as PyDict;
    const t = entry(root, 'fc.weight') as PyTensor;
    const bytes = transposeBytes(readTensorBytes(t.info), t.info.shape, itemSize(t.info.dtype), [1, 0]);
    const shape = [t.info.shape[1]!, t.info.shape[0]!];
    const transposed: PyTensor = {
      kind: 'tensor',
      original: null,
      info: { ...t.info, shape, stride: [shape[1]!, 1], storageOffset: 0, storage: { ...t.info.storage, key: 'mem', numel: null, bytes: { kind: 'memory', bytes } } },
    };
    root.entries = root.entries.map(([k, v]) => [k, k === 'fc.weight' ? transposed : v]);
    const out = join(tmp.dir, 'transposed.pt');
    writeTorchArchive(out, root);
    const r = runPython(`
import torch, sys
sd = torch.load(sys.argv[2]); ref = torch.load(sys.argv[1])
a, b = sd['fc.weight'], ref['fc.weight'].t().contiguous()
print(a.shape == b.shape and torch.equal(a.view(torch.int32), b.view(torch.int32)) and a.is_contiguous(),
      sd['fc_t'].storage().data_ptr() != a.storage().data_ptr())`, [ref, out]);
    expect(r.trim()).toBe('True True');
  });

  it('writes sharded state dicts with an index that transformers can follow', () => {
    const root = readTorchArchiveForTest(ref) as PyDict;
    const tensors = root.entries.map(([k, v]) => ({ name: k as string, tensor: v as PyTensor }));
    const dir = join(tmp.dir, 'sharded');
    const res = writeShardedTorch(dir, 'pytorch_model', tensors, 100);
    expect(res.files.length).toBeGreaterThan(1);
    expect(readdirSync(dir).sort()).toEqual([...res.files, 'pytorch_model.bin.index.json'].sort());
    const index = JSON.parse(readFileSync(join(dir, 'pytorch_model.bin.index.json'), 'utf8')) as { weight_map: Record<string, string> };
    const r = runPython(`
import torch, sys, json, os
d = sys.argv[2]
index = json.load(open(os.path.join(d, 'pytorch_model.bin.index.json')))
ref = torch.load(sys.argv[1])
merged = {}
for f in sorted(set(index['weight_map'].values())):
    part = torch.load(os.path.join(d, f), weights_only=True)
    for k in part: assert index['weight_map'][k] == f
    merged.update(part)
assert list(sorted(merged)) == list(sorted(ref)), (sorted(merged), sorted(ref))
def elements(t):
    # bit patterns element by element (NaN payloads included), whatever the dtype
    flat = t.contiguous().reshape(-1)
    return bytes(flat.view(torch.uint8).tolist()) if flat.dtype.is_complex is False and flat.element_size() == 1 else flat.view(torch.uint8 if flat.element_size() == 1 else {2: torch.int16, 4: torch.int32, 8: torch.int64}[flat.element_size()]).tolist()
for k in ref:
    assert merged[k].dtype == ref[k].dtype and merged[k].shape == ref[k].shape, k
    if ref[k].dtype.is_complex: assert torch.equal(merged[k], ref[k]), k
    else: assert elements(merged[k]) == elements(ref[k]), k
print('ok', len(set(index['weight_map'].values())))`, [ref, dir]);
    expect(r.trim()).toBe(`ok ${res.files.length}`);
    expect(Object.keys(index.weight_map).length).toBe(tensors.length);
  });

  it('writes everything into one file without an index when it fits', () => {
    const root = readTorchArchiveForTest(ref) as PyDict;
    const tensors = root.entries.slice(0, 3).map(([k, v]) => ({ name: k as string, tensor: v as PyTensor }));
    const dir = join(tmp.dir, 'single');
    const res = writeShardedTorch(dir, 'pytorch_model', tensors, 1 << 30);
    expect(res).toEqual({ files: ['pytorch_model.bin'], index: null });
    expect(runPython(`import torch, sys; print(list(torch.load(sys.argv[1], weights_only=True)))`, [join(dir, 'pytorch_model.bin')]).trim())
      .toBe(`[${tensors.map((t) => `'${t.name}'`).join(', ')}]`);
  });

  it('refuses a tree holding a storage outside any tensor, and leaves no file behind', () => {
    const out = join(tmp.dir, 'bad.pt');
    expect(() => writeTorchArchive(out, { kind: 'persid', pid: 'x' })).toThrow(/bare storage/);
    expect(readdirSync(tmp.dir)).not.toContain('bad.pt');
  });
});
