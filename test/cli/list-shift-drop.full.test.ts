import { expect, it } from 'vitest';
import { describeWithTorch, runPython } from '../helpers/torch.js';
import { manifestIn, torchFolder } from '../helpers/torch-folder.js';
import { runCli } from './capture-main.js';

/**
 * Review 18 S08c in torch: an MLP of four look-alike Linears (ReLUs between, indices 0, 2, 4, 6) and a head at 8;
 * the refactor removed the Linear at 2, so the new model has 0, 2, 4 and its head at 6. The first finding used to
 * offer `--drop '^mlp\.6\.'` (the last look-alike) as the fix: followed, it loads the old 4 and 6 one place off.
 * Now it gives both readings, and the shift's command, with the removed layer named, loads every old tensor where
 * the refactor put it (strict=True, every tensor equal).
 */

const MODELS_PY = `
import torch, torch.nn as nn, sys, os
def mlp(n):
    layers = []
    for _ in range(n): layers += [nn.Linear(6, 6), nn.ReLU()]
    return nn.Sequential(*layers, nn.Linear(6, 2))
class Net(nn.Module):
    def __init__(s, n):
        super().__init__(); s.mlp = mlp(n)
d = sys.argv[1]
`;

const MAKE_PY = `${MODELS_PY}
torch.manual_seed(3)
old = Net(4)
with torch.no_grad():
    for t in old.state_dict().values(): t.copy_(torch.randn_like(t))
torch.save(old.state_dict(), os.path.join(d, 'old.pt'))
torch.save(Net(3).state_dict(), os.path.join(d, 'new_model.pt'))
`;

// mlp.2 removed: the old 4, 6 are the new 2, 4; the head 8 is the new 6
const VERIFY_PY = `${MODELS_PY}
m = Net(3)
m.load_state_dict(torch.load(os.path.join(d, 'new.pt')), strict=True)
old = torch.load(os.path.join(d, 'old.pt'))
where = {'mlp.0': 'mlp.0', 'mlp.4': 'mlp.2', 'mlp.6': 'mlp.4', 'mlp.8': 'mlp.6'}
got = m.state_dict()
bad = [k for k, v in old.items() if k.rsplit('.', 1)[0] in where and not torch.equal(got[where[k.rsplit('.', 1)[0]] + '.' + k.rsplit('.', 1)[1]], v)]
print('equal' if not bad else 'WRONG ' + ' '.join(bad))
`;

describeWithTorch('the last of a list of look-alikes gone: both readings, and the shift loads right (review 18 S08c)', () => {
  const folder = torchFolder('list-shift-drop', MAKE_PY);

  it('plan offers both commands and no fix line; the shift with mlp.2 named loads every old tensor in torch', async () => {
    const old = folder.at('old.pt');
    const cur = await manifestIn(folder, 'new_model.pt', 'cur.json');
    const text = await runCli(['plan', old, cur, '--no-color']);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain("--drop '^mlp\\.6\\.'");
    expect(text.stdout).toContain("--rename '^mlp\\.0\\.=removed.'");
    expect(text.stdout).not.toMatch(/^fix: /m);
    const plan = folder.at('plan.json');
    const p = await runCli(['plan', old, cur, '--rename', '^mlp\\.2\\.=removed.', '--rename', '^mlp\\.4\\.=mlp.2.', '--rename', '^mlp\\.6\\.=mlp.4.', '--drop', '^removed\\.', '-o', plan]);
    expect(p.code, p.stdout).toBe(0);
    const r = await runCli(['apply', old, plan, '-o', folder.at('new.pt')]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(runPython(VERIFY_PY, [folder.dir]).trim()).toBe('equal');
  });
});
