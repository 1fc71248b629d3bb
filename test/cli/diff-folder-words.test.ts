import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/corpus.js';
import { runCli } from './capture-main.js';

/**
 * Review 14 F6: `diff` on a DeepSpeed or Megatron-LM folder compares the state dict sdmatch builds from
 * the ranks' files. No file of the folder holds it, so "load `checkpoint['model']`" sends the user to a
 * key nothing has; the way to one loadable file is `sdmatch apply`, which diff now names.
 */
const fx = (p: string) => join(repoRoot, 'fixtures', p);

describe('diff on a folder sdmatch builds the state dict of', () => {
  for (const [folder, who] of [['deepspeed/zero2-fp16-dp2', /DeepSpeed ranks' files/], ['megatron/core-tp2', /Megatron-LM ranks' pieces/]] as const) {
    it(`${folder}: no checkpoint['model'] advice; sdmatch plan + apply named with the folder and the model`, async () => {
      // the model: the folder's own reference, saved by torch from the unsplit model
      const ref = fx(`${folder}.reference.pt`);
      const r = await runCli(['diff', fx(folder), ref]);
      expect(r.code, r.stderr).toBeLessThan(2);
      expect(r.stdout).not.toMatch(/checkpoint\['model'\]|load `checkpoint/);
      expect(r.stdout).toMatch(who);
      expect(r.stdout).toContain(`sdmatch plan ${fx(folder)} ${ref} --select model -o plan.json || [ $? -eq 1 ] && sdmatch apply ${fx(folder)} plan.json -o merged.safetensors`);
    });
  }
});
