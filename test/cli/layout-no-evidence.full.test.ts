import { expect, it } from 'vitest';
import { describeWithTorch } from '../helpers/torch.js';
import { torchFolder } from '../helpers/torch-folder.js';
import { runCli } from './capture-main.js';

/**
 * s22-verify F1 and F4: two torch state dicts, as torch saves them, of convs of another kernel orientation.
 * A `Conv2d(3, 8, (2, 3))` [8, 3, 2, 3] for a `Conv2d(3, 8, (3, 2))` [8, 3, 3, 2] fits spconv 2.x KRSC → dense
 * exactly once, and a `Conv2d(3, 3, (16, 1))` [3, 3, 16, 1] for a depthwise `Conv2d(16, 16, 3, groups=16)`
 * [16, 1, 3, 3] reads as TensorFlow's channels-last kernel: the plan permuted them at confidence 1.00 and said
 * "succeeds" (exit 0), and the output loaded strict=True with its values scrambled. Nothing but the shapes says
 * either checkpoint is another library's: both stay listed shape mismatches, exit 1, no transpose.
 */
const MAKE_PY = `
import torch, torch.nn as nn, sys, os
d = sys.argv[1]
class Orient(nn.Module):
    def __init__(s, k):
        super().__init__()
        s.stem = nn.Conv2d(3, 8, k); s.aux = nn.Conv2d(3, 8, k); s.side = nn.Conv2d(3, 8, k); s.fc = nn.Linear(8, 4)
class Dw(nn.Module):
    def __init__(s, dense):
        super().__init__()
        s.blocks = nn.ModuleList([nn.ModuleDict({'dw': nn.Conv2d(3, 3, (16, 1), bias=False) if dense else nn.Conv2d(16, 16, 3, groups=16, bias=False)}) for _ in range(3)])
torch.manual_seed(0)
torch.save(Orient((2, 3)).state_dict(), os.path.join(d, 'k-src.pt'))
torch.save(Orient((3, 2)).state_dict(), os.path.join(d, 'k-target.pt'))
torch.save(Dw(True).state_dict(), os.path.join(d, 'dw-src.pt'))
torch.save(Dw(False).state_dict(), os.path.join(d, 'dw-target.pt'))
`;

interface PlanJson {
  complete: boolean;
  fixable: boolean;
  plan: { ops: { op: string }[] };
  sizeMismatches: unknown[];
}

describeWithTorch('a torch kernel whose dims are another kernel\'s reordered is no other library\'s layout on shapes alone (s22-verify F1, F4)', () => {
  const folder = torchFolder('layout-no-evidence', MAKE_PY);

  it.each([
    ['another kernel orientation (spconv KRSC fits once)', 'k-src.pt', 'k-target.pt'],
    ['a dense [3, 3, 16, 1] kernel for a depthwise [16, 1, 3, 3] (TF depthwise / HWIO fits)', 'dw-src.pt', 'dw-target.pt'],
  ])('%s: plan lists the shape mismatches, exit 1, no transpose', async (_what, src, target) => {
    const r = await runCli(['plan', folder.at(src), folder.at(target), '--json']);
    expect(r.code).toBe(1);
    const plan = JSON.parse(r.stdout) as PlanJson;
    expect(plan.complete).toBe(false);
    expect(plan.fixable).toBe(false);
    expect(plan.sizeMismatches).toHaveLength(3);
    expect(plan.plan.ops.filter((o) => o.op === 'transpose')).toEqual([]);
    const text = await runCli(['plan', folder.at(src), folder.at(target)]);
    expect(text.stdout).not.toMatch(/succeeds/);
    expect(text.stdout).toMatch(/shape mismatch/);
  });
});
