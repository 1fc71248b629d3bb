import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/corpus.js';
import { tempDir } from '../helpers/torch.js';
import { runCli } from '../cli/capture-main.js';

/**
 * Review 19 F11 (S12): on a DeepSpeed folder, plan, explain and diff called `model` and `module` a tie "decided by
 * order" and offered `--select module` as the other choice ("may hold other values, an EMA copy"). `module` is the
 * 16-bit copy rounded from the fp32 masters `model` is made of (empty placeholders under ZeRO-3): the advice traded the
 * masters for fp16. No tie is offered on a DeepSpeed folder. And a ZeRO-2 folder whose optimizer files are all gone
 * said only "no ZeRO optimizer files: model is the module as saved": its ds_config says ZeRO-2, so the words now say
 * that its fp32 master weights are not in the folder.
 */
const { dir, cleanup } = tempDir('ds-copies-words');
afterAll(() => cleanup());
const z2 = join(dir, 'z2');
cpSync(join(repoRoot, 'fixtures/deepspeed/zero2-fp16-dp2'), z2, { recursive: true });

describe('DeepSpeed: model and module are no tie, and a ZeRO save without its optimizer files says its masters are gone', () => {
  it('plan of a ZeRO-2 folder against its own manifest: no --select module advice', async () => {
    const m = join(dir, 'm.json');
    expect((await runCli(['manifest', z2, '-o', m, '-q'])).code).toBe(0);
    const r = await runCli(['plan', z2, m, '--no-color']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/--select module|EMA copy|decided by order/);
    expect(r.stdout).toMatch(/the state dict at `model` already matches/);
  });

  it('the same folder with every optimizer file removed: ZeRO-2 by its ds_config, fp32 masters not in the folder', async () => {
    const bare = join(dir, 'bare');
    cpSync(z2, bare, { recursive: true });
    for (const r of [0, 1]) rmSync(join(bare, 'global_step10', `zero_pp_rank_${r}_mp_rank_00_optim_states.pt`));
    const r = await runCli(['inspect', bare, '--no-color']);
    expect(r.stdout).toContain('DeepSpeed ZeRO-2 checkpoint (its ds_config) without its optimizer files: its fp32 master weights are not in the folder; model is the module as saved (the float16 weights, rounded from them)');
  });
});
