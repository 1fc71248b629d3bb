import { expect, it } from 'vitest';
import { describeWithTorch, runPython } from '../helpers/torch.js';
import { manifestIn, torchFolder } from '../helpers/torch-folder.js';
import { runCli } from './capture-main.js';

/**
 * Review 18 F3: a Linear inserted into a ModuleList of equal Linears (here at index 1 of three). The keys
 * the model has new are `stack.3.*`, the last index, so the plan and check told it as "a layer added at the
 * end" and check said the keys "load only with strict=False"; in torch, that load runs clean with the old
 * layers after the insertion one place off. The keys are the same for a layer inserted anywhere: listed as
 * an ambiguity naming both readings, and strict=False is not given as the fix. The reading the ambiguity
 * names, said with --rename and --keep-missing, loads every old tensor where it belongs.
 */

const MODELS_PY = `
import torch, torch.nn as nn, sys, os
class Net(nn.Module):
    def __init__(s, n):
        super().__init__(); s.stack = nn.ModuleList([nn.Linear(7, 7) for _ in range(n)]); s.out = nn.Linear(7, 2)
d = sys.argv[1]
`;

const MAKE_PY = `${MODELS_PY}
torch.manual_seed(5)
old = Net(3)
with torch.no_grad():
    for t in old.state_dict().values(): t.copy_(torch.randn_like(t))
torch.save(old.state_dict(), os.path.join(d, 'old.pt'))
torch.save(Net(4).state_dict(), os.path.join(d, 'new_model.pt'))
`;

// the new layer at 1: the old 1, 2 belong at 2, 3
const VERIFY_PY = `${MODELS_PY}
m = Net(4)
own = {k: v.clone() for k, v in m.state_dict().items()}
sd = torch.load(os.path.join(d, 'new.pt'))
sd.update({k: own[k] for k in own if k not in sd})
m.load_state_dict(sd, strict=True)
old = torch.load(os.path.join(d, 'old.pt'))
where = {'stack.0': 'stack.0', 'stack.1': 'stack.2', 'stack.2': 'stack.3', 'out': 'out'}
got = m.state_dict()
bad = [k for k, v in old.items() if not torch.equal(got[where[k.rsplit('.', 1)[0]] + '.' + k.rsplit('.', 1)[1]], v)]
print('equal' if not bad else 'WRONG ' + ' '.join(bad))
`;

interface PlanJson {
  complete: boolean;
  ambiguities: { keys: string[]; reason: string }[];
}

describeWithTorch('a layer inserted into a list of look-alikes is not told as one added at the end (review 18 F3)', () => {
  const folder = torchFolder('list-end', MAKE_PY);

  it('plan and check name both readings; the reading said with --rename loads every old tensor in torch', async () => {
    const old = folder.at('old.pt');
    const base = await manifestIn(folder, 'old.pt', 'base.json');
    const cur = await manifestIn(folder, 'new_model.pt', 'cur.json');

    const json = JSON.parse((await runCli(['plan', old, cur, '--json'])).stdout) as PlanJson;
    expect(json.complete).toBe(false);
    const tie = json.ambiguities.find((a) => a.keys.includes('stack.3.weight'));
    expect(tie, JSON.stringify(json.ambiguities)).toBeDefined();
    expect(tie!.reason).toMatch(/inserted anywhere in the list/);

    const check = await runCli(['check', base, cur]);
    expect(check.code).toBe(1);
    expect(check.stdout).not.toMatch(/load only with strict=False/);
    expect(check.stdout).toMatch(/inserted anywhere/);

    // the other reading, said by the user: the new layer is stack.1
    const plan = folder.at('plan.json');
    const p = await runCli(['plan', old, cur, '--rename', '^stack\\.2\\.=stack.3.', '--rename', '^stack\\.1\\.=stack.2.', '--keep-missing', '^stack\\.1\\.', '-o', plan]);
    expect(p.stdout).not.toMatch(/undecided/);
    const r = await runCli(['apply', old, plan, '-o', folder.at('new.pt')]);
    expect(r.code, r.stderr).toBeLessThan(2);
    expect(runPython(VERIFY_PY, [folder.dir]).trim()).toBe('equal');
  }, 240_000);
});
