import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from './capture-main.js';
import { describeWithTorch, runPython, tempDir } from '../helpers/torch.js';
import { STRICT_EQUAL_PY } from '../helpers/torch-plan.js';

/**
 * Review 14 F2: a state dict saved in several torch.save files, one per rank, each holding its share of the
 * keys. Planned from one file, the other files' keys were "no source in the checkpoint", with no word that
 * the file beside it holds them. Now the first finding names the other files and how to merge them; the
 * merge it describes, done by torch, plans (exit 0) and applies to an output torch loads strict=True with
 * every tensor equal.
 */
const MODELS = `
import torch, torch.nn as nn, json, sys
from collections import OrderedDict
${STRICT_EQUAL_PY}
class Net(nn.Module):
    def __init__(s):
        super().__init__(); s.a = nn.Linear(4, 8); s.b = nn.Linear(8, 8); s.c = nn.Linear(8, 2)
`;

describeWithTorch('a state dict saved one file per rank: the other files are named (real torch)', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(() => {
    tmp = tempDir('rank-files');
    runPython(`${MODELS}
d = sys.argv[1]
torch.manual_seed(0)
sd = Net().state_dict()
torch.save(sd, d + '/truth.pt')
keys = list(sd)
for r in range(3):
    torch.save(OrderedDict((k, sd[k]) for i, k in enumerate(keys) if i % 3 == r), d + f'/shard_rank{r}.pt')
json.dump({'format': 'sdmatch-manifest', 'version': 1, 'tensors': {k: {'shape': list(v.shape), 'dtype': 'float32'} for k, v in sd.items()}, 'tied': []}, open(d + '/net.json', 'w'))
`, [tmp.dir]);
  });
  afterAll(() => tmp.cleanup());

  it('names the other rank files first and how to merge them; the merge plans and applies, strict=True and equal in torch', async () => {
    const rank0 = join(tmp.dir, 'shard_rank0.pt');
    const r = await runCli(['plan', rank0, join(tmp.dir, 'net.json'), '--json']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout) as { causes: { code: string; message: string }[] };
    expect(j.causes[0]!.code).toBe('rank_files');
    expect(j.causes[0]!.message).toContain(`\`${rank0}\` looks like one of 3 files a state dict was saved in, one per rank (\`${join(tmp.dir, 'shard_rank1.pt')}\`, \`${join(tmp.dir, 'shard_rank2.pt')}\` beside it): the 4 model keys this file lacks may be in the others`);
    // the merge the finding describes
    runPython(`import torch, sys
sd = {}
for f in sys.argv[2:]:
    sd.update(torch.load(f))
torch.save(sd, sys.argv[1])`, [join(tmp.dir, 'merged.pt'), ...[0, 1, 2].map((i) => join(tmp.dir, `shard_rank${i}.pt`))]);
    const planPath = join(tmp.dir, 'merged.plan.json');
    expect((await runCli(['plan', join(tmp.dir, 'merged.pt'), join(tmp.dir, 'net.json'), '-o', planPath])).code).toBe(0);
    const out = join(tmp.dir, 'out.pt');
    expect((await runCli(['apply', join(tmp.dir, 'merged.pt'), planPath, '-o', out])).code).toBe(0);
    expect(runPython(`${MODELS}
print(strict_equal(Net(), torch.load(sys.argv[1], weights_only=True), torch.load(sys.argv[2]), True))`, [out, join(tmp.dir, 'truth.pt')]).trim()).toBe('equal');
  });
});
