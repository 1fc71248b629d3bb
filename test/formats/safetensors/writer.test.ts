import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemSize, type DType } from '../../../src/formats/dtype.js';
import type { PyDict, PyTensor } from '../../../src/formats/pickle/values.js';
import { writeSafetensors, writeShardedSafetensors, type SafetensorsTensor } from '../../../src/formats/safetensors/writer.js';
import { planShards, shardFileName, writeShardIndex } from '../../../src/formats/shards.js';
import { contiguousStrides, numel, type TensorInfo } from '../../../src/formats/tensor.js';
import { describeWithTorch, readTorchArchiveForTest, runPython, tempDir } from '../../helpers/torch.js';

function memTensor(name: string, dtype: DType, shape: number[], bytes: Uint8Array): SafetensorsTensor {
  const info: TensorInfo = {
    kind: 'tensor', dtype, shape, stride: contiguousStrides(shape), storageOffset: 0, requiresGrad: false,
    storage: { key: name, dtype, numel: null, device: 'cpu', bytes: { kind: 'memory', bytes } },
  };
  return { name, info };
}

const f32 = (...xs: number[]) => new Uint8Array(Float32Array.from(xs).buffer);

/** Header of a written file, as JSON text (padding kept). */
function header(path: string): string {
  const b = readFileSync(path);
  const n = Number(b.readBigUInt64LE(0));
  return b.subarray(8, 8 + n).toString('utf8');
}

describe('writeSafetensors', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(() => (tmp = tempDir('safetensors-writer')));
  afterAll(() => tmp.cleanup());

  it('writes the bytes the reference implementation writes (its own serialization tests)', () => {
    const p = join(tmp.dir, 'ref.safetensors');
    writeSafetensors(p, [memTensor('attn.0', 'float32', [1, 2, 3], f32(0, 1, 2, 3, 4, 5))]);
    const expected = [
      64, 0, 0, 0, 0, 0, 0, 0, 123, 34, 97, 116, 116, 110, 46, 48, 34, 58, 123, 34, 100, 116, 121, 112, 101, 34, 58, 34, 70, 51, 50, 34, 44, 34,
      115, 104, 97, 112, 101, 34, 58, 91, 49, 44, 50, 44, 51, 93, 44, 34, 100, 97, 116, 97, 95, 111, 102, 102, 115, 101, 116, 115, 34, 58, 91,
      48, 44, 50, 52, 93, 125, 125, 0, 0, 0, 0, 0, 0, 128, 63, 0, 0, 0, 64, 0, 0, 64, 64, 0, 0, 128, 64, 0, 0, 160, 64,
    ];
    expect([...readFileSync(p)]).toEqual(expected);
    const empty = join(tmp.dir, 'empty.safetensors');
    writeSafetensors(empty, []);
    expect([...readFileSync(empty)]).toEqual([8, 0, 0, 0, 0, 0, 0, 0, 123, 125, 32, 32, 32, 32, 32, 32]);
    writeSafetensors(empty, [], { framework: 'pt' });
    expect(readFileSync(empty).subarray(8).toString()).toBe('{"__metadata__":{"framework":"pt"}}     ');
  });

  it('orders tensors by dtype size descending, then name, unless told to keep the given order', () => {
    const ts = [
      memTensor('b', 'uint8', [1], Uint8Array.of(1)),
      memTensor('0', 'float16', [1], Uint8Array.of(0, 0x3c)),
      memTensor('a', 'float64', [1], new Uint8Array(8)),
      memTensor('c', 'float32', [1], f32(1)),
      memTensor('a2', 'float32', [1], f32(2)),
    ];
    const p = join(tmp.dir, 'order.safetensors');
    writeSafetensors(p, ts);
    const h = header(p);
    const names = [...h.matchAll(/"([^"]+)":\{"dtype"/g)].map((m) => m[1]);
    expect(names).toEqual(['a', 'a2', 'c', '0', 'b']);
    expect(h.length % 8).toBe(0);
    writeSafetensors(p, ts, undefined, { order: 'given' });
    expect([...header(p).matchAll(/"([^"]+)":\{"dtype"/g)].map((m) => m[1])).toEqual(['b', '0', 'a', 'c', 'a2']);
  });

  it('refuses what safetensors cannot hold', () => {
    const p = join(tmp.dir, 'bad.safetensors');
    expect(() => writeSafetensors(p, [memTensor('x', 'complex128', [1], new Uint8Array(16))])).toThrow(/complex128/);
    expect(() => writeSafetensors(p, [memTensor('x', 'uint8', [1], new Uint8Array(1)), memTensor('x', 'uint8', [1], new Uint8Array(1))])).toThrow(/twice/);
    expect(() => writeSafetensors(p, [memTensor('__metadata__', 'uint8', [1], new Uint8Array(1))])).toThrow(/__metadata__/);
  });
});

describe('shard planning', () => {
  it('starts a new shard when the next tensor would overflow, and isolates oversized tensors', () => {
    expect(planShards([4, 4, 4, 10, 1], 8)).toEqual([[0, 1], [2], [3], [4]]);
    expect(planShards([], 8)).toEqual([]);
    expect(shardFileName('model', 'safetensors', 0, 3)).toBe('model-00001-of-00003.safetensors');
  });
});

describeWithTorch('safetensors output, checked with PyTorch', () => {
  let tmp: ReturnType<typeof tempDir>;
  let ref: string;
  let tensors: SafetensorsTensor[];
  beforeAll(() => {
    tmp = tempDir('safetensors-torch');
    ref = join(tmp.dir, 'ref.pt');
    runPython(`
import torch, sys
torch.manual_seed(0)
w = torch.randn(3, 4)
sd = {'w': w, 'w_t': w.t(), 'rows': w[1:3], 'cols': w[:, 1], 'h': torch.randn(5).half(), 'bf': torch.randn(2, 3).bfloat16(),
      'b': torch.rand(7) > 0.5, 'i64': torch.arange(5), 'u8': torch.arange(6, dtype=torch.uint8).reshape(2, 3),
      'c64': torch.randn(2, dtype=torch.complex64), 'scalar': torch.tensor(2.5), 'empty': torch.zeros(0, 2),
      'nan': torch.tensor([0x7f800001, -4194303], dtype=torch.int32).view(torch.float32), '0': torch.ones(1)}
torch.save(sd, sys.argv[1])`, [ref]);
    tensors = (readTorchArchiveForTest(ref) as PyDict).entries.map(([k, v]) => ({ name: k as string, info: (v as PyTensor).info }));
  });
  afterAll(() => tmp.cleanup());

  /** Validates files as the reference reader does and compares every tensor bit for bit with the original. */
  const VERIFY = `
import torch, sys, json, struct
ref = torch.load(sys.argv[1])
ST = {'F64': torch.float64, 'F32': torch.float32, 'F16': torch.float16, 'BF16': torch.bfloat16, 'I64': torch.int64, 'I32': torch.int32,
      'I16': torch.int16, 'I8': torch.int8, 'U8': torch.uint8, 'BOOL': torch.bool, 'C64': torch.complex64}
def bits(x):
    # element bit patterns (NaN payloads included) through an integer view of the same width
    x = x.reshape(-1)
    if x.dtype.is_complex: return x.numpy().tobytes()
    return bytes(x.view({1: torch.uint8, 2: torch.int16, 4: torch.int32, 8: torch.int64}[x.element_size()]).numpy().tobytes())
seen = []
for path in sys.argv[2:]:
    data = open(path, 'rb').read()
    n = struct.unpack('<Q', data[:8])[0]
    assert n % 8 == 0 and data[8:9] == b'{'
    h = json.loads(data[8:8 + n])
    h.pop('__metadata__', None)
    start = 0
    for name, info in sorted(h.items(), key=lambda kv: kv[1]['data_offsets']):
        b, e = info['data_offsets']
        assert b == start and e >= b, name
        dt = ST[info['dtype']]
        size = torch.empty(0, dtype=dt).element_size()
        numel = 1
        for d in info['shape']: numel *= d
        assert e - b == numel * size, name
        assert (8 + n + b) % size == 0, ('misaligned', name)
        start = e
        raw = bytearray(data[8 + n + b: 8 + n + e])
        t = torch.frombuffer(raw, dtype=torch.uint8).view(dt).reshape(info['shape']) if raw else torch.empty(info['shape'], dtype=dt)
        r = ref[name].contiguous()
        assert t.dtype == r.dtype and list(t.shape) == list(r.shape), name
        assert bits(t) == bits(r), name
        seen.append(name)
    assert start + 8 + n == len(data), 'trailing bytes'
print(json.dumps(sorted(seen)))
`;

  it('writes every dtype, materializing strided views, byte-exact and aligned', () => {
    const p = join(tmp.dir, 'model.safetensors');
    writeSafetensors(p, tensors, { format: 'pt' });
    const seen = JSON.parse(runPython(VERIFY, [ref, p])) as string[];
    expect(seen).toEqual(tensors.map((t) => t.name).sort());
  });

  it('writes shards and an index byte-identical to what transformers writes', () => {
    const dir = join(tmp.dir, 'sharded');
    const res = writeShardedSafetensors(dir, 'model', tensors, 40, { format: 'pt' });
    expect(res.files.length).toBeGreaterThan(2);
    expect(readdirSync(dir).sort()).toEqual([...res.files, 'model.safetensors.index.json'].sort());
    const seen = JSON.parse(runPython(VERIFY, [ref, ...res.files.map((f) => join(dir, f))])) as string[];
    expect(seen).toEqual(tensors.map((t) => t.name).sort());
    const indexText = readFileSync(join(dir, 'model.safetensors.index.json'), 'utf8');
    const pythonText = runPython(`
import json, sys
sys.stdout.write(json.dumps(json.loads(sys.argv[1]), indent=2, sort_keys=True) + "\\n")`, [indexText]);
    expect(indexText).toBe(pythonText);
    expect(res.index!.metadata.total_size).toBe(tensors.reduce((a, t) => a + numel(t.info.shape) * itemSize(t.info.dtype), 0));
  });

  it('escapes index names the way Python json does', () => {
    const text = writeShardIndex({ metadata: { total_size: 1 }, weight_map: { 'ü\u007f"': 'a', b: 'c' } });
    const pythonText = runPython(`
import json, sys
sys.stdout.write(json.dumps({'metadata': {'total_size': 1}, 'weight_map': {'ü\\x7f"': 'a', 'b': 'c'}}, indent=2, sort_keys=True) + "\\n")`);
    expect(text).toBe(pythonText);
  });
});
