import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithTorch, runPython, tempDir } from '../helpers/torch.js';
import { STRICT_EQUAL_PY } from '../helpers/torch-plan.js';
import { runCli } from '../cli/capture-main.js';

/**
 * s24-verify F2: a DataParallel checkpoint (`module.` + every key) into a model whose BatchNorm keeps no counter
 * (`num_batches_tracked` registered as None, as a frozen norm). torch's BatchNorm load hook puts a bare
 * `bn1.num_batches_tracked` into the dict passed and the model refuses it, so the error calls both the bare and the
 * `module.` counter unexpected. A plain strip leaves the checkpoint's counter unexpected (torch refuses it): explain
 * CKPT ERROR must not say the bare one is "not in this checkpoint", and the fix it prints, followed, must load strict.
 */
const NET_PY = `${STRICT_EQUAL_PY}
import torch, torch.nn as nn, sys, os
class Net(nn.Module):
    def __init__(s):
        super().__init__(); s.stem = nn.Conv2d(3, 8, 3); s.bn1 = nn.BatchNorm2d(8); s.fc = nn.Linear(8, 4)
def counterless():
    m = Net(); m.bn1.register_buffer('num_batches_tracked', None); return m
`;

const BUILD_PY = `${NET_PY}
d = sys.argv[1]; os.makedirs(d, exist_ok=True)
torch.manual_seed(0)
src = Net()
with torch.no_grad():
    for v in src.state_dict().values():
        if v.is_floating_point(): v.copy_(torch.randn_like(v))
sd = {'module.' + k: v for k, v in src.state_dict().items()}
torch.save(sd, os.path.join(d, 'ckpt.pt'))
model = counterless()
try:
    model.load_state_dict(sd); raise SystemExit('loaded')
except RuntimeError as e:
    open(os.path.join(d, 'err.txt'), 'w').write('RuntimeError: ' + str(e) + '\\n')
# the strip alone: torch's verdict on it
stripped = {k[7:]: v for k, v in sd.items()}
try:
    model.load_state_dict(stripped); print('strip loads')
except RuntimeError as e:
    print('strip refused: ' + ' '.join(sorted(k for k in stripped if k.endswith('num_batches_tracked'))))
`;

/** Runs the report's partial fix line, then the recipe its note gives, on the checkpoint; loads strict=True into the counterless model, compares every tensor. */
const FOLLOW_PY = `${NET_PY}
import collections
d, fix, recipe = sys.argv[1], sys.argv[2], sys.argv[3]
state_dict = torch.load(os.path.join(d, 'ckpt.pt')); model = counterless()
want = {k[7:]: v for k, v in state_dict.items() if not k.endswith('num_batches_tracked')}
exec(fix); exec(recipe)
try:
    print(strict_equal(model, state_dict, want, same_keys=True))
except RuntimeError as e:
    print('REFUSED ' + str(e).splitlines()[0])
`;

describeWithTorch('explain CKPT ERROR: a DataParallel checkpoint into a model that keeps no BatchNorm counter', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(() => {
    tmp = tempDir('dp-counterless');
  });
  afterAll(() => tmp.cleanup());

  it('says the bare counter was put in by BatchNorm, exits 1 with the counter left, and its recipe loads strict with every tensor', async () => {
    const d = join(tmp.dir, 'case');
    expect(runPython(BUILD_PY, [d]).trim()).toBe('strip refused: bn1.num_batches_tracked');
    const run = await runCli(['explain', join(d, 'ckpt.pt'), join(d, 'err.txt'), '--no-color']);
    expect(run.stderr).toBe('');
    expect(run.stdout).not.toMatch(/not in this checkpoint/);
    expect(run.stdout).not.toMatch(/^fix: /m);
    expect(run.stdout).toMatch(/after the plan: 0 missing, 1 unexpected/);
    expect(run.stdout).toMatch(/^ {2}module\.bn1\.num_batches_tracked$/m);
    expect(run.code).toBe(1);
    // what the partial fix and the note's recipe say, followed literally, is true in torch
    const fix = /^partial fix: (.*)$/m.exec(run.stdout)?.[1];
    const recipe = /put in by BatchNorm's own load hook .* keeps no `num_batches_tracked` counter;.*give the dict the model's metadata \(`(.*)`\)/.exec(run.stdout)?.[1];
    expect(fix, run.stdout).toBeDefined();
    expect(recipe, run.stdout).toBeDefined();
    expect(runPython(FOLLOW_PY, [d, fix!, recipe!]).trim()).toBe('equal');
  });
});
