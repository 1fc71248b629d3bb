import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { repoRoot } from '../helpers/corpus.js';
import { runCli } from './capture-main.js';
import { describeWithTorch, runPython, tempDir } from '../helpers/torch.js';
import { STRICT_EQUAL_PY } from '../helpers/torch-plan.js';

/**
 * Review 16 F4: a checkpoint whose modules were renamed and that keeps no BatchNorm counters (nor `_metadata`).
 * plan, apply and check said BatchNorm fills them in and the output loads (torch agrees); `plan check` said
 * "not exact … 2 model keys never written", exit 1, and the Python helper's fix() refused the file. Now all
 * agree with torch, both ways: with a `_metadata` recording BatchNorm version 2, torch does not fill them in,
 * and plan check still counts them missing.
 */
const MODELS = `
import torch, torch.nn as nn, sys, json
from collections import OrderedDict
class Old(nn.Module):
    def __init__(s):
        super().__init__()
        s.features = nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4), nn.ReLU(), nn.Conv2d(4, 4, 3), nn.BatchNorm2d(4))
        s.classifier = nn.Linear(4, 2)
class New(nn.Module):
    def __init__(s):
        super().__init__()
        s.backbone = nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4), nn.ReLU(), nn.Conv2d(4, 4, 3), nn.BatchNorm2d(4))
        s.fc = nn.Linear(4, 2)
${STRICT_EQUAL_PY}
`;

const GEN = `${MODELS}
torch.manual_seed(0)
sd = Old().state_dict()
for m in (1, 4):
    sd['features.%d.running_mean' % m].uniform_()
# no counters, no _metadata: a plain dict (BatchNorm fills the counters in)
torch.save({k: v for k, v in sd.items() if not k.endswith('num_batches_tracked')}, sys.argv[1] + '/plain.pt')
# no counters, _metadata kept (BatchNorm version 2 for every norm: torch does not fill them in)
versioned = OrderedDict((k, v) for k, v in sd.items() if not k.endswith('num_batches_tracked'))
versioned._metadata = sd._metadata
torch.save(versioned, sys.argv[1] + '/versioned.pt')
torch.save(New().state_dict(), sys.argv[1] + '/new.pt')
`;

describeWithTorch('plan check and the Python helper keep the BatchNorm counter rule (real torch)', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(() => {
    tmp = tempDir('pccount');
    runPython(GEN, [tmp.dir]);
  });
  afterAll(() => tmp.cleanup());
  const at = (f: string) => join(tmp.dir, f);

  it('no counters, no _metadata: plan check exact (2 counters left to BatchNorm), and the output loads strict=True', async () => {
    expect((await runCli(['plan', at('plain.pt'), at('new.pt'), '-o', at('plain.plan.json')])).code).toBe(0);
    const c = await runCli(['plan', 'check', at('plain.plan.json'), at('new.pt'), '--json']);
    const j = JSON.parse(c.stdout) as { exact: boolean; missing: string[]; filledCounters: string[] };
    expect(j.missing).toEqual([]);
    expect(j.filledCounters).toEqual(['backbone.1.num_batches_tracked', 'backbone.4.num_batches_tracked']);
    expect(j.exact).toBe(true);
    expect(c.code).toBe(0);
    const t = await runCli(['plan', 'check', at('plain.plan.json'), at('new.pt')]);
    expect(t.stdout).toMatch(/^exact in keys and shapes, values unverified: .*2 BatchNorm counters left to BatchNorm, which fills them in as it loads/);
    expect((await runCli(['apply', at('plain.pt'), at('plain.plan.json'), '-o', at('plain.out.pt')])).code).toBe(0);
    const says = runPython(`${MODELS}
out = torch.load(sys.argv[1], weights_only=True)
src = torch.load(sys.argv[2], weights_only=True)
want = {k.replace('features.', 'backbone.').replace('classifier.', 'fc.'): v for k, v in src.items()}
print(strict_equal(New(), out, want))
`, [at('plain.out.pt'), at('plain.pt')]).trim();
    expect(says).toBe('equal');
  });

  it('no counters, _metadata of BatchNorm version 2: torch refuses, and plan check counts them missing, exit 1', async () => {
    const torchSays = runPython(`${MODELS}
ren = lambda k: k.replace('features', 'backbone', 1).replace('classifier', 'fc', 1)
src = torch.load(sys.argv[1])
sd = OrderedDict((ren(k), v) for k, v in src.items())
sd._metadata = OrderedDict((ren(k), v) for k, v in src._metadata.items())
try:
    New().load_state_dict(sd)
    print('loads')
except RuntimeError as e:
    print('refused' if 'num_batches_tracked' in str(e) else str(e))
`, [at('versioned.pt')]).trim();
    expect(torchSays).toBe('refused');
    await runCli(['plan', at('versioned.pt'), at('new.pt'), '-o', at('versioned.plan.json')]);
    const c = await runCli(['plan', 'check', at('versioned.plan.json'), at('new.pt'), '--json']);
    const j = JSON.parse(c.stdout) as { exact: boolean; missing: string[]; filledCounters: string[] };
    expect(j.filledCounters).toEqual([]);
    expect(j.missing).toEqual(['backbone.1.num_batches_tracked', 'backbone.4.num_batches_tracked']);
    expect(c.code).toBe(1);
  });

  it('the Python helper fix() loads the counter-less checkpoint, as torch does', () => {
    const r = runPython(`${MODELS}
sys.path.insert(0, sys.argv[2] + '/python')
import sdmatch
m = New()
keys = sdmatch.fix(m, sys.argv[1])
src = torch.load(sys.argv[1], weights_only=True)
print(json.dumps({'missing': keys.missing_keys, 'equal': all(torch.equal(m.state_dict()[k.replace('features.', 'backbone.').replace('classifier.', 'fc.')], v) for k, v in src.items())}))
`, [at('plain.pt'), repoRoot]).trim().split('\n').pop()!;
    expect(JSON.parse(r)).toEqual({ missing: [], equal: true });
  });
});
