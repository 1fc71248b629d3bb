import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithTorch, runPython, tempDir } from '../helpers/torch.js';
import { runCli } from '../cli/capture-main.js';

/**
 * s21-verify #3: canonical failure 4's rule (apply exits 1 when the keys the error lists by name only hold a
 * public dataset's head, plan/unshaped.ts) reaches its near neighbours: ImageNet-21K-P's 11221 classes, a conv
 * classifier, DeiT's `head` before `head_dist`, a head registered before another Linear. Each is a DDP
 * checkpoint (`{'model': {'module.' + k}}`) with torch's own error text, plan CKPT ERROR then apply; torch's
 * strict=True load of the output is the judge: it refuses each, and apply must not exit 0.
 */

const NET = `
import sys, os, torch, torch.nn as nn
class Net(nn.Module):
    def __init__(s, n, conv_head=False, dist=False, head_first=False):
        super().__init__()
        if head_first: s.head = nn.Linear(16, n)
        s.conv1 = nn.Conv2d(3, 8, 3); s.bn1 = nn.BatchNorm2d(8); s.layer1 = nn.Sequential(nn.Conv2d(8, 16, 3), nn.BatchNorm2d(16))
        s.proj = nn.Linear(16, 16)
        if conv_head: s.classifier = nn.Sequential(nn.Dropout(), nn.Conv2d(16, n, 1))
        elif not head_first: s.head = nn.Linear(16, n)
        if dist: s.head_dist = nn.Linear(16, n)
def rnd(m, seed):
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for k, v in m.state_dict().items():
            if v.dtype.is_floating_point: v.copy_(torch.randn(v.shape, generator=g))
    return m
d, ncls, nbuilt, kw = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), eval(sys.argv[4])
`;

const BUILD = `${NET}
os.makedirs(d, exist_ok=True)
src = rnd(Net(ncls, **kw), 41)
sd = {'module.' + k: v.clone() for k, v in src.state_dict().items()}
torch.save({'model': sd, 'epoch': 3}, os.path.join(d, 'ckpt.pt'))
model = Net(nbuilt, **kw)
try:
    model.load_state_dict(sd); err = 'no error'
except RuntimeError as e:
    err = 'Traceback (most recent call last):\\n  File "train.py", line 40, in <module>\\n    model.load_state_dict(ckpt["model"])\\nRuntimeError: ' + str(e)
open(os.path.join(d, 'err.txt'), 'w').write(err + '\\n')
`;

const VERDICT = `${NET}
m = Net(nbuilt, **kw)
try:
    m.load_state_dict(torch.load(sys.argv[5]), strict=True); print('LOADS')
except RuntimeError as e:
    print('REFUSED')
`;

const CASES: readonly { name: string; classes: number; kw: string; head: string; dataset: RegExp }[] = [
  { name: 'ImageNet-21K-P (fall11, 11221 classes)', classes: 11221, kw: 'dict()', head: 'head', dataset: /ImageNet-21k-P/ },
  { name: 'a conv classifier `classifier.1` of ImageNet-1k', classes: 1000, kw: 'dict(conv_head=True)', head: 'classifier.1', dataset: /ImageNet-1k/ },
  { name: 'DeiT: `head` before `head_dist`, ImageNet-21k', classes: 21843, kw: 'dict(dist=True)', head: 'head', dataset: /ImageNet-21k/ },
  { name: 'a head registered before another Linear', classes: 21843, kw: 'dict(head_first=True)', head: 'head', dataset: /ImageNet-21k/ },
];

describeWithTorch('a public dataset\'s head among keys listed by name only, wherever it stands (s21-verify #3)', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(() => { tmp = tempDir('sdmatch-dataset-head-'); });
  afterAll(() => tmp.cleanup());

  CASES.forEach((c, i) => {
    it(`${c.name} → a 6-class model: apply exits 1 naming the head, and torch refuses the output`, async () => {
      const d = join(tmp.dir, `c${i}`);
      runPython(BUILD, [d, String(c.classes), '6', c.kw]);
      const plan = join(d, 'plan.json');
      const out = join(d, 'out.pt');
      const p = await runCli(['plan', join(d, 'ckpt.pt'), join(d, 'err.txt'), '-o', plan, '--no-color']);
      expect(p.stderr).toBe('');
      // plan exits 1 and ends with apply's last line (s22-mend: it exited 0)
      expect(p.code, p.stdout).toBe(1);
      expect(p.stdout.trim().split('\n').at(-1)).toMatch(new RegExp(`^exit 1: the state dict after the plan is not shown to load with strict=True into .*: its head \`${c.head.replace('.', '\\.')}\` has ${c.dataset.source}'s ${c.classes} classes`));
      const a = await runCli(['apply', join(d, 'ckpt.pt'), plan, '-o', out, '--no-color']);
      expect(a.stderr).toBe('');
      const lines = a.stdout.trim().split('\n');
      expect(a.code, a.stdout).toBe(1);
      expect(lines[0]).toMatch(new RegExp(`^not shown to load with strict=True: .*head \`${c.head.replace('.', '\\.')}\` has ${c.classes} outputs, ${c.dataset.source}`));
      expect(runPython(VERDICT, [d, String(c.classes), '6', c.kw, out]).trim()).toBe('REFUSED');
    });
  });
});
