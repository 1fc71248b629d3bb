import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from './capture-main.js';
import { safetensorsFile } from '../helpers/json-mutants.js';
import { tempDir } from '../helpers/torch.js';

/**
 * Review 14 F3: a Hugging Face model folder on disk (what save_pretrained writes: config.json beside the
 * checkpoint, sharded with an index or one file) was refused with a message naming only the distributed
 * layouts, while hf://ORG/REPO resolves the same folder. Now the refusal is one line naming the file to
 * pass, chosen as from_pretrained (and hf://) chooses it; that file reads.
 */
let tmp: { dir: string; cleanup: () => void };

/** A safetensors file of float32 vectors of zeros, `n` elements each. */
function shard(path: string, names: string[], n = 4): void {
  const header = Object.fromEntries(names.map((k, i) => [k, { dtype: 'F32', shape: [n], data_offsets: [i * n * 4, (i + 1) * n * 4] }]));
  writeFileSync(path, safetensorsFile(JSON.stringify(header), names.length * n * 4));
}

beforeAll(() => {
  tmp = tempDir('model-folder');
  const sharded = join(tmp.dir, 'sharded');
  mkdirSync(sharded);
  writeFileSync(join(sharded, 'config.json'), JSON.stringify({ model_type: 'gpt2' }));
  shard(join(sharded, 'model-00001-of-00002.safetensors'), ['a.weight', 'a.bias']);
  shard(join(sharded, 'model-00002-of-00002.safetensors'), ['b.weight']);
  const map = { 'a.weight': 'model-00001-of-00002.safetensors', 'a.bias': 'model-00001-of-00002.safetensors', 'b.weight': 'model-00002-of-00002.safetensors' };
  writeFileSync(join(sharded, 'model.safetensors.index.json'), JSON.stringify({ metadata: {}, weight_map: map }));
  const single = join(tmp.dir, 'single');
  mkdirSync(single);
  writeFileSync(join(single, 'config.json'), JSON.stringify({ model_type: 'bert' }));
  shard(join(single, 'model.safetensors'), ['w']);
  // review 25 F3: a consolidated file beside the sharded set it came from; from_pretrained tries model.safetensors first
  const both = join(tmp.dir, 'both');
  mkdirSync(both);
  for (const f of ['config.json', 'model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors', 'model.safetensors.index.json']) copyFileSync(join(sharded, f), join(both, f));
  shard(join(both, 'model.safetensors'), ['w']);
});
afterAll(() => tmp?.cleanup());

it('a model folder is refused in one line naming the file to pass, as from_pretrained picks it; that file reads (exit 2, then 0); another folder keeps the layouts\' message', async () => {
  for (const [dir, file, count] of [['sharded', 'model.safetensors.index.json', 3], ['single', 'model.safetensors', 1], ['both', 'model.safetensors', 1]] as const) {
    const folder = join(tmp.dir, dir);
    for (const cmd of [['inspect', folder], ['manifest', folder]]) {
      const r = await runCli(cmd);
      expect(r.code, cmd.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toBe(`sdmatch: ${folder}: is a model folder, not one checkpoint: pass its checkpoint file, ${join(folder, file)} (the file from_pretrained reads first${file.endsWith('.index.json') ? '; the index reads its shards as one checkpoint' : ''})`);
    }
    const named = await runCli(['inspect', '--json', join(folder, file)]);
    expect(named.code).toBe(0);
    expect((JSON.parse(named.stdout) as { tensors: unknown[] }).tensors).toHaveLength(count);
  }
  // a folder of no known layout and no model file keeps the layouts' message; so does one .pt beside nothing of
  // transformers' (no config.json, none of its file names): "the file from_pretrained reads first" would be false there
  for (const [dir, file] of [['other', 'notes.txt'], ['loose', 'run.pt']] as const) {
    const folder = join(tmp.dir, dir);
    mkdirSync(folder);
    writeFileSync(join(folder, file), file.endsWith('.pt') ? '' : 'x');
    const r = await runCli(['inspect', folder]);
    expect(r.code, dir).toBe(2);
    expect(r.stderr, dir).toMatch(/is a directory, not a checkpoint sdmatch recognises \(torch\.distributed\.checkpoint/);
  }
});
