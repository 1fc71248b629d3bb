import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithTorch, runPython, tempDir } from '../helpers/torch.js';
import { runCli } from '../cli/capture-main.js';

/**
 * Review 22 F3: a whole pickled nn.Module (`torch.save(model)`), a TorchScript archive and an `.npz` were read as
 * a state dict at (root): diff said "same" (exit 0), plan "already matches … strict=True succeeds", and torch
 * raised `TypeError: Expected state_dict to be dict-like` (torch.load cannot read an npz at all). Built in real
 * torch; torch judges both the claim that the file as it is fails and the Python the finding gives instead.
 */
const NET = `
import torch, torch.nn as nn, numpy as np, sys, os
class Net(nn.Module):
    def __init__(s):
        super().__init__(); s.conv = nn.Conv2d(3, 4, 3); s.bn = nn.BatchNorm2d(4); s.fc = nn.Linear(4, 5)
    def forward(s, x): return s.fc(s.bn(s.conv(x)).mean((2, 3)))
`;

let dir: string;
let cleanup: () => void;

describeWithTorch('a file that holds no state dict though its keys match (review 22 F3)', () => {
  beforeAll(async () => {
    ({ dir, cleanup } = tempDir('sdmatch-review22-f3-'));
    runPython(`${NET}
torch.manual_seed(0)
m = Net()
with torch.no_grad():
    for p in m.state_dict().values():
        if p.is_floating_point(): p.copy_(torch.randn_like(p))
d = sys.argv[1]
torch.save(m, os.path.join(d, 'whole.pt'))
# traced: torch.jit.script needs the class's source file, which python -c has not
torch.jit.save(torch.jit.trace(m.eval(), torch.randn(1, 3, 8, 8)), os.path.join(d, 'script.pt'))
np.savez(os.path.join(d, 'sd.npz'), **{k: v.numpy() for k, v in m.state_dict().items()})
torch.save(m.state_dict(), os.path.join(d, 'sd.pt'))
`, [dir]);
    expect((await runCli(['manifest', join(dir, 'sd.pt'), '-o', join(dir, 'model.json')])).code).toBe(0);
  });
  afterAll(() => cleanup?.());

  /** in real torch: loading FILE as torch.load gives it fails; the finding's Python loads strict=True, every tensor equal */
  function torchJudges(file: string, python: string): string {
    return runPython(`${NET}
f = sys.argv[1]
want = torch.load(sys.argv[2])
try:
    Net().load_state_dict(torch.load(f), strict=True)
    whole = 'loads'
except Exception as e:
    whole = 'fails'
m = Net()
m.load_state_dict(${python}, strict=True)
same = all(torch.equal(m.state_dict()[k], v) for k, v in want.items())
print(whole, 'equal' if same else 'differ')
`, [file, join(dir, 'sd.pt')]).trim();
  }

  it.each(['whole.pt', 'script.pt', 'sd.npz'])('%s: diff exits 1, same false, the finding says what to pass; torch agrees', async (name) => {
    const file = join(dir, name);
    const r = await runCli(['diff', file, join(dir, 'model.json'), '--json']);
    expect(r.code, r.stderr).toBe(1);
    const json = JSON.parse(r.stdout) as { same: boolean; diagnosis: { code: string; message: string }[] };
    expect(json.same).toBe(false);
    const finding = json.diagnosis.find((d) => d.code === 'not-a-state-dict');
    expect(finding, r.stdout).toBeDefined();
    const python = /what was compared is its state dict, `([^`]+)`/.exec(finding!.message)?.[1];
    expect(python, finding!.message).toBeDefined();
    expect(torchJudges(file, python!)).toBe('fails equal');
    const text = await runCli(['diff', file, join(dir, 'model.json')]);
    expect(text.stdout).not.toMatch(/^same/);
  });

  it.each(['whole.pt', 'script.pt', 'sd.npz'])('%s: plan says no "succeeds" and "already matches" only of the state dict inside', async (name) => {
    const r = await runCli(['plan', join(dir, name), join(dir, 'model.json')]);
    const first = r.stdout.split('\n')[0]!;
    expect(first).not.toMatch(/succeeds/);
    expect(first).toMatch(/not a state dict/);
    expect(r.stdout).not.toMatch(/the checkpoint already matches/);
  });

  it('the state dict itself: same, exit 0 (the control)', async () => {
    const r = await runCli(['diff', join(dir, 'sd.pt'), join(dir, 'model.json')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^same: /);
  });
});
