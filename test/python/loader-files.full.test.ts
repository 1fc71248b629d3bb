import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/capture-main.js';
import { tempDir } from '../helpers/torch.js';
import { python, ROOT, torchMissing } from './python.js';

/**
 * Review 19 F2 with files real torch writes: `torch.save` of an object whose __reduce__ is os.system (what
 * a hostile checkpoint holds; the pickle is written, never loaded) into each file DeepSpeed's or Megatron's
 * loader unpickles on resume beside the weights. Every folder, and every such file named directly, must be
 * `dangerous` (exit 2) naming the file: before, a universal folder was `safe` (exit 0) and Megatron's
 * distrib_optim.pt unseen.
 */

const fx = (rel: string) => join(ROOT, 'fixtures', rel);
let tmp: { dir: string; cleanup: () => void };
beforeAll(() => {
  tmp = tempDir('loader-files');
});
afterAll(() => tmp?.cleanup());

/** writes, with real torch.save, `{'param': tensor, 'hook': Evil()}` at each path (never loaded) */
function saveHostile(paths: string[]): void {
  const script = [
    'import os, sys, torch',
    'class Evil:',
    '    def __reduce__(self):',
    "        return (os.system, ('echo sdmatch-test-would-run-this',))",
    'for p in sys.argv[1:]:',
    "    torch.save({'param': torch.zeros(3), 'hook': Evil()}, p)",
  ].join('\n');
  const r = python(['-c', script, ...paths]);
  expect(r.status, r.stderr).toBe(0);
}

/** fixture, the file below it, how the report names it (relative to the checkpoint's folder) */
const CASES = [
  ['deepspeed/universal-zero2', 'global_step10_universal/zero/optimizer_state.pt', 'zero/optimizer_state.pt'],
  ['deepspeed/universal-zero2', 'global_step10_universal/zero/embed.weight/exp_avg.pt', 'zero/embed.weight/exp_avg.pt'],
  ['deepspeed/universal-zero2', 'global_step10_universal/zero/block.0.weight/step.pt', 'zero/block.0.weight/step.pt'],
  ['deepspeed/pipe2', 'global_step6/zero_pp_rank_0_mp_rank_00_optim_states.pt', 'zero_pp_rank_0_mp_rank_00_optim_states.pt'],
  ['megatron/legacy-tp2-pp2', 'iter_0002000/mp_rank_00_000/distrib_optim.pt', 'mp_rank_00_000/distrib_optim.pt'],
  ['megatron/core-tp2', 'iter_0000100/mp_rank_01/distrib_optim.pt', 'mp_rank_01/distrib_optim.pt'],
] as const;

describe.skipIf(torchMissing !== null)('a hostile pickle torch.save wrote where the framework loader reads it', () => {
  it.each(CASES)('%s + %s: dangerous by the folder and by the file', async (fixture, rel, shown) => {
    const dir = join(tmp.dir, `${fixture}-${rel}`.replace(/[^\w.-]+/g, '_'));
    cpSync(fx(fixture), dir, { recursive: true });
    saveHostile([join(dir, rel)]);
    for (const named of [dir, join(dir, rel)]) {
      const r = await runCli(['inspect', named]);
      expect(r.code, `${named}\n${r.stdout}\n${r.stderr}`).toBe(2);
      expect(r.stdout).toMatch(/safety\s+dangerous/);
      expect(r.stdout + r.stderr).toMatch(/posix\.system/);
      expect(r.stdout + r.stderr).toContain(shown);
    }
  });
});
