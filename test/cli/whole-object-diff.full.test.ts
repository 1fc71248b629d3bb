import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithTorch, runPython, tempDir } from '../helpers/torch.js';
import { runCli } from './capture-main.js';

/**
 * Review 16 F5: `sdmatch diff CKPT ERROR.txt`, CKPT a whole Lightning checkpoint (the weights under
 * `state_dict` with the LightningModule's `model.` prefix, beside epoch, optimizer_states, …) and ERROR.txt
 * torch's own error for passing that whole object to the bare model. Nothing loaded, so every model key is
 * "missing"; the diff once took the nested dict's keys as "assumed matched" beside those very keys called
 * missing ("matched 44 · missing 44") and advised `checkpoint['state_dict']`, which fails on the prefix.
 * Built and judged in real torch: the fix line, followed, loads with strict=True and every tensor equal.
 */

const MODEL_PY = `
import torch, torch.nn as nn, sys, os
class Net(nn.Module):
    def __init__(s):
        super().__init__()
        s.features = nn.Sequential(*[nn.Conv2d(3 if i == 0 else 8, 8, 3) for i in range(11)])
        s.norms = nn.ModuleList([nn.Linear(8, 8) for _ in range(11)])
d = sys.argv[1]
`;

const MAKE_PY = `${MODEL_PY}
torch.manual_seed(0)
m = Net()
opt = torch.optim.Adam(m.parameters())
ckpt = {'epoch': 3, 'global_step': 100, 'pytorch-lightning_version': '1.9.0',
        'state_dict': {'model.' + k: v for k, v in m.state_dict().items()},
        'optimizer_states': [opt.state_dict()], 'lr_schedulers': [], 'callbacks': {}}
torch.save(ckpt, os.path.join(d, 'lit.ckpt'))
try:
    Net().load_state_dict(torch.load(os.path.join(d, 'lit.ckpt')))
    raise SystemExit('loaded: no error')
except RuntimeError as e:
    open(os.path.join(d, 'error.txt'), 'w').write('RuntimeError: ' + str(e) + '\\n')
`;

const VERIFY_PY = `${MODEL_PY}
m = Net()
m.load_state_dict(torch.load(os.path.join(d, 'fixed.pt')), strict=True)
ck = torch.load(os.path.join(d, 'lit.ckpt'))['state_dict']
print('equal' if all(torch.equal(v, ck['model.' + k]) for k, v in m.state_dict().items()) else 'DIFFERENT')
`;

describeWithTorch('diff of a whole Lightning checkpoint against the error of passing it whole (review 16 F5)', () => {
  let dir = '';
  let cleanup = () => {};
  beforeAll(() => {
    ({ dir, cleanup } = tempDir('whole-object'));
    runPython(MAKE_PY, [dir]);
  }, 120_000);
  afterAll(() => cleanup());

  it('compares the nested state dict with the model keys the error names, says the whole object was passed, and its fix line loads strict=True', async () => {
    const ckpt = join(dir, 'lit.ckpt');
    const err = join(dir, 'error.txt');
    const r = await runCli(['diff', ckpt, err]);
    expect(r.code).toBe(1);
    // nothing loaded: the nested dict's 44 keys carry `model.`, the model's 44 do not
    expect(r.stdout).toContain('matched 0 · missing 44 · unexpected 44');
    expect(r.stdout).toMatch(/passing the whole checkpoint object/);
    // the nested dict as it is still fails: the finding must not end at "load checkpoint['state_dict'] instead"
    expect(r.stdout).not.toMatch(/load `checkpoint\['state_dict'\]` instead/);
    expect(r.stdout).toMatch(/extra `model\.` prefix/);

    const json = JSON.parse((await runCli(['diff', ckpt, err, '--json'])).stdout);
    expect(json.matched).toEqual([]);
    expect(json.unexpected).toHaveLength(44);

    // follow the fix line literally
    const fix = r.stdout.split('\n').find((l) => l.startsWith('fix: '))!;
    expect(fix).toBe(`fix: sdmatch plan ${ckpt} ${err} -o plan.json && sdmatch apply ${ckpt} plan.json -o fixed.pt`);
    const plan = join(dir, 'plan.json');
    expect((await runCli(['plan', ckpt, err, '-o', plan, '-q'])).code).toBe(0);
    expect((await runCli(['apply', ckpt, plan, '-o', join(dir, 'fixed.pt'), '-q'])).code).toBe(0);
    expect(runPython(VERIFY_PY, [dir]).trim()).toBe('equal');
    expect(readFileSync(err, 'utf8')).toContain('Unexpected key(s) in state_dict: "epoch"');
  }, 240_000);
});
