import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithTorch, runPython, tempDir } from '../helpers/torch.js';
import { runCli } from '../cli/capture-main.js';

/**
 * Review 25 F9: a Megatron folder whose rank files come from two saves (rank 1 re-saved at another iteration, or
 * with another checkpoint_version or model args) was joined without a word: each ColumnParallel/RowParallel tensor
 * half from one model, half from another, "verified". save_checkpoint writes every rank file in one step from the
 * same args, so files that disagree on iteration, checkpoint_version or the layout args are refused (exit 2),
 * naming the rank and both values, as DeepSpeed's reader refuses a rank's file left over from another save.
 */

/** Python: OUT — OUT/ok (one save), OUT/iter (rank 1 from iteration 90), OUT/ver (rank 1 at checkpoint_version 2.0), OUT/args (rank 1 of 3 layers) */
const BUILD_PY = `
import sys, os, argparse, torch
from collections import OrderedDict as OD
out = sys.argv[1]
def write(name, rank1=lambda sd, a: None):
    for r in range(2):
        args = argparse.Namespace(num_layers=2, hidden_size=8, ffn_hidden_size=10, num_attention_heads=4, kv_channels=2, swiglu=False,
            tensor_model_parallel_size=2, pipeline_model_parallel_size=1, padded_vocab_size=16, iteration=100, rank=r)
        g = torch.Generator().manual_seed(r)
        model = OD([('embedding.word_embeddings.weight', torch.randn(8, 8, generator=g)), ('encoder.final_layernorm.weight', torch.ones(8))])
        sd = {'args': args, 'checkpoint_version': 3.0, 'iteration': 100, 'model': {'language_model': model}}
        if r == 1: rank1(sd, args)
        d = os.path.join(out, name, 'iter_0000100', f'mp_rank_{r:02d}')
        os.makedirs(d)
        torch.save(sd, os.path.join(d, 'model_optim_rng.pt'))
    with open(os.path.join(out, name, 'latest_checkpointed_iteration.txt'), 'w') as f: f.write('100')
def other_iteration(sd, a):
    sd['iteration'] = 90; a.iteration = 90
write('ok')
write('iter', other_iteration)
write('ver', lambda sd, a: sd.update(checkpoint_version=2.0))
write('args', lambda sd, a: setattr(a, 'num_layers', 3))
`;

describeWithTorch('Megatron rank files of two saves (review25 F9)', () => {
  let tmp: ReturnType<typeof tempDir>;
  const at = (f: string) => join(tmp.dir, f);
  beforeAll(() => {
    tmp = tempDir('megatron-mixed');
    runPython(BUILD_PY, [tmp.dir]);
  });
  afterAll(() => tmp.cleanup());

  it('one save (args.rank differs per process, as Megatron saves it): read and joined', async () => {
    const r = await runCli(['inspect', at('ok')]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });

  it.each([
    ['iter', /mp_rank_01\/model_optim_rng\.pt has iteration 90 where mp_rank_00\/model_optim_rng\.pt has 100/],
    ['ver', /mp_rank_01\/model_optim_rng\.pt has checkpoint_version 2 where mp_rank_00\/model_optim_rng\.pt has 3/],
    ['args', /mp_rank_01\/model_optim_rng\.pt has args\.num_layers 3 where mp_rank_00\/model_optim_rng\.pt has 2/],
  ])('%s: inspect and plan (the reader apply uses too) refuse it (exit 2), naming the rank and both values', async (name, words) => {
    const i = await runCli(['inspect', at(name)]);
    expect(i.code).toBe(2);
    expect(i.stderr).toMatch(words);
    const p = await runCli(['plan', at(name), at('ok'), '-o', at(`${name}.plan.json`)]);
    expect(p.code).toBe(2);
    expect(p.stderr).toMatch(words);
    expect(existsSync(at(`${name}.plan.json`))).toBe(false);
  });
});
