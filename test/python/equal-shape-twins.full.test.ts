import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithTorch, runPython, tempDir } from '../helpers/torch.js';
import { runCli } from '../cli/capture-main.js';

/**
 * s24-verify F6, judged by real PyTorch: PaddleDetection's PP-YOLOE CSPResStage (`conv_down`, `conv1` = the short
 * branch, `conv2` = into the blocks, `blocks`, `conv3`) saved by torch, into an MMDetection-style port
 * (`stageN = nn.Sequential(conv_down, CSPLayer(main_conv, short_conv, final_conv, blocks))`). conv1 and conv2 have
 * one shape, and the port defines main_conv first: the plan paired conv1 with main_conv by that order, exit 0
 * "succeeds", and 30 of 120 tensors loaded swapped. Order alone no longer pairs differently named twins: the plan
 * lists them (exit 1) and nothing it writes is another tensor's. YOLOv5's C3 (cv1 = main, cv2 = short by the
 * roles table) into the same port still loads whole, every tensor its own.
 */
const BUILD = `
import sys, os, json, torch, torch.nn as nn
d, kind, main_first, at_root = sys.argv[1], sys.argv[2], sys.argv[3] == '1', sys.argv[4] == '1'; os.makedirs(d, exist_ok=True)
class ConvBN(nn.Module):
    def __init__(s, cin, cout, k): super().__init__(); s.conv = nn.Conv2d(cin, cout, k, bias=False); s.bn = nn.BatchNorm2d(cout)
class Block(nn.Module):
    def __init__(s, c): super().__init__(); s.conv1 = ConvBN(c, c, 3); s.conv2 = ConvBN(c, c, 3)
class PPStage(nn.Module):      # PaddleDetection CSPResStage: conv1 the short branch, conv2 into the blocks
    def __init__(s, c, c2):
        super().__init__(); h = c2 // 2
        s.conv_down = ConvBN(c, c2, 3); s.conv1 = ConvBN(c2, h, 1); s.conv2 = ConvBN(c2, h, 1)
        s.blocks = nn.Sequential(Block(h), Block(h)); s.conv3 = ConvBN(2 * h, c2, 1)
class C3(nn.Module):           # ultralytics YOLOv5 C3: cv1 into the blocks (m), cv2 the short branch
    def __init__(s, c2):
        super().__init__(); h = c2 // 2
        s.cv1 = ConvBN(c2, h, 1); s.cv2 = ConvBN(c2, h, 1); s.cv3 = ConvBN(2 * h, c2, 1)
        s.m = nn.Sequential(*[nn.Module() for _ in range(2)])
        for b in s.m: b.cv1 = ConvBN(h, h, 1); b.cv2 = ConvBN(h, h, 3)
class CSPLayer(nn.Module):     # MMDetection / MMYOLO CSPLayer, either branch defined first
    def __init__(s, c2, kernels):
        super().__init__(); h = c2 // 2
        if main_first: s.main_conv = ConvBN(c2, h, 1); s.short_conv = ConvBN(c2, h, 1)
        else: s.short_conv = ConvBN(c2, h, 1); s.main_conv = ConvBN(c2, h, 1)
        s.final_conv = ConvBN(2 * h, c2, 1)
        s.blocks = nn.Sequential(*[nn.Module() for _ in range(2)])
        for b in s.blocks: b.conv1 = ConvBN(h, h, kernels[0]); b.conv2 = ConvBN(h, h, kernels[1])
class Port(nn.Module):
    def __init__(s, kernels):
        super().__init__(); c = 16
        for i in range(3): setattr(s, f'stage{i + 1}', nn.Sequential(ConvBN(c, 2 * c, 3), CSPLayer(2 * c, kernels))); c *= 2
torch.manual_seed(0)
if kind == 'ppyoloe':
    # PaddleDetection's PPYOLOE keeps its CSPResNet as \`backbone\` (\`backbone.stages.N.conv1…\`)
    # (or, at_root, a CSPResNet saved on its own: \`stages.N.conv1…\`, which templates pair rather than module alignment)
    src = nn.Module(); src.backbone = nn.Module(); src.backbone.stages = nn.Sequential(PPStage(16, 32), PPStage(32, 64), PPStage(64, 128))
    if at_root: src = src.backbone
    model = nn.Module(); model.backbone = Port((3, 3))
    def home(k):   # the conversion by hand: PP-YOLOE's conv1 is the short branch, conv2 the main one
        i, rest = k.split('.', 3)[-2:] if not at_root else k.split('.', 2)[1:]
        stage = f'backbone.stage{int(i) + 1}'
        for a, b in (('conv_down.', '0.'), ('conv1.', '1.short_conv.'), ('conv2.', '1.main_conv.'), ('conv3.', '1.final_conv.'), ('blocks.', '1.blocks.')):
            if rest.startswith(a): return f'{stage}.{b}{rest[len(a):]}'
else:
    src = nn.Module(); src.model = nn.Sequential()
    c = 16
    for i in range(3): src.model.add_module(str(2 * i), ConvBN(c, 2 * c, 3)); src.model.add_module(str(2 * i + 1), C3(2 * c)); c *= 2
    model = nn.Module(); model.backbone = Port((1, 3))
    def home(k):
        _, n, rest = k.split('.', 2); n = int(n); stage = f'backbone.stage{n // 2 + 1}'
        if n % 2 == 0: return f'{stage}.0.{rest}'
        for a, b in (('cv1.', 'main_conv.'), ('cv2.', 'short_conv.'), ('cv3.', 'final_conv.'), ('m.', 'blocks.')):
            if rest.startswith(a): return f'{stage}.1.{b}{rest[len(a):]}'.replace('blocks.0.cv', 'blocks.0.conv').replace('blocks.1.cv', 'blocks.1.conv')
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

describeWithTorch('equal-shape twins under other names, judged by PyTorch (s24-verify F6)', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(() => { tmp = tempDir('sdmatch-twins-'); });
  afterAll(() => tmp.cleanup());

  const run = async (name: string, kind: string, mainFirst: boolean, atRoot = false) => {
    const d = join(tmp.dir, name);
    runPython(BUILD, [d, kind, mainFirst ? '1' : '0', atRoot ? '1' : '0']);
    const plan = await runCli(['plan', join(d, 'ckpt.pt'), join(d, 'model.pt'), '-o', join(d, 'plan.json'), '--no-color']);
    const apply = await runCli(['apply', join(d, 'ckpt.pt'), join(d, 'plan.json'), '-o', join(d, 'out.pt'), '--force']);
    return { d, plan, apply };
  };

  for (const mainFirst of [true, false]) {
    it(`PP-YOLOE CSPResStage → MMDetection CSPLayer (${mainFirst ? 'main' : 'short'} branch defined first): listed, exit 1, no tensor in another's slot`, async () => {
      const { d, plan, apply } = await run(`pp${mainFirst ? 'm' : 's'}`, 'ppyoloe', mainFirst);
      expect(plan.code).toBe(1);
      expect(plan.stdout).not.toMatch(/load_state_dict\(strict=True\) succeeds/);
      expect(plan.stdout).toMatch(/stages\.0\.conv1/);
      expect(apply.code).toBe(1);
      expect(runPython(JUDGE, [d, '1']).trim()).toMatch(/^right 90 wrong 0$/);
    });
  }

  it('the same CSPResNet saved at its root (`stages.N.conv1`, paired by templates): listed, exit 1, no tensor in another\'s slot', async () => {
    const { d, plan, apply } = await run('root', 'ppyoloe', true, true);
    expect(plan.code).toBe(1);
    expect(apply.code).toBe(1);
    expect(runPython(JUDGE, [d, '1']).trim()).toMatch(/^right 90 wrong 0$/);
  });

  it('YOLOv5 C3 → MMYOLO CSPLayer in the same port: the roles table decides, strict=True, all 120 tensors their own', async () => {
    const { d, plan, apply } = await run('c3', 'c3', true);
    expect(plan.code).toBe(0);
    expect(apply.code).toBe(0);
    expect(runPython(JUDGE, [d, '0']).trim()).toBe('right 120 wrong 0');
  });
});
