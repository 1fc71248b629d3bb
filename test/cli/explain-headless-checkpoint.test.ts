/**
 * With the checkpoint given (`explain CKPT ERROR`), a paste whose heading was cut is sided by the checkpoint:
 * keys it holds are unexpected, keys it lacks are missing (src/analysis/headless-side.ts sideByCheckpoint), and a
 * cut text naming one side only under DataParallel's `module.` is read with the side it lost (src/plan/build.ts
 * cutUnexpectedUnderWrapper / cutMissingOverWrapper). The text is cheng-haha/ScConv#21 as posted (the middle of
 * one list, every key under `module.`); the checkpoints are written here by real torch for a network with those
 * names, and what apply writes is loaded by torch with strict=True.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithTorch, runPython, tempDir } from '../helpers/torch.js';
import { runCli } from './capture-main.js';

const NET = `
import collections, sys, torch, torch.nn as nn
class SRU(nn.Module):
    def __init__(s): super().__init__(); s.gn = nn.GroupNorm(2, 8)
class CRU(nn.Module):
    def __init__(s):
        super().__init__()
        s.squeeze1 = nn.Conv2d(4, 2, 1, bias=False); s.squeeze2 = nn.Conv2d(4, 2, 1, bias=False)
        s.GWC = nn.Conv2d(2, 8, 3, padding=1, groups=2); s.PWC1 = nn.Conv2d(2, 8, 1, bias=False); s.PWC2 = nn.Conv2d(2, 6, 1, bias=False)
class ScConv(nn.Module):
    def __init__(s): super().__init__(); s.SRU = SRU(); s.CRU = CRU()
class Block(nn.Module):
    def __init__(s): super().__init__(); s.conv1 = ScConv(); s.conv2 = ScConv()
class G(nn.Module):
    def __init__(s): super().__init__(); s.gp = nn.ModuleList([Block() for _ in range(18)])
class Net(nn.Module):
    def __init__(s): super().__init__(); s.g3 = G(); s.fc = nn.Linear(8, 10)
`;
const SAVE = `${NET}
torch.manual_seed(0)
d = sys.argv[1]
sd = Net().state_dict()
torch.save(collections.OrderedDict(('module.' + k, v) for k, v in sd.items()), d + '/ddp.pth')
torch.save(collections.OrderedDict(sd), d + '/bare.pth')
`;
// the applied file into the model the paste came from (bare Net for the DDP checkpoint, DataParallel(Net) for the bare one)
const LOAD = `${NET}
src = torch.load(sys.argv[1]); out = torch.load(sys.argv[2])
model = Net() if sys.argv[3] == 'bare' else nn.DataParallel(Net())
model.load_state_dict(out, strict=True)
print(all(torch.equal(out[k], src[k[len('module.'):]] if sys.argv[3] == 'wrapped' else src['module.' + k]) for k in out))
`;

const SCCONV = (JSON.parse(/const SCCONV = (".*?");\n/s.exec(readFileSync(new URL('../analysis/headless-side.test.ts', import.meta.url), 'utf8'))![1]!) as string);

interface Out {
  fixable: boolean;
  causes: { code: string }[];
  plan: { ops: { op: string; prefix?: string }[] };
}

describeWithTorch('a headless paste with the checkpoint given is sided by the checkpoint (ScConv#21)', () => {
  let tmp: ReturnType<typeof tempDir>;
  const at = (f: string) => join(tmp.dir, f);
  beforeAll(() => {
    tmp = tempDir('headless-ckpt');
    runPython(SAVE, [tmp.dir]);
  });
  afterAll(() => tmp.cleanup());

  it('the text alone: side unknown, no fix (as before)', async () => {
    const j = JSON.parse((await runCli(['explain', '-', '--json'], { stdin: SCCONV })).stdout) as Out;
    expect(j.causes[0]!.code).toBe('headless_side');
    expect(j.plan.ops).toEqual([]);
  });

  it('a DataParallel checkpoint holds every key: they are unexpected, `module.` is stripped (never dropped), and torch loads the result strictly into the bare model', async () => {
    const r = await runCli(['explain', at('ddp.pth'), '-'], { stdin: SCCONV });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('the checkpoint holds all 33 key(s) of the list whose heading the paste cut');
    expect(r.stdout).not.toMatch(/strict\s*=\s*False/);
    const j = JSON.parse((await runCli(['explain', at('ddp.pth'), '-', '--json'], { stdin: SCCONV })).stdout) as Out;
    expect(j.causes.map((c) => c.code)).not.toContain('headless_side');
    expect(j.plan.ops).toEqual([expect.objectContaining({ op: 'strip_prefix', prefix: 'module.' })]);
    writeFileSync(at('ddp-plan.json'), JSON.stringify(j.plan));
    const a = await runCli(['apply', at('ddp.pth'), at('ddp-plan.json'), '-o', at('ddp-out.pt')]);
    expect(a.code, a.stderr).toBe(0);
    expect(runPython(LOAD, [at('ddp.pth'), at('ddp-out.pt'), 'bare']).trim()).toBe('True');
  });

  it('with torch\'s heading kept and the unexpected list cut, the same checkpoint: `module.` stripped, not 290 keys dropped as modules the model lacks', async () => {
    const headed = `RuntimeError: Error(s) in loading state_dict for Net:\n\tUnexpected key(s) in state_dict: "mod${SCCONV}`;
    const j = JSON.parse((await runCli(['explain', at('ddp.pth'), '-', '--json'], { stdin: headed })).stdout) as Out;
    expect(j.plan.ops).toEqual([expect.objectContaining({ op: 'strip_prefix', prefix: 'module.' })]);
  });

  it('a bare checkpoint holds none of them: they are missing, the model is wrapped, `module.` is added, and torch loads the result strictly into DataParallel(Net)', async () => {
    const r = await runCli(['explain', at('bare.pth'), '-'], { stdin: SCCONV });
    expect(r.stdout).toContain('the checkpoint holds none of the 33 key(s) of the list whose heading the paste cut');
    const j = JSON.parse((await runCli(['explain', at('bare.pth'), '-', '--json'], { stdin: SCCONV })).stdout) as Out;
    expect(j.plan.ops).toEqual([expect.objectContaining({ op: 'add_prefix', prefix: 'module.' })]);
    writeFileSync(at('bare-plan.json'), JSON.stringify(j.plan));
    const a = await runCli(['apply', at('bare.pth'), at('bare-plan.json'), '-o', at('bare-out.pt')]);
    expect(a.code, a.stderr).toBe(0);
    expect(runPython(LOAD, [at('bare.pth'), at('bare-out.pt'), 'wrapped']).trim()).toBe('True');
  });
});
