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
    expect(fix).toBe(`fix: sdmatch plan ${ckpt} ${err} -o plan.json || [ $? -eq 1 ] && sdmatch apply ${ckpt} plan.json -o fixed.pt`);
    const plan = join(dir, 'plan.json');
    expect((await runCli(['plan', ckpt, err, '-o', plan, '-q'])).code).toBe(0);
    expect((await runCli(['apply', ckpt, plan, '-o', join(dir, 'fixed.pt'), '-q'])).code).toBe(0);
    expect(runPython(VERIFY_PY, [dir]).trim()).toBe('equal');
    expect(readFileSync(err, 'utf8')).toContain('Unexpected key(s) in state_dict: "epoch"');
  }, 240_000);
});

/**
 * s17-verify F5: a plain training loop's `{'epoch', 'model_state_dict', 'optimizer_state_dict', 'loss'}` of a
 * model with BatchNorm, passed whole. BatchNorm fills in its `num_batches_tracked` when the dict passed
 * records no version for it, so torch never names the counter missing; diff once took the model's keys from
 * the missing list alone, called the counter unexpected and said `checkpoint['model_state_dict']` "fails
 * too" (exit 1), while torch loads it with strict=True.
 */
const BN_MODEL_PY = `
import torch, torch.nn as nn, sys, os
class Net(nn.Module):
    def __init__(s):
        super().__init__()
        s.embed = nn.Embedding(10, 8); s.lin = nn.Linear(8, 8); s.bn = nn.BatchNorm1d(8); s.bn2 = nn.BatchNorm1d(8)
d = sys.argv[1]
`;

const BN_MAKE_PY = `${BN_MODEL_PY}
torch.manual_seed(0)
m = Net()
m.train(); m.bn(torch.randn(4, 8)); m.bn(torch.randn(4, 8))
opt = torch.optim.Adam(m.parameters())
torch.save({'epoch': 4, 'model_state_dict': dict(m.state_dict()), 'optimizer_state_dict': opt.state_dict(), 'loss': 0.5}, os.path.join(d, 'loop.ckpt'))
try:
    Net().load_state_dict(torch.load(os.path.join(d, 'loop.ckpt')))
    raise SystemExit('loaded: no error')
except RuntimeError as e:
    open(os.path.join(d, 'error.txt'), 'w').write('RuntimeError: ' + str(e) + '\\n')
`;

const BN_VERIFY_PY = `${BN_MODEL_PY}
m = Net()
sd = eval('torch.load(os.path.join(d, "loop.ckpt"))' + sys.argv[2])
print(m.load_state_dict(sd, strict=True))
print('equal' if all(torch.equal(v, sd[k]) for k, v in m.state_dict().items()) and int(m.bn.num_batches_tracked) == 2 else 'DIFFERENT')
`;

describeWithTorch('diff of a whole plain-loop checkpoint of a BatchNorm model against the error of passing it whole (s17-verify F5)', () => {
  let dir = '';
  let cleanup = () => {};
  beforeAll(() => {
    ({ dir, cleanup } = tempDir('whole-object-bn'));
    runPython(BN_MAKE_PY, [dir]);
  }, 120_000);
  afterAll(() => cleanup());

  it('counts the counters BatchNorm filled in as the model\'s: same, exit 0, and the advised dict loads strict=True', async () => {
    const ckpt = join(dir, 'loop.ckpt');
    const err = join(dir, 'error.txt');
    // torch names running_mean/var missing, never the counters: the premise of the case
    const text = readFileSync(err, 'utf8');
    expect(text).toContain('"bn.running_mean"');
    expect(text).not.toContain('num_batches_tracked');
    const r = await runCli(['diff', ckpt, err]);
    expect(r.stdout).not.toMatch(/fails too/);
    expect(r.stdout).not.toMatch(/do not keep this counter/);
    expect(r.code).toBe(0);
    const advice = r.stdout.match(/load `(checkpoint\[[^`]*\])` instead/);
    expect(advice).not.toBeNull();
    expect(advice![1]!).toBe("checkpoint['model_state_dict']");
    const json = JSON.parse((await runCli(['diff', ckpt, err, '--json'])).stdout);
    expect(json.unexpected).toEqual([]);
    expect(json.missing).toEqual([]);
    expect(json.matched).toEqual(expect.arrayContaining(['bn.num_batches_tracked', 'bn2.num_batches_tracked']));
    const out = runPython(BN_VERIFY_PY, [dir, advice![1]!.slice('checkpoint'.length)]).trim().split('\n');
    expect(out).toEqual(['<All keys matched successfully>', 'equal']);
  }, 240_000);
});

/**
 * s17-verify: the same BatchNorm model in a Lightning checkpoint whose keys carry `net.backbone.`, passed whole.
 * Loaded as it is, `checkpoint['state_dict']` still fails (the prefix), and diff says how: its count of missing
 * keys is torch's, which never names a counter BatchNorm fills in (it once said one more than torch).
 */
const BN_PREFIXED_PY = `${BN_MODEL_PY}
torch.manual_seed(0)
m = Net()
m.train(); m.bn(torch.randn(4, 8))
sd = {'net.backbone.' + k: v for k, v in m.state_dict().items()}
torch.save({'epoch': 1, 'global_step': 7, 'pytorch-lightning_version': '2.0.0', 'state_dict': sd}, os.path.join(d, 'prefixed.ckpt'))
try:
    Net().load_state_dict(torch.load(os.path.join(d, 'prefixed.ckpt')))
    raise SystemExit('loaded: no error')
except RuntimeError as e:
    open(os.path.join(d, 'prefixed-error.txt'), 'w').write('RuntimeError: ' + str(e) + '\\n')
r = Net().load_state_dict(torch.load(os.path.join(d, 'prefixed.ckpt'))['state_dict'], strict=False)
print(len(r.missing_keys), len(r.unexpected_keys))
`;

describeWithTorch('diff of a whole Lightning checkpoint of a BatchNorm model with a prefix: missing counted as torch counts (s17-verify)', () => {
  let dir = '';
  let cleanup = () => {};
  beforeAll(() => {
    ({ dir, cleanup } = tempDir('whole-object-bn-prefixed'));
  });
  afterAll(() => cleanup());

  it('"N keys missing, M unexpected" for the state dict loaded as it is are the counts torch gives', async () => {
    const [missing, unexpected] = runPython(BN_PREFIXED_PY, [dir]).trim().split(' ').map(Number);
    const r = await runCli(['diff', join(dir, 'prefixed.ckpt'), join(dir, 'prefixed-error.txt')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`load \`checkpoint['state_dict']\`, but its keys still differ from the model's (${missing} keys missing, ${unexpected} unexpected)`);
  }, 240_000);
});
