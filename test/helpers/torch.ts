import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { dtypeOfStorageClass } from '../../src/formats/dtype.js';
import type { PyDict, PyList, PyTensor, PyTuple, PyValue } from '../../src/formats/pickle/values.js';
import type { StorageInfo, TensorInfo } from '../../src/formats/tensor.js';
import { fastTier } from './tier.js';

/**
 * Real PyTorch checks what our writers produce. Tests that need it run only when a Python with torch
 * is found (Debian's at /usr/bin/python3, or SDMATCH_TORCH_PYTHON); otherwise they are skipped with a
 * message, unless SDMATCH_REQUIRE_TORCH=1 makes a missing torch a failure.
 */

function findTorchPython(): string | null {
  const candidates = [process.env.SDMATCH_TORCH_PYTHON, '/usr/bin/python3'].filter((c): c is string => !!c);
  for (const py of candidates) {
    const r = spawnSync(py, ['-c', 'import torch'], { stdio: 'ignore', timeout: 60_000 });
    if (r.status === 0) return py;
  }
  return null;
}

/** The Python interpreter that can `import torch`, or null (always in the fast tier: importing torch costs a second of CPU per test file). */
export const torchPython: string | null = fastTier ? null : findTorchPython();

export const requireTorch = process.env.SDMATCH_REQUIRE_TORCH === '1';

/**
 * Runs Python code with torch available and returns its stdout. `args` become `sys.argv[1:]`.
 * Throws with Python's stderr when the code fails.
 */
export function runPython(code: string, args: string[] = []): string {
  if (!torchPython) throw new Error('no Python with torch (set SDMATCH_TORCH_PYTHON or install python3-torch)');
  try {
    return execFileSync(torchPython, ['-c', code, ...args], { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`python failed:\n${err.stderr ?? err.message}`);
  }
}

/** `describe` for suites that need torch: skipped (with the reason in its name) when torch is missing. */
export function describeWithTorch(name: string, body: () => void): void {
  if (torchPython) {
    describe(name, body);
    return;
  }
  if (fastTier) {
    // under its own name: the fast tier's tests are the full run's, fewer
    describe.skip(name, body);
    return;
  }
  if (requireTorch) {
    describe(name, () => {
      it('needs PyTorch', () => {
        throw new Error('SDMATCH_REQUIRE_TORCH=1 but no Python with torch was found');
      });
    });
    return;
  }
  describe.skip(`${name} (skipped: no Python with torch; set SDMATCH_TORCH_PYTHON or SDMATCH_REQUIRE_TORCH=1)`, body);
}

/** A fresh temporary directory and its removal. */
export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `sdmatch-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Python that reads a torch zip archive WE or torch.save wrote (never a corpus file) without torch
 * rebuilding anything: tensors become records of their rebuild arguments, storages their archive key and
 * where their bytes are. Prints a JSON tree that `treeFromDescription` turns into PyValues pointing at
 * the file's bytes, i.e. what sdmatch's readers produce, so the writers can be tested on their own.
 */
export const PY_DESCRIBE = `
import zipfile, pickle, json, struct, collections

def describe(path):
    z = zipfile.ZipFile(path)
    prefix = z.namelist()[0].split('/')[0]
    storages = {}
    with open(path, 'rb') as f:
        for info in z.infolist():
            if info.filename.startswith(prefix + '/data/'):
                f.seek(info.header_offset)
                h = f.read(30)
                n, e = struct.unpack('<HH', h[26:30])
                storages[info.filename[len(prefix) + 6:]] = {'offset': info.header_offset + 30 + n + e, 'length': info.file_size}

    class Rec:
        def __init__(self, **kw): self.__dict__.update(kw)

    def rebuild_v2(storage, offset, size, stride, requires_grad, hooks):
        return Rec(kind='tensor', storage=storage, offset=offset, shape=list(size), stride=list(stride), requires_grad=requires_grad)

    def rebuild_parameter(data, requires_grad, hooks):
        return Rec(kind='parameter', storage=data.storage, offset=data.offset, shape=data.shape, stride=data.stride, requires_grad=requires_grad)

    class Unpickler(pickle.Unpickler):
        def find_class(self, mod, name):
            if (mod, name) == ('torch._utils', '_rebuild_tensor_v2'): return rebuild_v2
            if (mod, name) == ('torch._utils', '_rebuild_parameter'): return rebuild_parameter
            if (mod, name) == ('collections', 'OrderedDict'): return collections.OrderedDict
            if (mod, name) == ('_codecs', 'encode'): return __import__('codecs').encode
            if mod in ('__builtin__', 'builtins') and name in ('set', 'frozenset', 'bytes'): return {'set': set, 'frozenset': frozenset, 'bytes': bytes}[name]
            if mod == 'torch' and name.endswith('Storage'): return name
            raise pickle.UnpicklingError('unexpected global ' + mod + '.' + name)
        def persistent_load(self, pid):
            _, cls, key, device, numel = pid
            return {'key': key, 'cls': cls, 'device': device, 'numel': numel, **storages[key]}

    root = Unpickler(z.open(prefix + '/data.pkl')).load()
    seen = {}

    def enc(v):
        if id(v) in seen and isinstance(v, (list, dict, tuple, Rec)):
            return {'t': 'ref', 'id': seen[id(v)]}
        if isinstance(v, (list, dict, tuple, Rec)):
            seen[id(v)] = len(seen)
        me = seen.get(id(v))
        if v is None or isinstance(v, (bool, str)): return v
        if isinstance(v, int): return v if abs(v) < 2**53 else {'t': 'bigint', 'v': str(v)}
        if isinstance(v, float): return {'t': 'float', 'v': v}
        if isinstance(v, bytes): return {'t': 'bytes', 'hex': v.hex()}
        if isinstance(v, (set, frozenset)): return {'t': 'set', 'frozen': isinstance(v, frozenset), 'items': [enc(x) for x in v]}
        if isinstance(v, Rec): return {'t': v.kind, 'id': me, 'storage': v.storage, 'offset': v.offset, 'shape': v.shape, 'stride': v.stride, 'requires_grad': v.requires_grad}
        if isinstance(v, tuple): return {'t': 'tuple', 'id': me, 'items': [enc(x) for x in v]}
        if isinstance(v, list): return {'t': 'list', 'id': me, 'items': [enc(x) for x in v]}
        if isinstance(v, collections.OrderedDict):
            attrs = vars(v)
            return {'t': 'odict', 'id': me, 'items': [[enc(k), enc(x)] for k, x in v.items()], 'attrs': enc(dict(attrs)) if attrs else None}
        if isinstance(v, dict): return {'t': 'dict', 'id': me, 'items': [[enc(k), enc(x)] for k, x in v.items()]}
        raise TypeError(type(v))

    return enc(root)
`;

type Node =
  | null | boolean | number | string
  | { t: 'ref'; id: number }
  | { t: 'bigint'; v: string }
  | { t: 'float'; v: number }
  | { t: 'bytes'; hex: string }
  | { t: 'set'; frozen: boolean; items: Node[] }
  | { t: 'tuple' | 'list'; id: number; items: Node[] }
  | { t: 'dict' | 'odict'; id: number; items: [Node, Node][]; attrs?: Node }
  | {
      t: 'tensor' | 'parameter'; id: number; offset: number; shape: number[]; stride: number[]; requires_grad: boolean;
      storage: { key: string; cls: string; device: string; numel: number; offset: number; length: number };
    };

/** Builds the PyValue tree a description stands for; tensors' storages point at `file`'s bytes. */
export function treeFromDescription(root: unknown, file: string): PyValue {
  const byId = new Map<number, PyValue>();
  const storages = new Map<string, StorageInfo>();
  const build = (n: Node): PyValue => {
    if (n === null || typeof n !== 'object') return n;
    switch (n.t) {
      case 'ref':
        return byId.get(n.id)!;
      case 'bigint':
        return BigInt(n.v);
      case 'float':
        return { kind: 'float', value: n.v };
      case 'bytes': {
        const data = new Uint8Array(Buffer.from(n.hex, 'hex'));
        return { kind: 'bytes', flavor: 'bytes', length: data.length, data, fileOffset: null };
      }
      case 'set':
        return { kind: 'set', frozen: n.frozen, items: n.items.map(build) };
      case 'tuple':
      case 'list': {
        const v: PyTuple | PyList = { kind: n.t, items: [] };
        byId.set(n.id, v);
        for (const x of n.items) v.items.push(build(x));
        return v;
      }
      case 'dict':
      case 'odict': {
        const v: PyDict = { kind: 'dict', entries: [] };
        if (n.t === 'odict') v.cls = { kind: 'global', module: 'collections', name: 'OrderedDict' };
        byId.set(n.id, v);
        for (const [k, x] of n.items) v.entries.push([build(k), build(x)]);
        if (n.attrs) v.attrs = build(n.attrs);
        return v;
      }
      case 'tensor':
      case 'parameter': {
        const s = n.storage;
        let storage = storages.get(s.key);
        if (!storage) {
          const dtype = dtypeOfStorageClass(s.cls);
          if (!dtype) throw new Error(`unknown storage class ${s.cls}`);
          storage = { key: s.key, dtype, numel: s.numel, device: s.device, bytes: { kind: 'raw', file, offset: s.offset, length: s.length } };
          storages.set(s.key, storage);
        }
        const info: TensorInfo = {
          kind: n.t, dtype: storage.dtype, shape: n.shape, stride: n.stride, storageOffset: n.offset, storage, requiresGrad: n.requires_grad,
        };
        const v: PyTensor = { kind: 'tensor', info, original: null };
        byId.set(n.id, v);
        return v;
      }
    }
  };
  return build(root as Node);
}

/** Describes a torch archive (one we or torch.save wrote) and builds its tree. */
export function readTorchArchiveForTest(path: string): PyValue {
  const json = runPython(`${PY_DESCRIBE}\nimport sys\nprint(json.dumps(describe(sys.argv[1])))`, [path]);
  return treeFromDescription(JSON.parse(json), path);
}
