import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithTorch, runPython, tempDir } from '../helpers/torch.js';
import { runCli } from '../cli/capture-main.js';

/**
 * s25-verify F2, judged by real PyTorch: twins whose names enumerate on both sides, one shape. torchvision's
 * BasicBlock (`conv1`, `bn1`, `conv2`, `bn2`) into a port naming them `conv_a`, `bn_a`, `conv_b`, `bn_b`; a block's
 * `branch1`, `branch2` (conv + BN) into `path_a`, `path_b`. A port defining its `b` first was paired by that order:
 * exit 0, all 30 tensors swapped. The enumerations (1 ↔ a, 2 ↔ b) and the order of definition then disagree, and
 * the plan lists the twins (exit 1), writing none into another's slot; where they agree, the plan loads whole.
 */
const BUILD = `
import sys, os, json, torch, torch.nn as nn
d, kind, b_first = sys.argv[1], sys.argv[2], sys.argv[3] == '1'; os.makedirs(d, exist_ok=True)
class ConvBN(nn.Module):
    def __init__(s, c): super().__init__(); s.conv = nn.Conv2d(c, c, 3, bias=False); s.bn = nn.BatchNorm2d(c)
def ordered(m, parts):   # the port's children, its b first when b_first
    for name, mod in (parts[::-1] if b_first else parts): m.add_module(name, mod)
    return m
c = 16
if kind == 'resblk':     # torchvision BasicBlock -> a port's conv_a/bn_a, conv_b/bn_b
    def src_block():
        b = nn.Module(); b.conv1 = nn.Conv2d(c, c, 3, bias=False); b.bn1 = nn.BatchNorm2d(c); b.conv2 = nn.Conv2d(c, c, 3, bias=False); b.bn2 = nn.BatchNorm2d(c); return b
    def port_block():
        a = [('conv_a', nn.Conv2d(c, c, 3, bias=False)), ('bn_a', nn.BatchNorm2d(c))]; b = [('conv_b', nn.Conv2d(c, c, 3, bias=False)), ('bn_b', nn.BatchNorm2d(c))]
        m = nn.Module()
        for name, mod in (b + a if b_first else a + b): m.add_module(name, mod)
        return m
    src, model = nn.Module(), nn.Module()
    for i in range(3): setattr(src, f'layer{i + 1}', nn.Sequential(src_block())); setattr(model, f'layer{i + 1}', nn.Sequential(port_block()))
    swap = (('conv1.', 'conv_a.'), ('bn1.', 'bn_a.'), ('conv2.', 'conv_b.'), ('bn2.', 'bn_b.'))
else:                    # blk.N.branch1 / branch2 -> blk.N.path_a / path_b
    src, model = nn.Module(), nn.Module(); src.blk = nn.ModuleList(); model.blk = nn.ModuleList()
    for i in range(3):
        s = nn.Module(); s.branch1 = ConvBN(c); s.branch2 = ConvBN(c); src.blk.append(s)
        model.blk.append(ordered(nn.Module(), [('path_a', ConvBN(c)), ('path_b', ConvBN(c))]))
    swap = (('branch1.', 'path_a.'), ('branch2.', 'path_b.'))
def home(k):   # the conversion by hand: 1 is a, 2 is b
    for a, b in swap:
        if f'.{a}' in k: return k.replace(f'.{a}', f'.{b}')
torch.manual_seed(0)
with torch.no_grad():
    for k, t in src.state_dict().items():
        if t.is_floating_point(): t.copy_(torch.randn_like(t).abs() if 'running_var' in k else torch.randn_like(t))
sd = {k: v for k, v in src.state_dict().items() if not k.endswith('num_batches_tracked')}
torch.save(sd, os.path.join(d, 'ckpt.pt'))
torch.save(model.state_dict(), os.path.join(d, 'model.pt'))
truth = {home(k): k for k in sd}
assert set(truth) <= set(model.state_dict()), sorted(set(truth) - set(model.state_dict()))[:3]
json.dump(truth, open(os.path.join(d, 'truth.json'), 'w'))
`;

/** what apply wrote against the hand conversion: strict=True into the model (or `lenient`), `right R wrong W` */
const JUDGE = `
import sys, json, torch
d, lenient = sys.argv[1], sys.argv[2] == '1'
ckpt, truth, out, own = torch.load(f'{d}/ckpt.pt'), json.load(open(f'{d}/truth.json')), torch.load(f'{d}/out.pt'), torch.load(f'{d}/model.pt')
if not lenient:
    missing, unexpected = set(own) - set(out), set(out) - set(own)
    assert not unexpected and all(k.endswith('num_batches_tracked') for k in missing), (sorted(missing)[:3], sorted(unexpected)[:3])
wrong = [k for k, s in truth.items() if k in out and not torch.equal(out[k], ckpt[s])]
print('right', sum(1 for k in truth if k in out) - len(wrong), 'wrong', len(wrong), ' '.join(wrong[:3]))
`;

describeWithTorch('twins both sides enumerate, judged by PyTorch (s25-verify F2)', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(() => { tmp = tempDir('sdmatch-ordinal-twins-'); });
  afterAll(() => tmp.cleanup());

  const run = async (kind: string, bFirst: boolean) => {
    const d = join(tmp.dir, `${kind}${bFirst ? '-rev' : ''}`);
    runPython(BUILD, [d, kind, bFirst ? '1' : '0']);
    const plan = await runCli(['plan', join(d, 'ckpt.pt'), join(d, 'model.pt'), '-o', join(d, 'plan.json'), '--no-color']);
    const apply = await runCli(['apply', join(d, 'ckpt.pt'), join(d, 'plan.json'), '-o', join(d, 'out.pt'), '--force']);
    return { d, plan, apply };
  };

  for (const [kind, label, listed] of [['resblk', 'BasicBlock conv1/bn1, conv2/bn2 → conv_a/bn_a, conv_b/bn_b', 'layer1.0.conv1'], ['abc', 'branch1/branch2 → path_a/path_b', 'blk.0.branch1']] as const) {
    it(`${label}, the port defining b first: listed, exit 1, no tensor in another's slot`, async () => {
      const { d, plan, apply } = await run(kind, true);
      expect(plan.code).toBe(1);
      expect(plan.stdout).not.toMatch(/load_state_dict\(strict=True\) succeeds/);
      expect(plan.stdout).toContain(listed);
      expect(apply.code).toBe(1);
      expect(runPython(JUDGE, [d, '1']).trim()).toMatch(/^right \d+ wrong 0/);
    });

    it(`${label}, defined in order: strict=True, every tensor its own`, async () => {
      const { d, plan, apply } = await run(kind, false);
      expect(plan.code).toBe(0);
      expect(apply.code).toBe(0);
      expect(runPython(JUDGE, [d, '0']).trim()).toBe('right 30 wrong 0');
    });
  }
});
