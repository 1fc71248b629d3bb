import { cpSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/capture-main.js';
import { tempDir } from '../helpers/torch.js';

/**
 * review19 F3: `apply -o` onto a distributed checkpoint's pointer file (DeepSpeed `latest`, `latest_universal`,
 * Megatron `latest_checkpointed_iteration.txt`) replaced it, and the save folder no longer read (neither in
 * sdmatch nor in DeepSpeed's or Megatron's load_checkpoint). The layout reader reads it to find the tag: it
 * is the source, refused as a shard is, and left as it was.
 */
const FIXTURES = resolve(__dirname, '../../fixtures');

describe('apply never writes over the pointer file naming a distributed checkpoint\'s tag', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(() => {
    tmp = tempDir('pointer-files');
  });
  afterAll(() => tmp.cleanup());

  for (const [name, fixture, pointer] of [
    ['DeepSpeed latest', 'deepspeed/zero1-bf16-dp3', 'latest'],
    ['DeepSpeed latest_universal', 'deepspeed/universal-zero2', 'latest_universal'],
    ['Megatron tracker', 'megatron/core-tp2', 'latest_checkpointed_iteration.txt'],
  ] as const) {
    it(`${name}: exit 2, one line, the file unchanged and the folder still read`, async () => {
      const dir = join(tmp.dir, fixture.replace('/', '-'));
      cpSync(join(FIXTURES, fixture), dir, { recursive: true });
      const before = readFileSync(join(dir, pointer));
      const plan = join(tmp.dir, `${fixture.replace('/', '-')}.plan.json`);
      expect((await runCli(['plan', dir, dir, '-o', plan])).code).toBe(0);
      const r = await runCli(['apply', dir, plan, '-o', join(dir, pointer)]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/is part of the source .*never writes over its source/);
      expect(readFileSync(join(dir, pointer))).toEqual(before);
      // still a checkpoint sdmatch reads (inspect exits 1 on findings, 2 on a folder it does not recognise)
      expect((await runCli(['inspect', dir])).code).not.toBe(2);
    });
  }
});
