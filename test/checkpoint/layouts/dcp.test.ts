import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCheckpoint, scanSafety } from '../../../src/checkpoint/open.js';
import { tilingProblem } from '../../../src/checkpoint/layouts/dcp.js';
import { candidateEntries } from '../../../src/checkpoint/walk.js';
import { readTensorBytes } from '../../../src/formats/storage-copy.js';
import { repoRoot } from '../../helpers/corpus.js';
import { formatErrorOf } from '../../helpers/format-error.js';

const DCP = join(repoRoot, 'fixtures', 'dcp');
interface TruthTensor { dtype: string; shape: number[]; chunks: [number[], number[]][]; sha256: string }
interface Truth { layout: string; serialization: string; nested: boolean; items: Record<string, TruthTensor | { value: unknown }> }
const truth = JSON.parse(readFileSync(join(DCP, 'truth.json'), 'utf8')) as Record<string, Truth>;
const names = Object.keys(truth);
const tmp = mkdtempSync(join(tmpdir(), 'sdmatch-dcp-'));

function copyFixture(name: string): string {
  const to = join(tmp, `${name}-${Math.random().toString(36).slice(2)}`);
  cpSync(join(DCP, name), to, { recursive: true });
  return to;
}

const formatError = formatErrorOf;

/** fqn → tensor, by the flattened key torch's metadata uses */
function tensorsByFqn(dir: string) {
  const c = openCheckpoint(dir);
  const out = new Map<string, ReturnType<typeof candidateEntries>[number][1]>();
  for (const sd of c.stateDicts) {
    for (const [k, t] of candidateEntries(c.root, sd)) out.set([...sd.path.map(String), k].join('.'), t);
  }
  return { c, out };
}

describe('DCP directories (fixtures/dcp, written by fixtures/dcp.py after torch 2.x\'s writer)', () => {
  it('has several layouts and serializations to read', () => {
    expect(new Set(names.map((n) => truth[n]!.layout))).toEqual(new Set(['2.8', '2.0', '1.13']));
    expect(new Set(names.map((n) => truth[n]!.serialization))).toEqual(new Set(['torch_save', 'safetensors']));
  });

  for (const name of names) {
    it(`${name}: every tensor once, with its global shape and dtype, bytes assembled from its chunks equal torch's`, () => {
      const { c, out } = tensorsByFqn(join(DCP, name));
      expect(c.format).toBe('dcp');
      expect(c.safety.verdict).toBe('safe');
      const want = Object.entries(truth[name]!.items).filter((e): e is [string, TruthTensor] => 'sha256' in e[1]);
      expect([...out.keys()].sort()).toEqual(want.map(([k]) => k).sort());
      for (const [fqn, t] of want) {
        const got = out.get(fqn)!.info;
        expect(got.shape, fqn).toEqual(t.shape);
        expect(got.dtype, fqn).toBe(t.dtype);
        const bytes = readTensorBytes(got);
        expect(createHash('sha256').update(bytes).digest('hex'), fqn).toBe(t.sha256);
        const loc = got.storage.bytes!;
        if (t.chunks.length > 1) {
          expect(loc.kind).toBe('chunks');
          if (loc.kind === 'chunks') expect(loc.chunks.map((k) => [k.offsets, k.sizes])).toEqual(t.chunks);
        } else {
          expect(loc.kind).toBe('raw');
        }
      }
    });

    it(`${name}: bytes items are values in the tree, nested back by planner_data`, () => {
      const c = openCheckpoint(join(DCP, name));
      const root = c.root as { kind: 'dict'; entries: [unknown, unknown][] };
      const values = Object.entries(truth[name]!.items).filter(([, v]) => 'value' in v);
      for (const [fqn, v] of values) {
        let at: unknown = root;
        for (const step of fqn.split('.')) at = (at as { entries: [unknown, unknown][] }).entries.find(([k]) => k === step)?.[1];
        const want = (v as { value: unknown }).value;
        expect(typeof at === 'object' && at !== null && 'value' in at ? (at as { value: unknown }).value : at, fqn).toEqual(want);
      }
      expect(c.stateDicts.map((s) => s.path)).toEqual(truth[name]!.nested ? [['model']] : [[]]);
    });
  }

  it('the directory, its .metadata and any one shard file name the same checkpoint', () => {
    const dir = join(DCP, 'uneven');
    const members = readdirSync(dir);
    const base = openCheckpoint(dir);
    for (const m of members) {
      const c = openCheckpoint(join(dir, m));
      expect(c.format).toBe('dcp');
      expect(c.tensors.map((t) => t.path)).toEqual(base.tensors.map((t) => t.path));
    }
  });

  it('a .distcp file with no .metadata beside it is read by its bytes, not as a checkpoint directory', () => {
    const d = join(tmp, 'lonely');
    mkdirSync(d);
    copyFileSync(join(DCP, 'row-sharded', '__1_0.distcp'), join(d, '__1_0.distcp'));
    // a .distcp file is torch.save streams back to back: torch.load reads the first as a zip
    expect(openCheckpoint(join(d, '__1_0.distcp')).format).not.toBe('dcp');
  });

  it('a .metadata that is a malicious pickle: the directory opens with no tree and a dangerous safety report', () => {
    const d = copyFixture('row-sharded');
    writeFileSync(join(d, '.metadata'), new Uint8Array([0x80, 0x02, 0x63, ...Buffer.from('posix\nsystem\n'), 0x58, 0x01, 0, 0, 0, 0x78, 0x85, 0x52, 0x2e]));
    const c = openCheckpoint(d);
    expect(c.root).toBeNull();
    expect(c.error?.message).toMatch(/not torch\.distributed\.checkpoint's Metadata/);
    expect(c.safety.verdict).toBe('dangerous');
    expect(scanSafety(d).verdict).toBe('dangerous');
  });

  it('getattr is accepted only as getattr(<DCP memory-format enum>, <member>)', () => {
    const getattrPickle = (mod: string, cls: string, member: string) => new Uint8Array([
      0x80, 0x02, 0x63, ...Buffer.from('builtins\ngetattr\n'), 0x63, ...Buffer.from(`${mod}\n${cls}\n`),
      0x58, member.length, 0, 0, 0, ...Buffer.from(member), 0x86, 0x52, 0x2e,
    ]);
    const d1 = copyFixture('row-sharded');
    writeFileSync(join(d1, '.metadata'), getattrPickle('torch.distributed.checkpoint.metadata', '_MEM_FORMAT_ENCODING', 'TORCH_CHANNELS_LAST'));
    const ok = openCheckpoint(d1);
    expect(ok.root).toBeNull();
    expect(ok.safety.verdict).toBe('safe');
    expect(ok.safety.globals.find((g) => g.name === 'getattr')?.reason).toMatch(/Python ≥ 3\.11/);
    const d2 = copyFixture('row-sharded');
    writeFileSync(join(d2, '.metadata'), getattrPickle('pathlib', 'PosixPath', 'write_text'));
    expect(openCheckpoint(d2).safety.verdict).toBe('dangerous');
    const d3 = copyFixture('row-sharded');
    writeFileSync(join(d3, '.metadata'), getattrPickle('torch.distributed.checkpoint.metadata', '_MEM_FORMAT_ENCODING', '__class__'));
    expect(openCheckpoint(d3).safety.verdict).toBe('dangerous');
  });

  it('a storage path that leaves the directory is refused with one line', () => {
    const d = copyFixture('row-sharded');
    const meta = readFileSync(join(d, '.metadata'));
    // same length, so the pickle stays well-formed
    const edited = Buffer.from(meta.toString('latin1').split('__1_0.distcp').join('../1_0.dist'.padEnd(12, 'p')), 'latin1');
    writeFileSync(join(d, '.metadata'), edited);
    const e = formatError(() => openCheckpoint(d));
    expect(e.toLine()).toMatch(/\.metadata: storage_data names the file "\.\.\/1_0\.distp", which is not a file in the checkpoint's directory/);
  });

  it('a missing data file is one line naming it', () => {
    const d = copyFixture('col-sharded');
    writeFileSync(join(d, '__1_0.distcp'), '');
    const e = formatError(() => openCheckpoint(d));
    expect(e.toLine()).toMatch(/__1_0\.distcp: truncated/);
  });

  it('chunks must tile their tensor: inside it, no overlap, nothing left out (dcp.load would leave the rest as it was)', () => {
    const rows = [{ offsets: [0, 0], sizes: [2, 3] }, { offsets: [2, 0], sizes: [2, 3] }];
    expect(tilingProblem([4, 3], rows)).toBeNull();
    expect(tilingProblem([5, 3], rows)).toMatch(/hold 12 of the tensor's 15 elements \(part of it was not saved\)/);
    expect(tilingProblem([4, 3], [...rows, { offsets: [1, 1], sizes: [1, 1] }])).toMatch(/overlap/);
    expect(tilingProblem([4, 3], [{ offsets: [3, 0], sizes: [2, 3] }])).toMatch(/not inside its \[4,3\] tensor/);
    expect(tilingProblem([], [{ offsets: [], sizes: [] }])).toBeNull();
    // an overlap and a hole of the same size: the element count is right, the tiling is not
    expect(tilingProblem([4, 3], [{ offsets: [0, 0], sizes: [2, 3] }, { offsets: [1, 0], sizes: [2, 3] }])).toMatch(/chunks overlap \(the one at \[1,0\]/);
    // a 2x2 grid tiles; the same grid with two cells swapped for an L-shape's worth does not
    const grid = [[0, 0], [0, 3], [6, 0], [6, 3]].map(([r, c]) => ({ offsets: [r!, c!], sizes: [r ? 5 : 6, 3] }));
    expect(tilingProblem([11, 6], grid)).toBeNull();
    expect(tilingProblem([11, 6], [...grid.slice(0, 3), { offsets: [5, 3], sizes: [5, 3] }])).toMatch(/overlap/);
    expect(tilingProblem([0, 3], [{ offsets: [0, 0], sizes: [0, 3] }, { offsets: [0, 0], sizes: [0, 3] }])).toBeNull();
  });
});
