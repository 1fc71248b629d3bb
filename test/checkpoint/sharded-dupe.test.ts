import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openCheckpoint } from '../../src/checkpoint/open.js';
import { FormatError } from '../../src/formats/errors.js';
import { tempDir } from '../helpers/torch.js';
import { runCli } from '../cli/capture-main.js';

/**
 * Review 14 F4: a shard holding a second copy of a key the index maps to another shard. Read twice, the
 * key was two tensors ("tensors 52" for 51 keys), plan said it loads, apply failed blaming the plan. Equal copies
 * are read once and said in one detail line; copies that differ (review 19 F11, S23) leave the key's value unknown
 * (transformers loads both, the later shard by name last, whatever the index says): one line naming the key and both
 * shards, refused.
 */
let tmp: { dir: string; cleanup: () => void };

/** A safetensors file of float32 vectors, written byte by byte (header length, JSON header, data). */
function safetensors(path: string, tensors: Record<string, number[]>): void {
  let offset = 0;
  const header: Record<string, unknown> = {};
  const data: Buffer[] = [];
  for (const [name, values] of Object.entries(tensors)) {
    const b = Buffer.from(new Float32Array(values).buffer);
    header[name] = { dtype: 'F32', shape: [values.length], data_offsets: [offset, offset + b.length] };
    offset += b.length;
    data.push(b);
  }
  const json = Buffer.from(JSON.stringify(header));
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(json.length));
  writeFileSync(path, Buffer.concat([len, json, ...data]));
}

beforeAll(() => {
  tmp = tempDir('sharded-dupe');
  for (const [folder, first] of [['same', [7, 8]], ['differ', [0, 0]], ['shape', [7, 8, 9]]] as const) {
    mkdirSync(join(tmp.dir, folder));
    safetensors(join(tmp.dir, folder, 'model-00001-of-00002.safetensors'), { a: [1, 2], dup: [...first] });
    safetensors(join(tmp.dir, folder, 'model-00002-of-00002.safetensors'), { dup: [7, 8], b: [3, 4] });
    writeFileSync(join(tmp.dir, folder, 'model.safetensors.index.json'), JSON.stringify({ metadata: {}, weight_map: { a: 'model-00001-of-00002.safetensors', dup: 'model-00002-of-00002.safetensors', b: 'model-00002-of-00002.safetensors' } }));
  }
});
afterAll(() => tmp?.cleanup());

it('a key in two shards with equal copies is read once and said in one detail line', () => {
  const c = openCheckpoint(join(tmp.dir, 'same', 'model.safetensors.index.json'));
  const root = c.root as unknown as { entries: [string, unknown][] };
  expect(root.entries.map(([k]) => k).sort()).toEqual(['a', 'b', 'dup']);
  expect(c.detail.filter((d) => /also holds 1 key\(s\) the index maps to another shard \(`dup`\), equal to the index's copies \(dtype, shape and values\)/.test(d))).toHaveLength(1);
});

it('copies that differ in values or shape: one line naming the key and both shards, exit 2 (no copy chosen)', async () => {
  for (const [folder, why] of [['differ', 'values differ'], ['shape', 'shape [3] vs [2]']] as const) {
    const index = join(tmp.dir, folder, 'model.safetensors.index.json');
    expect(() => openCheckpoint(index)).toThrow(FormatError);
    const r = await runCli(['inspect', index]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('"dup" is in two shards with different values, model-00002-of-00002.safetensors (where the index maps it) and model-00001-of-00002.safetensors');
    expect(r.stderr).toContain(why);
  }
});
