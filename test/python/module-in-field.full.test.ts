import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithTorch, runPython, tempDir } from '../helpers/torch.js';
import { STRICT_EQUAL_PY } from '../helpers/torch-plan.js';
import { runCli } from '../cli/capture-main.js';

/**
 * Review 24 F5 (s24-verify F8): `torch.save({'model': model, 'epoch': 3})` keeps a pickled nn.Module under `model`,
 * and `model.load_state_dict(torch.load(f))` names `model`, `epoch` unexpected. `explain CKPT ERROR` said "load
 * `checkpoint['model']`", and its fix line `state_dict = checkpoint['model']` raises `TypeError: Expected state_dict
 * to be dict-like` in torch. Built in real torch (plain and DataParallel-wrapped, the second with a strip op); torch
 * judges the printed fix: run as printed on `checkpoint = torch.load(f)`, it must load strict=True, every tensor equal.
 */
const NET_PY = `${STRICT_EQUAL_PY}
import torch, torch.nn as nn, sys, os, traceback
class Net(nn.Module):
    def __init__(s):
        super().__init__(); s.conv = nn.Conv2d(3, 4, 3); s.bn = nn.BatchNorm2d(4); s.fc = nn.Linear(4, 5)
`;

const BUILD_PY = `${NET_PY}
d = sys.argv[1]
torch.manual_seed(0)
m = Net()
with torch.no_grad():
    for v in m.state_dict().values():
        if v.is_floating_point(): v.copy_(torch.randn_like(v))
torch.save(m.state_dict(), os.path.join(d, 'want.pt'))
for name, obj in (('plain', m), ('dp', nn.DataParallel(m))):
    f = os.path.join(d, name + '.pt')
    torch.save({'model': obj, 'epoch': 3}, f)
    try:
        Net().load_state_dict(torch.load(f)); raise SystemExit('loaded')
    except RuntimeError:
        open(os.path.join(d, name + '.txt'), 'w').write(traceback.format_exc())
    # the old fix line, for the record: torch refuses the module itself
    try:
        Net().load_state_dict(torch.load(f)['model']); raise SystemExit('module loaded')
    except TypeError as e:
        assert 'dict-like' in str(e)
`;

/** Runs a printed fix on `checkpoint` as torch.load gives it (1.13: weights_only=False), loads strict=True, compares. */
const FOLLOW_PY = `${NET_PY}
d, name, fix = sys.argv[1], sys.argv[2], sys.argv[3]
checkpoint = torch.load(os.path.join(d, name + '.pt'))
exec(fix)
try:
    print(strict_equal(Net(), state_dict, torch.load(os.path.join(d, 'want.pt')), same_keys=True))
except (RuntimeError, TypeError) as e:
    print('REFUSED ' + str(e).splitlines()[0])
`;

describeWithTorch('explain CKPT ERROR: a pickled nn.Module under `model` (review 24 F5)', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(() => {
    tmp = tempDir('sdmatch-module-in-field-');
    runPython(BUILD_PY, [tmp.dir]);
  });
  afterAll(() => tmp?.cleanup());

  it.each(['plain', 'dp'])('%s: the JSON fix takes the module\'s state_dict(), and torch loads it strict, every tensor equal', async (name) => {
    const r = await runCli(['explain', join(tmp.dir, `${name}.pt`), join(tmp.dir, `${name}.txt`), '--json']);
    const json = JSON.parse(r.stdout) as { fix: string | null; fixable: boolean; causes: { code: string; message: string }[] };
    expect(json.fixable).toBe(true);
    expect(json.fix, r.stdout).toMatch(/checkpoint\['model'\]\.state_dict\(\)/);
    expect(json.fix).toMatch(/weights_only=False/);
    const nested = json.causes.find((c) => c.code === 'nested')!;
    expect(nested.message).toMatch(/a whole `(Net|DataParallel)` object/);
    expect(nested.message).not.toMatch(/load `checkpoint\['model'\]` instead/);
    expect(runPython(FOLLOW_PY, [tmp.dir, name, json.fix!]).trim()).toBe('equal');
  });

  it('the text report and diff say the same: no bare checkpoint[\'model\'] to load', async () => {
    const text = await runCli(['explain', join(tmp.dir, 'plain.pt'), join(tmp.dir, 'plain.txt')]);
    expect(text.stdout).toMatch(/^fix: state_dict = checkpoint\['model'\]\.state_dict\(\)/m);
    expect(text.stdout).not.toMatch(/`checkpoint\['model'\]`/);
    const diff = await runCli(['diff', join(tmp.dir, 'plain.pt'), join(tmp.dir, 'plain.txt')]);
    expect(diff.stdout).toMatch(/load `checkpoint\['model'\]\.state_dict\(\)`/);
    expect(diff.stdout).not.toMatch(/`checkpoint\['model'\]`/);
  });
});
