import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { BufferSource, FileSource } from '../../../src/formats/byte-source.js';
import type { PyDict, PyTensor } from '../../../src/formats/pickle/values.js';
import { readLegacy } from '../../../src/formats/torch/legacy.js';
import { fileRegion, memoryRegion } from '../../../src/formats/torch/region.js';
import { repoRoot } from '../../helpers/corpus.js';
import { describeWithTorch, runPython } from '../../helpers/torch.js';

/**
 * A hand-built legacy stream (the pre-1.6 torch.save layout) with what torch 1.13 no longer writes:
 * storage views (`view_metadata`) and classes passed as ('module', cls, file, source) persistent ids.
 */
const MAKE_LEGACY = String.raw`
import pickle, struct, sys, collections, torch
class Storage:
    def __init__(self, key, numel, view=None): self.key, self.numel, self.view = key, numel, view
class T:
    def __init__(self, storage, offset, size, stride): self.args = (storage, offset, size, stride, False, collections.OrderedDict())
    def __reduce__(self): return (torch._utils._rebuild_tensor_v2, self.args)
class Mod:
    pass
Mod.__module__ = 'mymodels'
class P(pickle.Pickler):
    def persistent_id(self, obj):
        if isinstance(obj, Storage):
            return ('storage', torch.FloatStorage, obj.key, 'cpu', obj.numel, obj.view)
        if obj is Mod:
            return ('module', torch.nn.Linear, 'linear.py', 'class Linear: ...')
        return None
f = open(sys.argv[1], 'wb')
for v in (0x1950a86a20f9469cfc6c, 1001, {'protocol_version': 1001, 'little_endian': True, 'type_sizes': {'int': 4}}):
    pickle.dump(v, f, protocol=2)
a = Storage('a', 10)
b = Storage('a', 10, ('b', 4, 6))
c = Storage('c', 3)
m = Mod()
m.weight = T(a, 1, (2, 2), (2, 1))
obj = {'w': T(a, 0, (4,), (1,)), 'view': T(b, 1, (3,), (1,)), 'c': T(c, 0, (3,), (1,)), 'module': m}
P(f, protocol=2).dump(obj)
pickle.dump(['a', 'c'], f, protocol=2)
for key, n in (('a', 10), ('c', 3)):
    f.write(struct.pack('<q', n)); f.write(bytes(4 * n))
f.close()
`;

let dir = '';
let file = '';

describeWithTorch('legacy torch.save streams', () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sdmatch-legacy-'));
    file = join(dir, 'hand.pt');
    runPython(MAKE_LEGACY, [file]);
  });

  it('locates every storage by reading only the 8-byte counts', () => {
    const src = new FileSource(file);
    const r = readLegacy(fileRegion(src, file))!;
    src.close();
    expect(r.format).toBe('legacy-torch');
    const size = readFileSync(file).length;
    const [a, c] = [r.storages.find((s) => s.key === 'a')!, r.storages.find((s) => s.key === 'c')!];
    expect(a.bytes).toEqual({ kind: 'raw', file, offset: size - 12 - 8 - 40, length: 40 });
    expect(c.bytes).toEqual({ kind: 'raw', file, offset: size - 12, length: 12 });
    expect(a.numel).toBe(10);
  });

  it('resolves storage views into offsets in the root storage, and module persistent ids into classes', () => {
    const src = new FileSource(file);
    const root = readLegacy(fileRegion(src, file))!.root as PyDict;
    src.close();
    const get = (k: string) => root.entries.find(([x]) => x === k)![1];
    const view = get('view') as PyTensor;
    expect(view.info.storage.key).toBe('a');
    expect(view.info.storageOffset).toBe(4 + 1);
    const mod = get('module') as { kind: string; callable: unknown };
    expect(mod.kind).toBe('object');
    expect(mod.callable).toEqual({ kind: 'global', module: 'torch.nn.modules.linear', name: 'Linear' });
  });

  it('lists the tensors of a stream cut inside its storages, and makes the truncation its error', () => {
    const bytes = readFileSync(file);
    const cut = bytes.subarray(0, bytes.length - 5);
    const r = readLegacy(memoryRegion(new BufferSource(cut, 'cut.pt')))!;
    expect(r.error?.message).toMatch(/^truncated: storage c declares \d+ elements/);
    expect(r.root).not.toBeNull();
    expect(r.detail.join('\n')).toMatch(/truncated: storage c/);
    expect(r.storages.find((s) => s.key === 'c')!.bytes).toBeNull();
    expect(r.storages.find((s) => s.key === 'a')!.bytes).not.toBeNull();
  });

  it('does not take a stream whose first pickle is not the magic number', () => {
    const fixture = readFileSync(join(repoRoot, 'fixtures/legacy/mlp-legacy.pt'));
    const notMagic = new Uint8Array([0x80, 0x02, 0x4b, 0x07, 0x2e, ...fixture.subarray(0, 10)]);
    expect(readLegacy(memoryRegion(new BufferSource(notMagic, 'x')))).toBeNull();
  });
});

