import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithTorch, runPython, tempDir } from '../helpers/torch.js';
import { runCli } from '../cli/capture-main.js';

/**
 * s24-verify F5: the checkpoint's code kept the model's last two blocks in another list (`extra.{0,1}`, the model's
 * `layers.{4,5}`, same shapes). `plan CKPT MODEL` finds `rename ^extra\.(\d+)\. → layers.${1+4}.`; `explain CKPT
 * ERROR` said "no key transform makes this checkpoint load", which the plan refutes. The error gives no shape for the
 * model's `layers.{4,5}`, so explain cannot pair them, but it must not say none exists: it says what the text alone
 * says (the model's full key list may show one) and names the command. Built and judged in real torch.
 */
const BUILD_PY = `
import torch, torch.nn as nn, sys, os, traceback
class Stack(nn.Module):
    def __init__(s, n, extra=0):
        super().__init__(); s.embed = nn.Linear(4, 8); s.layers = nn.ModuleList([nn.Linear(8, 8) for _ in range(n)])
        s.extra = nn.ModuleList([nn.Linear(8, 8) for _ in range(extra)]) if extra else None; s.head = nn.Linear(8, 3)
d = sys.argv[1]
torch.manual_seed(0)
sd = Stack(4, extra=2).state_dict()
torch.save(sd, os.path.join(d, 'ckpt.pt'))
model = Stack(6)
torch.save(model.state_dict(), os.path.join(d, 'model.pt'))
try:
    model.load_state_dict(sd); raise SystemExit('loaded')
except RuntimeError:
    open(os.path.join(d, 'error.txt'), 'w').write(traceback.format_exc())
`;

const JUDGE_PY = `
import torch, sys
out, src = torch.load(sys.argv[1]), torch.load(sys.argv[2])
name = lambda k: 'layers.%d.%s' % (int(k.split('.')[1]) + 4, k.split('.', 2)[2]) if k.startswith('extra.') else k
print('equal' if sorted(out) == sorted(name(k) for k in src) and all(torch.equal(out[name(k)], v) for k, v in src.items()) else 'DIFFERENT')
`;

describeWithTorch('explain CKPT ERROR and plan CKPT MODEL agree that a fix may exist (s24-verify F5)', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(() => {
    tmp = tempDir('sdmatch-moved-blocks-');
    runPython(BUILD_PY, [tmp.dir]);
  });
  afterAll(() => tmp?.cleanup());

  it('explain CKPT ERROR does not say none exists, and points to plan CHECKPOINT MODEL', async () => {
    const r = await runCli(['explain', join(tmp.dir, 'ckpt.pt'), join(tmp.dir, 'error.txt')]);
    expect(r.stdout).not.toMatch(/no key transform makes this checkpoint load/);
    expect(r.stdout.split('\n')[0]).toMatch(/the model's full key list may show one \(sdmatch plan CHECKPOINT MODEL\)/);
    expect(r.code).toBe(1);
  });

  it('plan CKPT MODEL finds the index-offset rename; apply\'s output holds every tensor where torch expects it', async () => {
    const plan = join(tmp.dir, 'plan.json');
    const p = await runCli(['plan', join(tmp.dir, 'ckpt.pt'), join(tmp.dir, 'model.pt'), '-o', plan]);
    expect(p.stdout).toMatch(/rename\s+\^extra\\\.\(\\d\+\)\\\. → layers\.\$\{1\+4\}\./);
    const out = join(tmp.dir, 'out.pt');
    await runCli(['apply', join(tmp.dir, 'ckpt.pt'), plan, '-o', out]);
    expect(runPython(JUDGE_PY, [out, join(tmp.dir, 'ckpt.pt')]).trim()).toBe('equal');
  });
});
