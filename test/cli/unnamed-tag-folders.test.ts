import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { repoRoot } from '../helpers/corpus.js';
import { tempDir } from '../helpers/torch.js';
import { runCli } from './capture-main.js';

/**
 * Review 25 F13b: a DeepSpeed save folder with two tag folders and no `latest` was "a directory, not a checkpoint
 * sdmatch recognises". It is one it recognises: the line names the tag folders and asks for one.
 */
const tmp = tempDir('unnamed-tags');
afterAll(() => tmp.cleanup());

it('two tag folders, no latest: one line naming them and the one to pass; that one reads', async () => {
  const dir = join(tmp.dir, 'ds');
  mkdirSync(dir);
  for (const tag of ['global_step10', 'global_step20']) cpSync(join(repoRoot, 'fixtures/deepspeed/zero1-bf16-dp3/global_step10'), join(dir, tag), { recursive: true });
  const r = await runCli(['inspect', dir]);
  expect(r.code).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toBe(`sdmatch: ${dir}: holds 2 checkpoint folders (global_step10, global_step20) and no pointer file naming one (DeepSpeed's latest, Megatron's latest_checkpointed_iteration.txt): name the one to read, e.g. ${join(dir, 'global_step20')}\n`);
  // inspect exits 1 on DeepSpeed files' unknown globals (its safety verdict): read, not refused
  expect((await runCli(['inspect', join(dir, 'global_step20')])).code).toBeLessThan(2);
});
