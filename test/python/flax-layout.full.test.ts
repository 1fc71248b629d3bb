import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithTorch, runPython, tempDir } from '../helpers/torch.js';
import { appliedSays, applyOk, emittedScriptSays, STRICT_EQUAL_PY, torchPlan } from '../helpers/torch-plan.js';

/**
 * A checkpoint in Flax's layout, judged by real PyTorch: every Linear weight stored as a `kernel` [in, out]
 * (the square attention ones too, whose shapes cannot tell), the conv kernel HWIO, the attention q / k / v
 * kernels per head [D, H, Dh] with biases [H, Dh], the output kernel [H, Dh, D], norms' `scale`. The
 * tensors are made by torch from a model's own state dict; inferPlan must pair every key, say each layout
 * as reshape + permute ops (a merging reshape before its transpose), `sdmatch apply` must write a file the
 * model loads with strict=True with every tensor equal to the model's, and the emitted script must agree.
 */

const MODELS = `${STRICT_EQUAL_PY}
import torch, torch.nn as nn
torch.manual_seed(0)
D, H, DH = 128, 2, 64
class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.norm = nn.LayerNorm(D)
        self.q = nn.Linear(D, D)
        self.k = nn.Linear(D, D)
        self.v = nn.Linear(D, D)
        self.o = nn.Linear(D, D)
        self.fc1 = nn.Linear(D, 2 * D)
        self.fc2 = nn.Linear(2 * D, D)
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, D, 4)
        self.blocks = nn.ModuleList([Block() for _ in range(2)])
def flax(sd):
    """the state dict as Flax stores it (kernels [in, out], HWIO, DenseGeneral per head, norm scale)"""
    out = {}
    for k, v in sd.items():
        mod, leaf = k.rsplit('.', 1)
        name = mod.rsplit('.', 1)[-1]
        if leaf == 'weight' and v.dim() == 4:
            out[mod + '.kernel'] = v.permute(2, 3, 1, 0).contiguous()
        elif leaf == 'weight' and v.dim() == 2 and name in ('q', 'k', 'v'):
            out[mod + '.kernel'] = v.t().reshape(D, H, DH).contiguous()
        elif leaf == 'weight' and v.dim() == 2 and name == 'o':
            out[mod + '.kernel'] = v.t().reshape(H, DH, D).contiguous()
        elif leaf == 'weight' and v.dim() == 2:
            out[mod + '.kernel'] = v.t().contiguous()
        elif leaf == 'bias' and name in ('q', 'k', 'v'):
            out[k] = v.reshape(H, DH).clone()
        elif leaf == 'weight' and v.dim() == 1:
            out[mod + '.scale'] = v.clone()
        else:
            out[k] = v.clone()
    return out
def verdict(sd, want):
    return strict_equal(Net(), sd, want)
`;

let tmp: { dir: string; cleanup: () => void };
beforeAll(() => {
  tmp = tempDir('flax-layout');
});
afterAll(() => tmp?.cleanup());

describeWithTorch('a Flax-layout checkpoint, judged by PyTorch', () => {
  it('every key paired; reshape + permute ops; strict=True with tensors equal; the emitted script agrees', async () => {
    // the model's own state dict (what the output must equal), and its Flax layout as the source
    const want = join(tmp.dir, 'want.pt');
    runPython(`${MODELS}
import sys
torch.save(Net().state_dict(), sys.argv[1])
`, [want]);
    const { src, result, plan, planPath } = torchPlan(tmp.dir, 'flax', MODELS, `flax(torch.load(${JSON.stringify(want)}))`, 'Net().state_dict()', 'net');
    expect(result.sizeMismatches).toEqual([]);
    expect(result.fixable).toBe(true);
    // the conv kernel HWIO → OIHW; the output kernel [H, Dh, D] merged to [H·Dh, D] before its transpose
    // (ops apply in order: PyTorch's equality below is what says the order is right)
    expect(result.ops.some((o) => o.op === 'transpose' && o.dims.join() === '3,2,0,1')).toBe(true);

    const out = join(tmp.dir, 'net.pt');
    await applyOk(src, planPath, out);
    expect(appliedSays(MODELS, out, want, 'verdict(out, ref)')).toBe('equal');
    expect(emittedScriptSays(tmp.dir, 'fix', plan, MODELS, src, 'verdict(out, ref)', want)).toBe('equal');
  });
});
