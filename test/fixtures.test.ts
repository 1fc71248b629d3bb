import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { claimLayout } from '../src/checkpoint/layouts/registry.js';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isDType, itemSize, type DType } from '../src/formats/dtype.js';

/**
 * Sanity of fixtures/: every truth file names a fixture that exists, and is internally consistent (counts,
 * storage indices, views inside their storages, byte ranges inside the file). The fixtures themselves are
 * checked against torch when they are generated; these tests catch a stale or hand-edited tree.
 */

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const TRUTH = join(FIXTURES, 'truth');
const FORMATS = new Set(['torch-zip', 'legacy-torch', 'torchscript', 'pickle', 'safetensors', 'hf-sharded']);
const KINDS = new Set(['tensor', 'parameter', 'qtensor', 'ndarray', 'safetensors']);

type Path = (string | number)[];
interface Loc { data_offset: number; nbytes: number; entry?: string; compression?: string; data_offsets?: [number, number] }
interface Storage { id: number; key: string | null; dtype: string; numel: number; location: Loc | null; shard?: string }
interface Tensor {
  path: Path; aliases: Path[]; kind: string; dtype: string; shape: number[]; stride: number[];
  storage_offset: number; requires_grad: boolean; is_parameter: boolean; storage: number; storage_key: string | null;
  quantization?: { scheme: string }; shard?: string;
}
interface Truth {
  schema: string; file: string; format: string; description: string; detail: Record<string, unknown>;
  torch_load: { ok: boolean; error?: string }; weights_only_load: { ok: boolean; error?: string };
  tensor_count: number; path_count: number; storage_count: number;
  state_dicts: { path: Path; keys: string[]; non_tensor_keys: string[]; metadata: Record<string, unknown> | null }[];
  primary_state_dict: Path | null; tensors: Tensor[]; storages: Storage[];
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

const truthFiles = existsSync(TRUTH) ? walk(TRUTH).filter((f) => f.endsWith('.json')).sort() : [];
const truths = truthFiles.map((f) => ({ at: relative(TRUTH, f), doc: JSON.parse(readFileSync(f, 'utf8')) as Truth }));

/** Index of the last element a view can reach, +1: what its storage must hold at least. */
function extent(t: Tensor): number {
  if (t.shape.some((d) => d === 0)) return 0;
  return t.storage_offset + t.shape.reduce((acc, d, i) => acc + (d - 1) * t.stride[i]!, 0) + 1;
}

/** quint4x2 packs two elements per byte, so its storage counts bytes, not elements. */
function storageBytes(s: Storage): number {
  return s.dtype === 'quint4x2' ? s.numel : s.numel * itemSize(s.dtype as DType);
}

describe('fixture truth files', () => {
  it('exist for a non-trivial set of fixtures', () => {
    expect(truths.length).toBeGreaterThanOrEqual(40);
  });

  it.each(truths)('$at is well-formed and matches its fixture', ({ at, doc }) => {
    expect(doc.schema).toBe('sdmatch-fixture-truth/1');
    expect(at).toBe(`${doc.file}.json`);
    const fixture = join(FIXTURES, doc.file);
    expect(existsSync(fixture), `${doc.file} is missing`).toBe(true);
    const size = statSync(fixture).size;
    expect(FORMATS.has(doc.format), doc.format).toBe(true);
    expect(doc.description.length).toBeGreaterThan(0);
    expect(typeof doc.torch_load.ok).toBe('boolean');
    expect(typeof doc.weights_only_load.ok).toBe('boolean');

    expect(doc.tensor_count).toBe(doc.tensors.length);
    expect(doc.storage_count).toBe(doc.storages.length);
    expect(doc.path_count).toBe(doc.tensors.reduce((n, t) => n + 1 + t.aliases.length, 0));
    doc.storages.forEach((s, i) => {
      expect(s.id).toBe(i);
      expect(isDType(s.dtype), s.dtype).toBe(true);
      expect(Number.isInteger(s.numel) && s.numel >= 0).toBe(true);
      if (s.location && doc.format !== 'hf-sharded') {
        expect(s.location.nbytes).toBe(storageBytes(s));
        expect(s.location.data_offset + (s.location.entry && s.location.compression === 'deflated' ? 0 : s.location.nbytes))
          .toBeLessThanOrEqual(size);
      }
    });

    const seenPaths = new Set<string>();
    for (const t of doc.tensors) {
      for (const p of [t.path, ...t.aliases]) {
        const key = JSON.stringify(p);
        expect(seenPaths.has(key), `path ${key} listed twice`).toBe(false);
        seenPaths.add(key);
      }
      expect(KINDS.has(t.kind), t.kind).toBe(true);
      expect(isDType(t.dtype), t.dtype).toBe(true);
      expect(t.stride).toHaveLength(t.shape.length);
      expect(t.shape.every((d) => Number.isInteger(d) && d >= 0)).toBe(true);
      const storage = doc.storages[t.storage];
      expect(storage, `storage ${t.storage}`).toBeDefined();
      expect(storage!.dtype).toBe(t.dtype);
      expect(t.storage_key).toBe(storage!.key);
      if (t.dtype !== 'quint4x2') expect(extent(t)).toBeLessThanOrEqual(storage!.numel);
      expect(t.kind === 'qtensor').toBe(t.quantization !== undefined);
      expect(t.kind === 'parameter').toBe(t.is_parameter);
    }

    for (const sd of doc.state_dicts) {
      const prefix = JSON.stringify(sd.path).slice(0, -1);
      for (const key of sd.keys) {
        const full = JSON.stringify([...sd.path, key]);
        expect(seenPaths.has(full), `state dict key ${full} has no tensor`).toBe(true);
      }
      const under = [...seenPaths].filter((p) => p.startsWith(prefix) && JSON.parse(p).length === sd.path.length + 1);
      expect(under.length).toBe(sd.keys.length);
    }
    if (doc.primary_state_dict !== null) {
      expect(doc.state_dicts.map((s) => JSON.stringify(s.path))).toContain(JSON.stringify(doc.primary_state_dict));
    }
  });

  it('cover every checkpoint file under fixtures/', () => {
    const checkpointExt = /\.(pt|pth|ckpt|bin|pkl|safetensors)$|\.index\.json$/;
    const files = walk(FIXTURES)
      .map((f) => relative(FIXTURES, f))
      // a file of a checkpoint folder (DeepSpeed, Megatron …) is part of one checkpoint, tested as its folder
      .filter((f) => !f.startsWith('truth/') && checkpointExt.test(f) && !claimLayout(join(FIXTURES, f), false));
    const described = new Set(truths.map((t) => t.doc.file));
    expect(files.filter((f) => !described.has(f))).toEqual([]);
  });

  it('are each listed in fixtures/README.md', () => {
    const readme = readFileSync(join(FIXTURES, 'README.md'), 'utf8');
    expect(truths.map((t) => t.doc.file).filter((f) => !readme.includes(`\`${f}\``))).toEqual([]);
  });

  it('record safetensors header lengths that match the files', () => {
    const st = truths.filter((t) => t.doc.format === 'safetensors');
    expect(st.length).toBeGreaterThan(0);
    for (const { doc } of st) {
      const head = readFileSync(join(FIXTURES, doc.file)).subarray(0, 8);
      expect(Number(head.readBigUInt64LE(0))).toBe(doc.detail.header_length);
    }
  });

  it('name zip entries that are really in the archive', () => {
    for (const { doc } of truths.filter((t) => t.doc.format === 'torch-zip' || t.doc.format === 'torchscript')) {
      const entries = doc.detail.entries as string[];
      const root = doc.detail.archive_root as string;
      expect(entries).toContain(`${root}/data.pkl`);
      for (const s of doc.storages) expect(entries).toContain(s.location!.entry);
    }
  });
});

interface Pair {
  name: string; source: string; passed_path: Path; select: Path;
  target: { module: string; kwargs: Record<string, unknown>; class: string };
  manifest: string; strict: { error_file: string; traceback_file: string };
  non_strict: { file: string; raises: boolean; missing_keys: string[]; unexpected_keys: string[] };
  size_mismatches: { key: string; checkpoint: number[]; model: number[] }[];
  expected: { mapping: Record<string, string | string[] | null>; ops: { op: string }[]; unmapped: string[] };
  reference: string | null;
}

const pairFiles = existsSync(join(FIXTURES, 'pairs'))
  ? readdirSync(join(FIXTURES, 'pairs')).filter((f) => f.endsWith('.pair.json')).sort()
  : [];
const pairs = pairFiles.map((f) => JSON.parse(readFileSync(join(FIXTURES, 'pairs', f), 'utf8')) as Pair);

describe('fixture pairs', () => {
  it('exist', () => {
    expect(pairs.map((p) => p.name)).toEqual(expect.arrayContaining(
      ['ddp-vs-plain', 'lightning-vs-plain', 'var-nesting', 'classifier-head', 'renamed-submodule',
        'densenet-legacy', 'gpt2-conv1d', 'fused-qkv', 'compile-prefix']));
  });

  it.each(pairs)('$name ties together files that exist and agree', (pair) => {
    for (const f of [pair.source, pair.manifest, pair.strict.error_file, pair.strict.traceback_file, pair.non_strict.file]) {
      expect(existsSync(join(FIXTURES, f)), f).toBe(true);
    }
    const error = readFileSync(join(FIXTURES, pair.strict.error_file), 'utf8');
    expect(error.startsWith(`Error(s) in loading state_dict for ${pair.target.class}:\n\t`)).toBe(true);
    const traceback = readFileSync(join(FIXTURES, pair.strict.traceback_file), 'utf8');
    expect(traceback.startsWith('Traceback (most recent call last):\n')).toBe(true);
    expect(traceback).toContain(error.split('\n')[1]!);
    const nonStrict = readFileSync(join(FIXTURES, pair.non_strict.file), 'utf8');
    expect(nonStrict.startsWith(pair.non_strict.raises ? 'Error(s) in loading state_dict' : '_IncompatibleKeys(')).toBe(true);
    expect(pair.non_strict.raises).toBe(pair.size_mismatches.length > 0);
    for (const k of pair.non_strict.missing_keys) expect(error).toContain(`"${k}"`);
    for (const k of pair.non_strict.unexpected_keys) expect(error).toContain(`"${k}"`);
    for (const m of pair.size_mismatches) expect(error).toContain(`size mismatch for ${m.key}:`);

    const manifest = JSON.parse(readFileSync(join(FIXTURES, pair.manifest), 'utf8')) as {
      format: string; version: number; tensors: Record<string, { shape: number[]; dtype: string }>;
    };
    expect(manifest.format).toBe('sdmatch-manifest');
    expect(manifest.version).toBe(1);
    const targetKeys = Object.keys(manifest.tensors);
    for (const e of Object.values(manifest.tensors)) expect(isDType(e.dtype), e.dtype).toBe(true);
    const produced = Object.values(pair.expected.mapping).flatMap((v) => (v === null ? [] : Array.isArray(v) ? v : [v]));
    for (const k of produced) expect(targetKeys).toContain(k);
    expect(targetKeys.filter((k) => !produced.includes(k))).toEqual(pair.expected.unmapped);
    expect(pair.reference === null).toBe(Object.values(pair.expected.mapping).includes(null));
    if (pair.reference) expect(existsSync(join(FIXTURES, pair.reference))).toBe(true);

    const sourceTruth = truths.find((t) => t.doc.file === pair.source)?.doc;
    expect(sourceTruth, `truth for ${pair.source}`).toBeDefined();
    const selected = sourceTruth!.state_dicts.find((s) => JSON.stringify(s.path) === JSON.stringify(pair.select));
    expect(selected, `state dict at ${JSON.stringify(pair.select)}`).toBeDefined();
    expect(Object.keys(pair.expected.mapping)).toEqual(selected!.keys);
  });
});

describe('the manifests generate.py writes are what it writes now', () => {
  // python/sdmatch_manifest.py writes `tied` (its groups of keys viewing one storage; [] for none) for every
  // module's manifest: one without it is stale, and reads as "ties unknown" where the generator said "none"
  const manifests = ['pairs', 'canonical'].flatMap((d) => walk(join(FIXTURES, d))).filter((f) => f.endsWith('.manifest.json'));
  it('every pair and canonical manifest says its ties', () => {
    expect(manifests.length).toBeGreaterThan(10);
    const stale = manifests.filter((f) => !Array.isArray((JSON.parse(readFileSync(f, 'utf8')) as { tied?: unknown }).tied)).map((f) => relative(FIXTURES, f));
    expect(stale).toEqual([]);
  });
});
