import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { mutate } from '../../bench/fuzz/mutate.js';
import { repoRoot } from '../helpers/corpus.js';
import { tempDir } from '../helpers/torch.js';
import { runCli } from './capture-main.js';

/**
 * ci15a's fuzz campaign: fused-qkv.traceback.txt with bytes flipped (seed 839) garbles one key of the missing
 * list (`blocws.0.attn.q_proj.weight`), so two fused wholes seen from the text alone name one part. correspond
 * set each whole's parts aside in turn and the second overwrote the part with nothing: explain exited 3
 * ("Cannot read properties of undefined"). A garbled paste is the user's input, never sdmatch's bug.
 */
const tmp = tempDir('unsized-overlap');
afterAll(() => tmp.cleanup());

it('a garbled fused-qkv paste whose wholes share a part is read (exit 1, the fused finding), not an internal error', async () => {
  const text = readFileSync(join(repoRoot, 'fixtures/pairs/fused-qkv.traceback.txt'));
  const file = join(tmp.dir, 'garbled.txt');
  writeFileSync(file, mutate(new Uint8Array(text), 839, 'flip').bytes);
  const r = await runCli(['explain', file]);
  expect(r.stderr).not.toMatch(/internal error/);
  expect(r.code).toBe(1);
  expect(r.stdout).toMatch(/look like several tensors fused into one/);
});
