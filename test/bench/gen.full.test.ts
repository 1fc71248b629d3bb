import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCheckpoint } from '../../src/checkpoint/open.js';
import { parseManifest } from '../../src/formats/manifest.js';
import { validatePlan } from '../../src/plan/validate.js';
import { BenchFiles } from '../../bench/gen/files.js';
import { hundredKCheckpointManifest, hundredKExpectedManifest } from '../../bench/gen/inputs.js';
import { BIG, BIG_TWIN, DDP_PREFIX, dataBytes, hundredKSides, mlpStack } from '../../bench/gen/layouts.js';
import { stripPrefixPlan, writePlanFile } from '../../bench/gen/plan-file.js';
import { patternValue, writeSyntheticTorchZip, type SyntheticTensor } from '../../bench/gen/torch-zip.js';
import { describeWithTorch, runPython, tempDir } from '../helpers/torch.js';

const tmp = tempDir('bench-gen');
afterAll(() => tmp.cleanup());

/** Small, but with every case the generator has: both dtypes, a tensor longer than one pattern period, odd sizes, 0-d, empty. */
const SMALL: SyntheticTensor[] = [
  { key: 'module.embed.weight', shape: [5, 3] },
  { key: 'module.blocks.0.fc.weight', shape: [7, 9], dtype: 'bfloat16' },
  { key: 'module.blocks.0.fc.bias', shape: [7] },
  { key: 'module.scale', shape: [] },
  { key: 'module.empty', shape: [0, 4] },
];

const smallPath = join(tmp.dir, 'small.pt');
const generated = writeSyntheticTorchZip(smallPath, SMALL);

describe('writeSyntheticTorchZip', () => {
  it('writes a torch zip that sdmatch reads back key for key', () => {
    expect(generated.tensors).toBe(SMALL.length);
    const ckpt = openCheckpoint(smallPath);
    expect(ckpt.format).toBe('torch-zip');
    expect(ckpt.tensors.map((t) => t.path)).toEqual(SMALL.map((t) => [t.key]));
    expect(ckpt.tensors.map((t) => t.info.shape)).toEqual(SMALL.map((t) => t.shape));
    expect(ckpt.tensors.map((t) => t.info.dtype)).toEqual(SMALL.map((t) => t.dtype ?? 'float32'));
    expect(ckpt.safety.verdict).toBe('safe');
  });

  it('stores each tensor\'s pattern, 64-byte aligned, in the entry its persistent id names', () => {
    const file = readFileSync(smallPath);
    const ckpt = openCheckpoint(smallPath);
    for (const [k, t] of ckpt.tensors.entries()) {
      const loc = t.info.storage.bytes;
      expect(loc?.kind).toBe('raw');
      if (loc?.kind !== 'raw') continue;
      expect(t.info.storage.key).toBe(String(k));
      expect(loc.offset % 64).toBe(0);
      const n = t.info.shape.reduce((a, b) => a * b, 1);
      const bytes = file.subarray(loc.offset, loc.offset + loc.length);
      for (let i = 0; i < n; i++) {
        const got = t.info.dtype === 'float32'
          ? bytes.readFloatLE(4 * i)
          : new Float32Array(new Uint32Array([bytes.readUInt16LE(2 * i) << 16]).buffer)[0];
        expect(got, `${t.path[0]}[${i}]`).toBe(patternValue(k, i));
      }
    }
  });

  it('streams a tensor bigger than one 4 MiB chunk and rejects duplicate keys', () => {
    const path = join(tmp.dir, 'chunked.pt');
    const g = writeSyntheticTorchZip(path, [{ key: 'w', shape: [3, 436_907] }]);
    const ckpt = openCheckpoint(path);
    const loc = ckpt.tensors[0]!.info.storage.bytes;
    if (loc?.kind !== 'raw') throw new Error('expected a raw storage');
    const bytes = readFileSync(path).subarray(loc.offset, loc.offset + loc.length);
    const last = loc.length / 4 - 1;
    expect(bytes.readFloatLE(4 * last)).toBe(patternValue(0, last));
    expect(bytes.readFloatLE(4 << 20)).toBe(patternValue(0, 1 << 20));
    expect(g.bytes).toBeGreaterThan(loc.length);
    expect(() => writeSyntheticTorchZip(join(tmp.dir, 'dup.pt'), [{ key: 'a', shape: [1] }, { key: 'a', shape: [1] }])).toThrow(/duplicate key a/);
    expect(() => writeSyntheticTorchZip(join(tmp.dir, 'bad.pt'), [{ key: 'a', shape: [2.5] }])).toThrow(/shape \[2\.5\]/);
  });
});

describe('benchmark layouts', () => {
  it('the big layout is at least 2 GB and its twin has the same keys and ranks', () => {
    expect(dataBytes(mlpStack(BIG))).toBeGreaterThanOrEqual(2e9);
    const big = mlpStack(BIG);
    const twin = mlpStack(BIG_TWIN);
    expect(twin.map((t) => t.key)).toEqual(big.map((t) => t.key));
    expect(twin.map((t) => t.shape.length)).toEqual(big.map((t) => t.shape.length));
    expect(big.every((t) => t.key.startsWith(DDP_PREFIX))).toBe(true);
  });

  it('the 100k sides differ by the prefix and exactly the listed perturbations', () => {
    const s = hundredKSides();
    expect(s.expected.length).toBeGreaterThanOrEqual(100_000);
    expect(s.checkpoint.length).toBeGreaterThanOrEqual(100_000);
    const expected = new Map(s.expected.map((e) => [e.key, e]));
    const stripped = s.checkpoint.map((e) => {
      expect(e.key.startsWith(DDP_PREFIX)).toBe(true);
      return { ...e, key: e.key.slice(DDP_PREFIX.length) };
    });
    const unexpected = stripped.filter((e) => !expected.has(e.key)).map((e) => e.key);
    const present = new Set(stripped.map((e) => e.key));
    const missing = s.expected.filter((e) => !present.has(e.key)).map((e) => e.key);
    const reshaped = stripped.filter((e) => expected.has(e.key) && JSON.stringify(expected.get(e.key)!.shape) !== JSON.stringify(e.shape)).map((e) => e.key);
    expect(unexpected).toEqual(s.perturbed.unexpected);
    expect(missing.sort()).toEqual([...s.perturbed.missing].sort());
    expect(reshaped.sort()).toEqual([...s.perturbed.reshaped].sort());
  });

  it('writes both 100k manifests so the project\'s manifest reader reads them back', () => {
    const files = new BenchFiles(join(tmp.dir, 'scratch'));
    const s = hundredKSides();
    expect(parseManifest(readFileSync(hundredKExpectedManifest(files), 'utf8'), 'expected.json')).toEqual(s.expected);
    expect(parseManifest(readFileSync(hundredKCheckpointManifest(files), 'utf8'), 'ckpt.json')).toEqual(s.checkpoint);
    expect(files.generated.map((g) => g.name)).toEqual(['expected-100k.json', 'ckpt-100k.json']);
    // asked again in the same run, the file is not made twice
    hundredKExpectedManifest(files);
    expect(files.generated.length).toBe(2);
  });
});

describe('stripPrefixPlan', () => {
  it('writes a plan the plan reader accepts, recording the source\'s size, sha256 and entries digest', () => {
    const keys = SMALL.map((t) => ({ key: t.key, shape: t.shape, dtype: t.dtype ?? ('float32' as const) }));
    const planPath = join(tmp.dir, 'strip.plan.json');
    writePlanFile(planPath, stripPrefixPlan(smallPath, keys, 'module.'));
    const plan = validatePlan(JSON.parse(readFileSync(planPath, 'utf8')), planPath);
    expect(plan.ops).toEqual([expect.objectContaining({ op: 'strip_prefix', prefix: 'module.' })]);
    expect(plan.mapping['module.blocks.0.fc.bias']).toBe('blocks.0.fc.bias');
    expect(plan.source.size).toBe(generated.bytes);
    expect(plan.source.sha256).toBe(createHash('sha256').update(readFileSync(smallPath)).digest('hex'));
    expect(plan.source.entriesSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses keys without the prefix', () => {
    expect(() => stripPrefixPlan(smallPath, [{ key: 'x', shape: [1], dtype: 'float32' }], 'module.')).toThrow(/does not start with module\./);
  });
});

describeWithTorch('generated checkpoints load in PyTorch', () => {
  it('torch.load (and weights_only=True) gives the keys, shapes, dtypes and pattern values', () => {
    const out = runPython(`
import torch, sys, json
res = {}
for wo in (False, True):
    sd = torch.load(sys.argv[1], weights_only=wo)
    res[str(wo)] = [[k, list(t.shape), str(t.dtype).replace('torch.', ''), t.float().flatten().tolist()] for k, t in sd.items()]
print(json.dumps(res))
`, [smallPath]);
    const res = JSON.parse(out) as Record<string, [string, number[], string, number[]][]>;
    const want = SMALL.map((t, k) => {
      const n = t.shape.reduce((a, b) => a * b, 1);
      return [t.key, t.shape, t.dtype ?? 'float32', Array.from({ length: n }, (_, i) => patternValue(k, i))];
    });
    expect(res['False']).toEqual(want);
    expect(res['True']).toEqual(want);
  });

  it('torch.load reads a zip64 checkpoint of more than 65,535 tensors', () => {
    const path = join(tmp.dir, 'many.pt');
    const tensors: SyntheticTensor[] = Array.from({ length: 70_000 }, (_, i) => ({ key: `module.layers.${i}.w`, shape: [2], dtype: 'bfloat16' }));
    writeSyntheticTorchZip(path, tensors);
    const out = runPython(`
import torch, sys, json
sd = torch.load(sys.argv[1], weights_only=True)
last = sd['module.layers.69999.w']
print(json.dumps([len(sd), str(last.dtype), last.tolist()]))
`, [path]);
    expect(JSON.parse(out)).toEqual([70_000, 'torch.bfloat16', [patternValue(69_999, 0), patternValue(69_999, 1)]]);
  });
});
