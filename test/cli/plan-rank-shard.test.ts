import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { rankShard } from '../../src/analysis/rank-shard.js';
import { runCli } from './capture-main.js';
import { describeWithTorch, runPython, tempDir } from '../helpers/torch.js';

/**
 * Review 14 F1: one rank's file of a hand-rolled tensor-parallel save (every tensor with an even dim 0
 * cut in half on dim 0, the model's own names) planned against the whole model. Before, the MLP layers
 * were "the model's head … stay missing on purpose" with a recipe keeping them random, and "classifier
 * of another class count". Now: one finding, a rank's shard of 2, how to read the whole set, no head recipe.
 */
const MODEL = `
import torch, torch.nn as nn, json, sys
from collections import OrderedDict
class Block(nn.Module):
    def __init__(s):
        super().__init__()
        s.ln = nn.LayerNorm(16); s.qkv = nn.Linear(16, 48); s.fc1 = nn.Linear(16, 64); s.fc2 = nn.Linear(64, 16)
class GPT(nn.Module):
    def __init__(s):
        super().__init__()
        s.wte = nn.Embedding(50, 16); s.blocks = nn.ModuleList(Block() for _ in range(3)); s.lnf = nn.LayerNorm(16)
torch.manual_seed(0)
sd = GPT().state_dict()
for r in range(2):
    torch.save(OrderedDict((k, v.chunk(2, 0)[r].clone() if v.shape[0] % 2 == 0 else v) for k, v in sd.items()), sys.argv[1] + f'/rank{r}.pt')
json.dump({'format': 'sdmatch-manifest', 'version': 1, 'tensors': {k: {'shape': list(v.shape), 'dtype': 'float32'} for k, v in sd.items()}}, open(sys.argv[1] + '/gpt.json', 'w'))
# torch's own error for loading rank 0's file into the whole model
try:
    GPT().load_state_dict(torch.load(sys.argv[1] + '/rank0.pt'))
except RuntimeError as e:
    open(sys.argv[1] + '/err.txt', 'w').write(str(e))
`;

describeWithTorch('one rank of a tensor-parallel save planned against the whole model (real torch)', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(() => {
    tmp = tempDir('rankshard');
    runPython(MODEL, [tmp.dir]);
  });
  afterAll(() => tmp.cleanup());

  it('says one rank of 2, how to read the whole set; no head, class count or keep-missing recipe; exit 1', async () => {
    const r = await runCli(['plan', join(tmp.dir, 'rank0.pt'), join(tmp.dir, 'gpt.json'), '--json']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout) as { causes: { code: string; message: string }[]; keptMissing: unknown[] };
    expect(j.causes[0]!.code).toBe('rank_shard');
    expect(j.causes[0]!.message).toMatch(/1\/2 of the model's size along one dim .*one tensor-parallel rank's shard of a model split over 2 ranks.*read the whole set/);
    const text = JSON.stringify(j.causes);
    expect(text).not.toMatch(/class count|stay missing on purpose|state_dict\.update|have no source/);
    expect(j.keptMissing).toEqual([]);
    expect(Object.keys(JSON.parse(readFileSync(join(tmp.dir, 'gpt.json'), 'utf8')).tensors).length).toBeGreaterThan(20);
  });

  it('explain with the checkpoint and torch\'s error says the same: the shard alone, no head, vocabulary or heads words, no drop; exit 1', async () => {
    const err = readFileSync(join(tmp.dir, 'err.txt'), 'utf8');
    expect(err).toMatch(/size mismatch for blocks\.0\.fc1\.weight/);
    const r = await runCli(['explain', join(tmp.dir, 'rank0.pt'), join(tmp.dir, 'err.txt'), '--json']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout) as { causes: { code: string; message: string }[]; keptMissing: unknown[]; plan: { ops: { op: string; reason?: string }[] } };
    expect(j.causes[0]!.code).toBe('rank_shard');
    expect(j.causes[0]!.message).toMatch(/one tensor-parallel rank's shard of a model split over 2 ranks.*read the whole set/);
    const text = JSON.stringify(j);
    expect(text).not.toMatch(/class count|number of classes|vocabulary changed|heads × head size|new head|stay missing on purpose|state_dict\.update|readings? open/);
    expect(j.plan.ops.filter((o) => o.op === 'drop')).toEqual([]);
    expect(j.keptMissing).toEqual([]);
    const t = await runCli(['explain', join(tmp.dir, 'rank0.pt'), join(tmp.dir, 'err.txt')]);
    // the findings: the block under the first line, one finding
    expect(t.stdout.split('\n\n')[0]!.split('\n').filter((l) => l.startsWith('  - '))).toHaveLength(1);
  });

  it('plan against the whole model drops nothing and copies no tie between rank pieces', async () => {
    const j = JSON.parse((await runCli(['plan', join(tmp.dir, 'rank0.pt'), join(tmp.dir, 'gpt.json'), '--json'])).stdout) as { causes: { code: string; message: string }[]; plan: { ops: unknown[] } };
    expect(j.plan.ops).toEqual([]);
    expect(JSON.stringify(j.causes)).not.toMatch(/classifier|class count|no counterpart/);
  });
});

it('rankShard: a uniform 1/N along one dim is a shard; a head and a vocabulary of other sizes are not', () => {
  const half = (key: string, t: number[], d = 0) => ({ key, source: t.map((x, i) => (i === d ? x / 2 : x)), target: t });
  const four = [half('a', [64, 16]), half('b', [64]), half('c', [16, 64], 1), half('d', [48, 16])];
  expect(rankShard(four)).toMatchObject({ ranks: 2, count: 4, of: 4 });
  // another model: a head of 10 vs 1000 and a vocabulary 32000 vs 50257, a width 768 vs 1024
  expect(rankShard([{ key: 'h', source: [10, 16], target: [1000, 16] }, { key: 'v', source: [50257, 16], target: [32000, 16] }, { key: 'w', source: [768], target: [1024] }, half('x', [64])])).toBeNull();
  // a convnet of half the width: every conv weight smaller along two dims, its BatchNorm vectors 1/2 along one
  // (4 of 5 mismatches per layer): a narrower model, not a rank's piece
  const narrow = [0, 1, 2].flatMap((i) => [
    { key: `l${i}.conv.weight`, source: [32, 32, 3, 3], target: [64, 64, 3, 3] },
    ...['weight', 'bias', 'running_mean', 'running_var'].map((b) => half(`l${i}.bn.${b}`, [64])),
  ]);
  expect(rankShard(narrow)).toBeNull();
  // too few to read a pattern from
  expect(rankShard(four.slice(0, 3))).toBeNull();
});
