import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCheckpoint } from '../../src/checkpoint/open.js';
import { moduleTree } from '../../src/checkpoint/module-tree.js';
import { buildInspectModel } from '../../src/report/inspect-model.js';
import { printable, renderInspect, renderTree } from '../../src/report/inspect-text.js';
import { tempDir } from '../helpers/torch.js';
import { repoRoot } from '../helpers/corpus.js';

/** The human report's pieces that the CLI tests do not reach with the small fixtures. */
const tmp = tempDir('inspect-text');
afterAll(() => tmp.cleanup());

/** A safetensors file of `n` tiny tensors named `blocks.I.mlp.weightJ` (keys of varying width). */
function manyTensors(n: number): string {
  const header: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) header[`blocks.${Math.floor(i / 4)}.mlp.weight${i % 4}`] = { dtype: i % 3 === 0 ? 'BF16' : 'F32', shape: [1 + (i % 11)], data_offsets: [0, 0] };
  // zero-length data is not valid for shape [k]; give every tensor its own bytes
  let at = 0;
  for (const v of Object.values(header) as { dtype: string; shape: number[]; data_offsets: number[] }[]) {
    const len = v.shape[0]! * (v.dtype === 'BF16' ? 2 : 4);
    v.data_offsets = [at, at + len];
    at += len;
  }
  let json = Buffer.from(JSON.stringify(header));
  json = Buffer.concat([json, Buffer.alloc((8 - (json.length % 8)) % 8, 0x20)]);
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(json.length), 0);
  const path = join(tmp.dir, `many-${n}.safetensors`);
  writeFileSync(path, Buffer.concat([len, json, Buffer.alloc(at)]));
  return path;
}

describe('the tensor table', () => {
  const path = manyTensors(1000);
  const ck = openCheckpoint(path);
  const model = buildInspectModel(ck);

  it('stops at the row limit and says how to see the rest', () => {
    const text = renderInspect(model, { color: false }, { maxRows: 200 });
    const lines = text.split('\n');
    const head = lines.indexOf('Tensors in (root) (1000)');
    expect(lines[head + 1]).toMatch(/^key +dtype +shape$/);
    expect(lines[head + 202]).toBe('… 800 more (use --all, --json or --filter to see them)');
    expect(lines.length).toBe(head + 203);
  });

  it('with no limit, lists every row as one aligned table (rendered in slices)', () => {
    const text = renderInspect(model, { color: false }, { maxRows: Infinity, verbose: true });
    const lines = text.split('\n');
    const head = lines.indexOf('Tensors in (root) (1000)');
    const table = lines.slice(head + 1);
    expect(table).toHaveLength(1001);
    expect(table.filter((l) => l.startsWith('key '))).toHaveLength(1);
    // every column starts where the header's does, in every slice
    const starts = (l: string) => [...l.matchAll(/(?:^|\s{2})(\S)/g)].map((m) => m.index! + m[0].length - 1);
    const want = starts(table[0]!);
    for (const [i, l] of table.entries()) expect(starts(l), `row ${i}: ${l}`).toEqual(want);
    expect(table.slice(1).map((l) => l.split(/ {2,}/)[0])).toEqual(ck.tensors.map((t) => String(t.path[0])));
  });
});

describe('renderTree', () => {
  it('indents top-level tensors like top-level modules', () => {
    const lines = renderTree(moduleTree([
      { key: 'scale', shape: [] },
      { key: 'head.weight', shape: [2, 4] },
    ]));
    expect(lines).toEqual(['  scale  []', '  head  (8)', '    weight  [2, 4]']);
  });

  it('collapses identical numbered runs and keeps different ones apart', () => {
    const keys = [0, 1, 2, 3].map((i) => ({ key: `layers.${i}.w`, shape: i === 3 ? [5] : [2] }));
    expect(renderTree(moduleTree(keys))).toEqual([
      '  layers  (11)',
      '    0-2  (3 × 2 = 6)',
      '      w  [2]',
      '    3  (5)',
      '      w  [5]',
    ]);
  });
});

describe('printable', () => {
  it('escapes C0 and C1 control characters and keeps everything else', () => {
    expect(printable('a\u001b[31mb\nc\u0085d\u007f')).toBe('a\\u001b[31mb\\u000ac\\u0085d\\u007f');
    expect(printable('layers.0 — ü 模型')).toBe('layers.0 — ü 模型');
  });
});

describe('inspect --verbose on a DCP checkpoint', () => {
  const dcpDir = join(repoRoot, 'fixtures', 'dcp', 'uneven');
  const plainStyle = { color: false };
  it('lists each chunked tensor once, with its chunks as slices of the whole and the file each is in', () => {
    const m = buildInspectModel(openCheckpoint(dcpDir));
    const text = renderInspect(m, plainStyle, { verbose: true });
    const row = text.split('\n').find((l) => l.startsWith('embed.weight'))!;
    expect(row).toMatch(/\[11, 6\].*4: \[0:6, 0:3\] __0_0\.distcp · \[0:6, 3:6\] __1_0\.distcp · \[6:11, 0:3\] __2_0\.distcp · \[6:11, 3:6\] __0_0\.distcp$/);
    expect(text.split('\n').find((l) => l.startsWith('scale'))).toMatch(/whole$/);
    expect(text.split('\n').filter((l) => l.startsWith('embed.weight'))).toHaveLength(1);
    expect(renderInspect(m, plainStyle, {})).not.toMatch(/distcp ·/);
  });
});
