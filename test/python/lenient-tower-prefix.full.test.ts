import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithTorch, runPython, tempDir } from '../helpers/torch.js';
import { runCli } from '../cli/capture-main.js';

/**
 * s22-verify F2: a model `model.clip.visual.{conv1,ln_pre,blocks.N}` + `model.head`; the checkpoint holds the tower
 * as `clip.visual.*` (same names after the prefix, same shapes), and the loader filters the state dict to the model's
 * keys before load_state_dict(strict=False), so torch's real `_IncompatibleKeys` lists the tower as missing and
 * nothing unexpected. s22-diag's nested-tower reading said `fixable: true` and kept the tower missing (the model's
 * untrained values), losing the file's trained tower. With the checkpoint in hand, keys the file holds under another
 * prefix are never kept missing.
 */
const MODEL = `
import torch, torch.nn as nn, sys
class Visual(nn.Module):
    def __init__(s): super().__init__(); s.conv1 = nn.Conv2d(3, 8, 4, 4); s.ln_pre = nn.LayerNorm(8); s.blocks = nn.ModuleList([nn.Linear(8, 8) for _ in range(2)])
class Clip(nn.Module):
    def __init__(s): super().__init__(); s.visual = Visual()
class Inner(nn.Module):
    def __init__(s): super().__init__(); s.clip = Clip(); s.head = nn.Linear(8, 4)
class Wrap(nn.Module):
    def __init__(s): super().__init__(); s.model = Inner()
`;
const BUILD = `${MODEL}
out = sys.argv[1]
torch.manual_seed(0)
m = Wrap()
ck = {('clip.' + k[len('model.clip.'):] if k.startswith('model.clip.') else k): torch.randn_like(v) for k, v in m.state_dict().items()}
torch.save(ck, f'{out}/ckpt.pt')
own = m.state_dict()
r = m.load_state_dict({k: v for k, v in ck.items() if k in own}, strict=False)
open(f'{out}/lenient.txt', 'w').write(str(r) + '\\n')
`;

describeWithTorch('a lenient load whose nested tower the checkpoint holds under another prefix (s22-verify F2)', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(() => {
    tmp = tempDir('sdmatch-tower-prefix-');
    runPython(BUILD, [tmp.dir]);
  });
  afterAll(() => tmp.cleanup());

  it('explain does not keep the tower missing (its trained weights are in the file): the plan renames that subtree', async () => {
    const ckpt = join(tmp.dir, 'ckpt.pt');
    const text = join(tmp.dir, 'lenient.txt');
    expect(readFileSync(text, 'utf8')).toMatch(/missing_keys=\['model\.clip\.visual\.conv1\.weight'.*unexpected_keys=\[\]/);
    const r = await runCli(['explain', ckpt, text, '--json']);
    expect(r.stdout).not.toMatch(/a part the checkpoint leaves out/);
    expect(r.stdout).not.toMatch(/own = model\.state_dict\(\)/);
    const plain = await runCli(['explain', ckpt, text]);
    expect(plain.stdout).not.toMatch(/have no source in the checkpoint/);
    // and says where the file holds them
    expect(plain.stdout).toMatch(/8 keys the error lists as missing are in the checkpoint under another prefix, the same name after it \(`clip\.visual\.conv1\.weight` for `model\.clip\.visual\.conv1\.weight`\)/);
  }, 600_000);

  it('s22-mend5\'s leftover: plan proposes the subtree\'s rename; apply, strict load, every tensor equal', async () => {
    const ckpt = join(tmp.dir, 'ckpt.pt');
    const plan = join(tmp.dir, 'plan.json');
    const out = join(tmp.dir, 'fixed.pt');
    const p = await runCli(['plan', ckpt, join(tmp.dir, 'lenient.txt'), '-o', plan]);
    expect(p.code, p.stdout).toBe(0);
    const ops = JSON.parse(readFileSync(plan, 'utf8')).ops as { op: string; pattern?: string; replacement?: string }[];
    expect(ops).toHaveLength(1);
    expect(ops[0]).toMatchObject({ op: 'rename' });
    expect(p.stdout).toMatch(/the checkpoint's `clip\.visual\.\*` \(8 keys\) pair one to one/);
    expect(p.stdout).toMatch(/2 keys the checkpoint has that the error does not mention are assumed matched/);
    const a = await runCli(['apply', ckpt, plan, '-o', out]);
    expect(a.code, a.stderr).toBe(0);
    expect(runPython(`${MODEL}
m = Wrap(); m.load_state_dict(torch.load(sys.argv[1]), strict=True)
ck = torch.load(sys.argv[2])
sd = m.state_dict()
print(all(torch.equal(sd[('model.' + k) if k.startswith('clip.') else k], v) for k, v in ck.items()) and len(sd) == len(ck))
`, [out, ckpt]).trim()).toBe('True');
  }, 600_000);

  it('a subtree that does not pair whole (the file holds a key more under it) is listed, not moved', async () => {
    runPython(`${MODEL}
out = sys.argv[1]
ck = torch.load(f'{out}/ckpt.pt')
ck['clip.visual.proj'] = torch.randn(8, 8)
torch.save(ck, f'{out}/ckpt-odd.pt')
`, [tmp.dir]);
    const p = await runCli(['plan', join(tmp.dir, 'ckpt-odd.pt'), join(tmp.dir, 'lenient.txt'), '--json']);
    expect(p.code).toBe(1);
    const json = JSON.parse(p.stdout) as { plan: { ops: { op: string }[] } };
    expect(json.plan.ops.filter((o) => o.op === 'rename')).toEqual([]);
    expect(p.stdout).toMatch(/in the checkpoint under another prefix/);
  }, 600_000);
});
