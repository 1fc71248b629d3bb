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
const BUILD = `
import torch, torch.nn as nn, sys
out = sys.argv[1]
torch.manual_seed(0)
class Visual(nn.Module):
    def __init__(s): super().__init__(); s.conv1 = nn.Conv2d(3, 8, 4, 4); s.ln_pre = nn.LayerNorm(8); s.blocks = nn.ModuleList([nn.Linear(8, 8) for _ in range(2)])
class Clip(nn.Module):
    def __init__(s): super().__init__(); s.visual = Visual()
class Inner(nn.Module):
    def __init__(s): super().__init__(); s.clip = Clip(); s.head = nn.Linear(8, 4)
class Wrap(nn.Module):
    def __init__(s): super().__init__(); s.model = Inner()
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

  it('explain does not keep the tower missing (its trained weights are in the file) nor call it fixable', async () => {
    const ckpt = join(tmp.dir, 'ckpt.pt');
    const text = join(tmp.dir, 'lenient.txt');
    expect(readFileSync(text, 'utf8')).toMatch(/missing_keys=\['model\.clip\.visual\.conv1\.weight'.*unexpected_keys=\[\]/);
    const r = await runCli(['explain', ckpt, text, '--json']);
    const j = JSON.parse(r.stdout) as { fixable: boolean };
    expect(j.fixable).toBe(false);
    expect(r.stdout).not.toMatch(/a part the checkpoint leaves out/);
    expect(r.stdout).not.toMatch(/own = model\.state_dict\(\)/);
    const plain = await runCli(['explain', ckpt, text]);
    expect(plain.stdout).toMatch(/8 keys the model expects have no source in the checkpoint/);
    // and says where the file holds them
    expect(plain.stdout).toMatch(/8 keys the error lists as missing are in the checkpoint under another prefix, the same name after it \(`clip\.visual\.conv1\.weight` for `model\.clip\.visual\.conv1\.weight`\)/);
  }, 600_000);
});

/**
 * s23-verify F1: the model has a tower `visual.*` of its own beside `model.visual.*` (equal shapes); the file holds
 * `visual.*` and `model.head.*`. A lenient (filtered) load lists `model.visual.*` missing, nothing unexpected:
 * `visual.*` loaded as it is. A rename `^visual\.` → `model.visual.` (s23-mend's held-subtree, reverted) took the
 * model's own loaded tower away with "the plan accounts for every key" and apply exit 0. The text cannot tell this
 * model from the one above, so the move is never planned.
 */
const BUILD_TWO_TOWERS = `
import torch, torch.nn as nn, sys
out = sys.argv[1]
torch.manual_seed(0)
class Tower(nn.Module):
    def __init__(s): super().__init__(); s.conv1 = nn.Linear(8, 8); s.ln_pre = nn.LayerNorm(8); s.blocks = nn.ModuleList([nn.Linear(8, 8) for _ in range(2)])
class Inner(nn.Module):
    def __init__(s): super().__init__(); s.visual = Tower(); s.head = nn.Linear(8, 4)
class Wrap(nn.Module):
    def __init__(s): super().__init__(); s.visual = Tower(); s.model = Inner()
m = Wrap(); own = m.state_dict()
ck = {k: torch.randn_like(v) for k, v in own.items() if not k.startswith('model.visual.')}
torch.save(ck, f'{out}/ckpt.pt')
r = m.load_state_dict(ck, strict=False)
open(f'{out}/lenient.txt', 'w').write(str(r) + '\\n')
`;

describeWithTorch('a lenient load where the file tower that looks held under another prefix is the model\'s own (s23-verify F1)', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(() => {
    tmp = tempDir('sdmatch-two-towers-');
    runPython(BUILD_TWO_TOWERS, [tmp.dir]);
  });
  afterAll(() => tmp.cleanup());

  it('plan never moves the loaded visual.* into model.visual.*, and does not call the plan a fix', async () => {
    const ckpt = join(tmp.dir, 'ckpt.pt');
    const text = join(tmp.dir, 'lenient.txt');
    const planFile = join(tmp.dir, 'plan.json');
    const r = await runCli(['plan', ckpt, text, '-o', planFile]);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toMatch(/accounts for every key/);
    const plan = JSON.parse(readFileSync(planFile, 'utf8')) as { ops: unknown[] };
    expect(JSON.stringify(plan.ops)).not.toMatch(/visual/);
  }, 600_000);
});
