import { expect, it } from 'vitest';
import { describeWithTorch, runPython } from '../helpers/torch.js';
import { manifestIn, torchFolder } from '../helpers/torch-folder.js';
import { runCli } from './capture-main.js';

/**
 * Review 16 F2: `check BASELINE CURRENT --plan-out plan.json` prints `fix: sdmatch apply OLD_CHECKPOINT
 * plan.json -o NEW_CHECKPOINT`. BASELINE is the lock manifest, so the plan records the root as its state
 * dict's path; the old checkpoints it is for are training checkpoints that nest their weights
 * (`ckpt['state_dict']`), and apply refused them. apply now finds the state dict holding the plan's source
 * keys. Judged in real torch: the fix line followed on the nested checkpoint loads strict=True, tensors equal.
 */

const MODELS_PY = `
import torch, torch.nn as nn, sys, os
class Old(nn.Module):
    def __init__(s):
        super().__init__(); s.enc = nn.Linear(4, 8); s.head = nn.Linear(8, 3)
class New(nn.Module):
    def __init__(s):
        super().__init__(); s.encoder = nn.Linear(4, 8); s.head = nn.Linear(8, 3)
d = sys.argv[1]
`;

const MAKE_PY = `${MODELS_PY}
torch.manual_seed(0)
old = Old()
torch.save({'epoch': 5, 'state_dict': old.state_dict(), 'optimizer': torch.optim.SGD(old.parameters(), lr=0.1).state_dict()}, os.path.join(d, 'old.ckpt'))
torch.save(Old().state_dict(), os.path.join(d, 'old_model.pt'))
torch.save(New().state_dict(), os.path.join(d, 'new_model.pt'))
`;

const VERIFY_PY = `${MODELS_PY}
m = New()
m.load_state_dict(torch.load(os.path.join(d, 'new.pt')), strict=True)
o = torch.load(os.path.join(d, 'old.ckpt'))['state_dict']
want = {'encoder.weight': 'enc.weight', 'encoder.bias': 'enc.bias', 'head.weight': 'head.weight', 'head.bias': 'head.bias'}
print('equal' if all(torch.equal(v, o[want[k]]) for k, v in m.state_dict().items()) else 'DIFFERENT')
`;

describeWithTorch('check --plan-out, then its fix line on a nested old checkpoint (review 16 F2)', () => {
  const folder = torchFolder('check-nested', MAKE_PY);

  it('apply finds the state dict by the plan\'s keys, and the output loads strict=True with every tensor equal', async () => {
    const base = await manifestIn(folder, 'old_model.pt', 'base.json');
    const cur = await manifestIn(folder, 'new_model.pt', 'cur.json');
    const plan = folder.at('migrate.json');
    const check = await runCli(['check', base, cur, '--plan-out', plan]);
    expect(check.code, check.stderr).toBe(0);
    const fix = check.stdout.split('\n').find((l) => l.startsWith('fix: '))!;
    expect(fix).toMatch(/^fix: sdmatch apply OLD_CHECKPOINT \S*migrate\.json -o NEW_CHECKPOINT/);
    // the fix line, with the old checkpoint as users keep it (weights under 'state_dict')
    const r = await runCli(['apply', folder.at('old.ckpt'), plan, '-o', folder.at('new.pt')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/the state dict is the one at state_dict, found by the plan's source keys/);
    expect(runPython(VERIFY_PY, [folder.dir]).trim()).toBe('equal');
  }, 240_000);
});
