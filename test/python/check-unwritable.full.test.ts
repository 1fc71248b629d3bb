import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithTorch, runPython, tempDir } from '../helpers/torch.js';
import { runCli } from '../cli/capture-main.js';
import { loadSchema, validateJson as validate } from '../helpers/json-schema.js';

/**
 * Review25 F6: `check` on a Megatron-LM folder whose tensors of unknown split plan and apply refuse. Before: "compatible —
 * old checkpoints load as they are" (exit 0) while plan exited 1 and apply 2, and "another size" for rank 0's piece where
 * plan says "a tensor-parallel rank's shard". A TP=2 folder written with torch: 4 adapters cut in row halves over the
 * ranks under a name of no known parallel layer (split unknown), beside Megatron's own names (known splits); the current
 * model is the TP=1 one. check must fail in every format, with plan's words; the model's own shape keeps the names.
 */

const WRITE = `
import sys, os, argparse, collections, torch
out = sys.argv[1]; TP = 2; h = 8
torch.manual_seed(3)
full = collections.OrderedDict()
full['embedding.word_embeddings.weight'] = torch.randn(16, h)
for l in range(4):
    full[f'decoder.layers.{l}.input_layernorm.weight'] = torch.randn(h)
    full[f'decoder.layers.{l}.adapter.weight'] = torch.randn(8, h)
full['output_layer.weight'] = torch.randn(16, h)
def shard(k, t, r):
    if 'layernorm' in k: return t.clone()
    return t.chunk(TP, 0)[r].clone()
args = argparse.Namespace(num_layers=4, hidden_size=h, ffn_hidden_size=12, num_attention_heads=4, kv_channels=2,
    tensor_model_parallel_size=TP, pipeline_model_parallel_size=1, padded_vocab_size=16, iteration=5, ckpt_format='torch')
for r in range(TP):
    d = f'{out}/tp2/iter_0000005/mp_rank_{r:02d}'; os.makedirs(d, exist_ok=True)
    torch.save({'args': args, 'checkpoint_version': 3.0, 'iteration': 5, 'model': collections.OrderedDict((k, shard(k, v, r)) for k, v in full.items())}, f'{d}/model_optim_rng.pt')
open(f'{out}/tp2/latest_checkpointed_iteration.txt', 'w').write('5')
torch.save(full, f'{out}/ref.pt')
`;

let tmp: { dir: string; cleanup: () => void };
let folder: string;
let current: string;
beforeAll(async () => {
  tmp = tempDir('check-unwritable');
  runPython(WRITE, [tmp.dir]);
  folder = join(tmp.dir, 'tp2');
  current = join(tmp.dir, 'ref.json');
  expect((await runCli(['manifest', join(tmp.dir, 'ref.pt'), '-o', current])).code).toBe(0);
});
afterAll(() => tmp?.cleanup());

describeWithTorch('check on a Megatron folder with tensors of unknown split (review 25 F6)', () => {
  it('plan exits 1 and apply refuses them: the premise', async () => {
    const plan = await runCli(['plan', folder, current, '-o', join(tmp.dir, 'p.json')]);
    expect(plan.code).toBe(1);
    expect(plan.stdout).toMatch(/4 tensors of the checkpoint have no bytes sdmatch can write as one tensor, so apply refuses them/);
    expect(plan.stdout).toMatch(/one tensor-parallel rank's shard of a model split over 2 ranks/);
  });

  it('text: breaking, never "compatible" or "another size"; the same sentence as plan', async () => {
    const r = await runCli(['check', folder, current]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^sdmatch check: breaking/);
    expect(r.stdout).not.toMatch(/compatible|load as they are|another size/);
    expect(r.stdout).toMatch(/4 tensors of the checkpoint have no bytes sdmatch can write as one tensor, so apply refuses them: `decoder\.layers\.0\.adapter\.weight` \(mp_rank_00 of 2 ranks, split unknown/);
    expect(r.stdout).toMatch(/decoder\.layers\.0\.adapter\.weight: \[4, 8\] → \[8, 8\] \(this looks like one tensor-parallel rank's shard of a model split over 2 ranks, not another model size or head\)/);
    expect(r.stdout).toMatch(/not writable \(4\)/);
  });

  it('JSON (valid), JUnit, Markdown and GitHub annotations say the same', async () => {
    const out = await runCli(['check', folder, current, '--format', 'json']);
    expect(out.code).toBe(1);
    const j = JSON.parse(out.stdout) as { verdict: string; loads: string; unwritable: { key: string }[]; rules: { id: string; failed: boolean }[] };
    expect(validate(loadSchema('check.schema.json'), j)).toEqual([]);
    expect(j.verdict).toBe('breaking');
    expect(j.loads).toBe('no');
    expect(j.unwritable.map((u) => u.key)).toEqual([0, 1, 2, 3].map((l) => `decoder.layers.${l}.adapter.weight`));
    expect(j.rules.find((x) => x.id === 'kept-weights-writable')!.failed).toBe(true);
    const junit = await runCli(['check', folder, current, '--format', 'junit']);
    expect(junit.stdout).toMatch(/<testcase classname="sdmatch\.check" name="every kept weight can be written">\s*<failure type="breaking"/);
    const md = await runCli(['check', folder, current, '--format', 'markdown']);
    expect(md.stdout).toMatch(/Not writable \(4\)/);
    expect(md.stdout).not.toMatch(/another size/);
    const gh = await runCli(['check', folder, current, '--format', 'github']);
    expect(gh.stdout).toMatch(/::error [^\n]*title=sdmatch check%3A 4 tensors sdmatch cannot write as one tensor%3A apply refuses them/);
  });
});
