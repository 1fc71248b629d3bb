import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from './capture-main.js';
import { describeWithTorch, runPython, tempDir } from '../helpers/torch.js';

/**
 * Review 16 F3: a checkpoint of 1000 classes planned for a model of 10. The report said the head's two keys
 * "stay missing on purpose" (JSON keptMissing), but plan.json recorded no keepMissing, so `plan check` on that
 * very file said "0 kept missing on purpose … declare them with --keep-missing", exit 1. Now the plan file
 * records what the report says, and plan check agrees.
 */
const GEN = `
import torch, torch.nn as nn, sys
class Net(nn.Module):
    def __init__(s, nc):
        super().__init__()
        s.features = nn.Sequential(nn.Conv2d(3, 8, 3), nn.ReLU(), nn.Conv2d(8, 16, 3))
        s.classifier = nn.Linear(16, nc)
torch.manual_seed(0)
torch.save(Net(1000).state_dict(), sys.argv[1] + '/src.pt')
torch.save(Net(10).state_dict(), sys.argv[1] + '/tgt.pt')
`;

describeWithTorch('a head of another class count: what plan keeps missing, the plan file records (real torch)', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(() => {
    tmp = tempDir('keptrec');
    runPython(GEN, [tmp.dir]);
  });
  afterAll(() => tmp.cleanup());
  const at = (f: string) => join(tmp.dir, f);

  it('plan.json keepMissing holds the head the report keeps missing; plan check says exact, exit 0', async () => {
    const p = await runCli(['plan', at('src.pt'), at('tgt.pt'), '-o', at('plan.json'), '--json']);
    const j = JSON.parse(p.stdout) as { keptMissing: { key: string }[] };
    expect(j.keptMissing.map((k) => k.key)).toEqual(['classifier.weight', 'classifier.bias']);
    const plan = JSON.parse(readFileSync(at('plan.json'), 'utf8')) as { keepMissing?: string[] };
    expect(plan.keepMissing).toEqual(['^classifier\\.weight$', '^classifier\\.bias$']);
    const c = await runCli(['plan', 'check', at('plan.json'), at('tgt.pt')]);
    expect(c.stdout).toMatch(/^exact: .*2 kept missing on purpose/);
    expect(c.code).toBe(0);
  });
});
