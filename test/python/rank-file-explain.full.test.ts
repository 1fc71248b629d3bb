import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithTorch, tempDir } from '../helpers/torch.js';
import { runCli } from '../cli/capture-main.js';
import { python } from './python.js';

/**
 * Review25 F12: `explain RANK_FILE ERROR` where the error is torch's own for `model.load_state_dict(torch.load(RANK_FILE))`
 * (test/python/rank_file_errors.py writes the folders with fixtures/distributed.py and the errors with torch 1.13).
 * Before: "the error text does not come from this checkpoint" (it does) and `checkpoint['model']`, a KeyError for
 * DeepSpeed's file and half of each split tensor for Megatron's TP=2 rank. Each claim the words make is checked in torch:
 * DeepSpeed's `checkpoint['module']` loads strict; Megatron's `checkpoint['model']` fails with size mismatches; the
 * folder's fix (plan, then apply, on the file named) loads strict, every tensor equal to the model the ranks came from.
 */

let tmp: { dir: string; cleanup: () => void };
let torchSays: { ds_module_loads: boolean; ds_module_equal: boolean; mg_model_size_mismatch: boolean };
beforeAll(() => {
  tmp = tempDir('rank-file-explain');
  const r = python(['test/python/rank_file_errors.py', tmp.dir]);
  expect(r.status, r.stderr).toBe(0);
  torchSays = JSON.parse(r.stdout.trim().split('\n').pop()!) as typeof torchSays;
});
afterAll(() => tmp?.cleanup());

async function folderFixLoads(file: string, error: string, builder: string, reference: string): Promise<unknown> {
  const plan = join(tmp.dir, `${builder}.plan.json`);
  const out = join(tmp.dir, `${builder}.merged.safetensors`);
  expect((await runCli(['plan', file, error, '-o', plan])).code).toBe(0);
  expect((await runCli(['apply', file, plan, '-o', out])).code).toBe(0);
  const v = python(['python/verify_load.py', out, '--module', `fixtures.distributed:${builder}`, '--reference', reference]);
  return JSON.parse(v.stdout.trim()) as unknown;
}

describeWithTorch('a rank file of a distributed checkpoint passed whole to load_state_dict', () => {
  it("DeepSpeed's mp_rank_00_model_states.pt: the error is the file's own; its weights are at checkpoint['module']", async () => {
    const file = join(tmp.dir, 'ds/global_step10/mp_rank_00_model_states.pt');
    const error = join(tmp.dir, 'ds.err.txt');
    const r = await runCli(['explain', file, error]);
    expect(r.stdout).not.toMatch(/does not come from this checkpoint|not produced by loading this checkpoint/);
    expect(r.stdout).not.toMatch(/checkpoint\['model'\]/);
    expect(r.stdout).toMatch(/its weights are at `checkpoint\['module'\]`.*load that instead/);
    expect(r.stdout).toMatch(/fp32 master weights .* `sdmatch plan .*ds\/global_step10 MODEL -o plan\.json`/);
    expect(torchSays.ds_module_loads && torchSays.ds_module_equal).toBe(true);
    expect(await folderFixLoads(file, error, 'tiny_lm', join(tmp.dir, 'ds.reference.pt'))).toEqual({ ok: true, strict: true, weights_only: true, equal: 13 });
  });

  it("Megatron-LM's TP=2 model_optim_rng.pt: one of 2 tensor-parallel ranks, half of each split tensor; pass the folder", async () => {
    const file = join(tmp.dir, 'mg/iter_0000100/mp_rank_00/model_optim_rng.pt');
    const error = join(tmp.dir, 'mg.err.txt');
    expect(readFileSync(error, 'utf8')).toMatch(/Unexpected key\(s\) in state_dict: "args"/);
    const r = await runCli(['explain', file, error]);
    expect(r.stdout).not.toMatch(/does not come from this checkpoint|not produced by loading this checkpoint/);
    expect(r.stdout).not.toMatch(/load `checkpoint\['model'\]` instead/);
    expect(r.stdout).toMatch(/one of 2 tensor-parallel ranks: each split tensor there is 1\/2 of the model's .* fails with size mismatches: pass the folder, not one file: `sdmatch plan .*mg\/iter_0000100 MODEL/);
    expect(torchSays.mg_model_size_mismatch).toBe(true);
    expect(await folderFixLoads(file, error, 'core_gpt_tp2', join(tmp.dir, 'mg.reference.pt'))).toEqual({ ok: true, strict: true, weights_only: true, equal: 28 });
  });
});
