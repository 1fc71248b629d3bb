import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { describeWithTorch, runPython } from '../helpers/torch.js';
import { manifestIn, torchFolder } from '../helpers/torch-folder.js';
import { runCli } from './capture-main.js';

/**
 * Review 18 F4: BatchNorms inserted after the convs of a Sequential (convs at 0, 2, 4 → 0, 3, 6). The last
 * conv's bias was matched by exact name to the new BatchNorm's bias at 4 (both [C]) while its weight was
 * renamed to 6: one module split across two, the conv's bias loaded into the BatchNorm and the conv's own
 * left missing. A module's parameters move together: the plan is the two renames a person writes, and the
 * BatchNorms' keys are what is new. Followed in real torch (--keep-missing for the BatchNorms, the model's
 * own values for them), every conv tensor is the old one and the BatchNorms keep their own.
 */

const MODELS_PY = `
import torch, torch.nn as nn, sys, os
class Old(nn.Module):
    def __init__(s):
        super().__init__(); s.body = nn.Sequential(nn.Conv1d(2, 4, 3), nn.ReLU(), nn.Conv1d(4, 4, 3), nn.ReLU(), nn.Conv1d(4, 4, 3))
class New(nn.Module):
    def __init__(s):
        super().__init__(); s.body = nn.Sequential(nn.Conv1d(2, 4, 3), nn.BatchNorm1d(4), nn.ReLU(), nn.Conv1d(4, 4, 3), nn.BatchNorm1d(4), nn.ReLU(), nn.Conv1d(4, 4, 3))
d = sys.argv[1]
`;

const MAKE_PY = `${MODELS_PY}
torch.manual_seed(11)
old = Old()
with torch.no_grad():
    for t in old.state_dict().values(): t.copy_(torch.randn_like(t))
torch.save(old.state_dict(), os.path.join(d, 'old.pt'))
torch.save(New().state_dict(), os.path.join(d, 'new_model.pt'))
`;

// the plan's output, the model's own values for the keys kept missing, a strict load; then each tensor against where it should come from
const VERIFY_PY = `${MODELS_PY}
m = New()
own = {k: v.clone() for k, v in m.state_dict().items()}
sd = torch.load(os.path.join(d, 'new.pt'))
sd.update({k: own[k] for k in own if k not in sd})
m.load_state_dict(sd, strict=True)
old = torch.load(os.path.join(d, 'old.pt'))
moved = {'0': '0', '2': '3', '4': '6'}
got = m.state_dict()
bad = [k for k, v in old.items() if not torch.equal(got['body.%s.%s' % (moved[k.split('.')[1]], k.split('.')[2])], v)]
bad += [k for k in own if k.split('.')[1] in ('1', '4') and not torch.equal(got[k], own[k])]
print('equal' if not bad else 'WRONG ' + ' '.join(bad))
`;

interface PlanFile {
  ops: { op: string; pattern?: string; replacement?: string }[];
}

describeWithTorch('a module\'s weight and bias move together (review 18 F4)', () => {
  const folder = torchFolder('whole-module', MAKE_PY);

  it('the plan is two whole-module renames; followed in torch, every conv tensor is the old one', async () => {
    const old = folder.at('old.pt');
    const cur = await manifestIn(folder, 'new_model.pt', 'cur.json');
    const bare = folder.at('bare.json');
    await runCli(['plan', old, cur, '-o', bare]);
    const ops = (JSON.parse(readFileSync(bare, 'utf8')) as PlanFile).ops;
    expect(ops.map((o) => `${o.op} ${o.pattern}`)).toEqual(['rename ^body\\.2\\.', 'rename ^body\\.4\\.']);

    const plan = folder.at('plan.json');
    // keys kept missing fail a strict load until the model's own values fill them: exit 1 by design
    const p = await runCli(['plan', old, cur, '--keep-missing', '^body\\.(1|4)\\.', '-o', plan]);
    expect(p.stdout).toMatch(/10 keys of parts new in the model stay missing on purpose/);
    expect(p.stdout).not.toMatch(/no source in the checkpoint/);
    const r = await runCli(['apply', old, plan, '-o', folder.at('new.pt')]);
    expect(r.code, r.stderr).toBeLessThan(2);
    expect(runPython(VERIFY_PY, [folder.dir]).trim()).toBe('equal');
  }, 240_000);
});
