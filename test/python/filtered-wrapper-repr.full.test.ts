import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithTorch, runPython, tempDir } from '../helpers/torch.js';
import { runCli } from '../cli/capture-main.js';

/**
 * s23-verify F3 (its p9_repr.py): a DataParallel model, a file holding the bare model's keys, and a loader that keeps
 * only the model's own keys before load_state_dict(strict=False): torch prints
 * `_IncompatibleKeys(missing_keys=['module.conv.weight', … every key], unexpected_keys=[])`. With the checkpoint,
 * sdmatch said "no key transform … 8 keys have no source" though the file holds all of them without `module.`; the
 * fix is adding `module.` to the whole file (every file key is one missing key with it: none of them loaded).
 */
const BUILD = `
import torch, torch.nn as nn, sys
out = sys.argv[1]
torch.manual_seed(0)
class Net(nn.Module):
    def __init__(s): super().__init__(); s.conv = nn.Conv2d(3, 8, 3); s.bn = nn.BatchNorm2d(8); s.fc = nn.Linear(8, 4)
ck = {k: (torch.randn_like(v) if v.is_floating_point() else v) for k, v in Net().state_dict().items()}
torch.save(ck, f'{out}/ckpt.pt')
m = nn.DataParallel(Net())
own = m.state_dict()
open(f'{out}/filtered.txt', 'w').write(str(m.load_state_dict({k: v for k, v in ck.items() if k in own}, strict=False)) + '\\n')
`;
const LOAD = `
import torch, torch.nn as nn, sys
class Net(nn.Module):
    def __init__(s): super().__init__(); s.conv = nn.Conv2d(3, 8, 3); s.bn = nn.BatchNorm2d(8); s.fc = nn.Linear(8, 4)
m = nn.DataParallel(Net())
src = torch.load(sys.argv[1]); out = torch.load(sys.argv[2])
m.load_state_dict(out, strict=True)
sd = m.state_dict()
print(len(out) == len(src) and all(torch.equal(sd['module.' + k], v) for k, v in src.items()))
`;

describeWithTorch("a filtering loader's repr under DataParallel, with the checkpoint (s23-verify F3)", () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(() => {
    tmp = tempDir('sdmatch-filtered-wrapper-');
    runPython(BUILD, [tmp.dir]);
  });
  afterAll(() => tmp.cleanup());

  it('plan adds `module.` to every file key; apply writes what a strict load takes, tensors equal', async () => {
    const ckpt = join(tmp.dir, 'ckpt.pt');
    const text = join(tmp.dir, 'filtered.txt');
    expect(readFileSync(text, 'utf8')).toMatch(/^_IncompatibleKeys\(missing_keys=\['module\.conv\.weight'.*unexpected_keys=\[\]\)/);
    const planFile = join(tmp.dir, 'plan.json');
    const r = await runCli(['plan', ckpt, text, '-o', planFile]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/no key transform|have no source/);
    // the model's shapes are not in the text: the file's are no evidence of them
    expect(r.stdout).toMatch(/the error gives no model shapes for 9 of them/);
    const plan = JSON.parse(readFileSync(planFile, 'utf8')) as { ops: { op: string; prefix?: string }[] };
    expect(plan.ops).toEqual([expect.objectContaining({ op: 'add_prefix', prefix: 'module.' })]);
    const explain = await runCli(['explain', ckpt, text]);
    expect(explain.stdout).not.toMatch(/no key transform|have no source/);
    const out = join(tmp.dir, 'fixed.pt');
    const a = await runCli(['apply', ckpt, planFile, '-o', out]);
    expect(a.code).toBe(0);
    expect(runPython(LOAD, [ckpt, out]).trim()).toBe('True');
  }, 600_000);

  it("a strict error naming a model class that is not the wrapper (`for Net:`): its `module` is a submodule whose siblings may be the file's keys, loaded: no move", async () => {
    const ckpt = join(tmp.dir, 'ckpt.pt');
    const keys = ['conv.weight', 'conv.bias', 'bn.weight', 'bn.bias', 'bn.running_mean', 'bn.running_var', 'fc.weight', 'fc.bias'];
    const strict = (cls: string) => `RuntimeError: Error(s) in loading state_dict for ${cls}:\n\tMissing key(s) in state_dict: ${keys.map((k) => `"module.${k}"`).join(', ')}. \n`;
    const plan = async (cls: string) => {
      const text = join(tmp.dir, `${cls}.txt`);
      writeFileSync(text, strict(cls));
      const out = join(tmp.dir, `${cls}.json`);
      await runCli(['plan', ckpt, text, '-o', out]);
      return (JSON.parse(readFileSync(out, 'utf8')) as { ops: { op: string }[] }).ops.map((o) => o.op);
    };
    expect(await plan('DataParallel')).toEqual(['add_prefix']);
    expect(await plan('Net')).toEqual([]);
  }, 600_000);
});
