import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openCheckpoint } from '../../src/checkpoint/open.js';
import { tempDir } from '../helpers/torch.js';

/**
 * Review 14 F4: a shard holding a second copy of a key the index maps to another shard. Read twice, the
 * key was two tensors ("tensors 52" for 51 keys), plan said it loads, apply failed blaming the plan. The
 * index's copy is the key's (as transformers loads it); the other copy is said in one detail line.
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
  safetensors(join(tmp.dir, 'model-00001-of-00002.safetensors'), { a: [1, 2], dup: [0, 0] });
  safetensors(join(tmp.dir, 'model-00002-of-00002.safetensors'), { dup: [7, 8], b: [3, 4] });
  writeFileSync(join(tmp.dir, 'model.safetensors.index.json'), JSON.stringify({ metadata: {}, weight_map: { a: 'model-00001-of-00002.safetensors', dup: 'model-00002-of-00002.safetensors', b: 'model-00002-of-00002.safetensors' } }));
});
afterAll(() => tmp?.cleanup());

it("a key in two shards is read once, from the shard the index maps it to, and said in one detail line", () => {
  const c = openCheckpoint(join(tmp.dir, 'model.safetensors.index.json'));
  const root = c.root as unknown as { entries: [string, unknown][] };
  expect(root.entries.map(([k]) => k).sort()).toEqual(['a', 'b', 'dup']);
  expect(c.detail.filter((d) => /also holds 1 key\(s\) the index maps to another shard \(`dup`\)/.test(d))).toHaveLength(1);
});
