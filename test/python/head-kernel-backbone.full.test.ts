import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithTorch, runPython, tempDir } from '../helpers/torch.js';
import { runCli } from '../cli/capture-main.js';

/**
 * s21-verify #1: "a head conv whose kernel alone differs is a head to re-initialise" (canonical failure 3) must
 * read the model's head, not a name fragment. A MetaFormer/PoolFormer ConvMlp's `blocks.0.mlp.fc1` is a backbone
 * Conv2d: a 3×3 → 1×1 kernel there is another model configuration, and dropping it would silently re-initialise
 * a backbone layer under the name "the model's head". Built in real torch (random distinct weights), torch's own
 * error text; plan CKPT MODEL, explain CKPT ERROR and explain ERROR must all say "another model size or
 * configuration" and drop nothing, while canonical 3's `head.2` (the model's last module) is still dropped.
 */

const BUILD = `
import sys, os, torch, torch.nn as nn
class Mlp(nn.Module):
    def __init__(s, k): super().__init__(); s.fc1 = nn.Conv2d(8, 16, k); s.fc2 = nn.Conv2d(16, 8, 1)
class Enc(nn.Module):
    def __init__(s, km, kf):
        super().__init__(); s.conv1 = nn.Conv2d(3, 8, 3); s.bn1 = nn.BatchNorm2d(8)
        s.blocks = nn.Sequential(nn.Sequential(), nn.Sequential()); s.blocks[0].mlp = Mlp(km); s.blocks[1].mlp = Mlp(1)
        # a conv named like a head inside the backbone, before the model's real head
        s.fc = nn.Conv2d(8, 8, kf)
class SegNet(nn.Module):
    def __init__(s, name, kh, km=1, kf=1):
        super().__init__(); setattr(s, name, Enc(km, kf)); s.head = nn.Sequential(nn.Conv2d(8, 8, 3), nn.ReLU(), nn.Conv2d(8, 5, kh))
d, ck_name, ck_args, m_args = sys.argv[1], sys.argv[2], eval(sys.argv[3]), eval(sys.argv[4]); os.makedirs(d, exist_ok=True)
torch.manual_seed(3); old = SegNet(ck_name, **ck_args)
with torch.no_grad():
    for k, p in old.state_dict().items():
        if p.is_floating_point(): p.copy_(torch.randn_like(p))
torch.save({'state_dict': old.state_dict(), 'epoch': 3, 'global_step': 100, 'pytorch-lightning_version': '1.9.0'}, os.path.join(d, 'ckpt.pth'))
torch.manual_seed(4); model = SegNet('encoder', **m_args)
torch.save(model.state_dict(), os.path.join(d, 'own.pth'))
try:
    model.load_state_dict(old.state_dict()); open(os.path.join(d, 'err.txt'), 'w').write('')
except RuntimeError as e:
    open(os.path.join(d, 'err.txt'), 'w').write('RuntimeError: ' + str(e) + '\\n')
`;

const CONFIG = /another model size or configuration, which no key transform fixes/;

describeWithTorch('a backbone conv whose kernel alone differs is no head (s21-verify #1)', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(() => { tmp = tempDir('sdmatch-head-kernel-'); });
  afterAll(() => tmp.cleanup());

  const build = (name: string, ckName: string, ck: string, model: string) => {
    const d = join(tmp.dir, name);
    runPython(BUILD, [d, ckName, ck, model]);
    return d;
  };

  it('plan CKPT MODEL: `blocks.0.mlp.fc1` 3×3 → 1×1 under renamed Lightning modules is another configuration, nothing dropped', async () => {
    const d = build('n4', 'backbone', 'dict(kh=1, km=3)', 'dict(kh=1, km=1)');
    const p = await runCli(['plan', join(d, 'ckpt.pth'), join(d, 'own.pth'), '-o', join(d, 'plan.json'), '--no-color']);
    expect(p.stderr).toBe('');
    expect(p.stdout).toContain('no key transform makes this checkpoint load');
    expect(p.stdout).toMatch(CONFIG);
    expect(p.stdout).not.toMatch(/head conv of another kernel size|the model's head stay missing/);
  });

  it('the model\'s own names: plan CKPT MODEL, explain CKPT ERROR and explain ERROR all read another configuration', async () => {
    const d = build('n5', 'encoder', 'dict(kh=1, km=3)', 'dict(kh=1, km=1)');
    const runs = [
      await runCli(['plan', join(d, 'ckpt.pth'), join(d, 'own.pth'), '-o', join(d, 'plan.json'), '--no-color']),
      await runCli(['explain', join(d, 'ckpt.pth'), join(d, 'err.txt'), '--no-color']),
      await runCli(['explain', join(d, 'err.txt'), '--no-color']),
    ];
    for (const r of runs) {
      expect(r.stdout).toMatch(CONFIG);
      expect(r.stdout).not.toMatch(/head conv|starts from scratch|own = model\.state_dict\(\)/);
    }
  });

  it('a conv named `fc` in the backbone, before the model\'s head: a head name alone is not the model\'s end, not dropped', async () => {
    const d = build('fc', 'backbone', 'dict(kh=1, kf=3)', 'dict(kh=1, kf=1)');
    const p = await runCli(['plan', join(d, 'ckpt.pth'), join(d, 'own.pth'), '-o', join(d, 'plan.json'), '--no-color']);
    expect(p.stdout).toMatch(CONFIG);
    expect(p.stdout).not.toMatch(/head conv of another kernel size/);
  });

  it('canonical 3\'s shape beside it: the model\'s last conv `head.2` 3×3 → 1×1 is still the head, dropped and re-initialised', async () => {
    const d = build('n0', 'backbone', 'dict(kh=3)', 'dict(kh=1)');
    const p = await runCli(['plan', join(d, 'ckpt.pth'), join(d, 'own.pth'), '-o', join(d, 'plan.json'), '--no-color']);
    expect(p.stdout).not.toContain('no key transform makes this checkpoint load');
    expect(p.stdout).toMatch(/head\.2\.weight[^\n]*head conv of another kernel size/);
    expect(p.code).toBe(1);
  });
});
