import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithTorch, runPython, tempDir } from '../helpers/torch.js';
import { appliedSays, applyOk, emittedScriptSays, STRICT_EQUAL_PY, torchPlan } from '../helpers/torch-plan.js';

/**
 * TensorFlow layouts under PyTorch's own names (issue 11, point 3), judged by real PyTorch: a converter
 * that copied the arrays without permuting them left every conv weight HWIO and every Linear weight
 * [in, out], all still named `weight` — the square Linear ones too, which their shapes cannot tell. No
 * `kernel` says so: the checkpoint's shapes (two or more convs pinned HWIO, none stored as the model has
 * them) and the Linear biases (each its weight's dim 1) must. The keys are renamed too (`features.N` →
 * `stages.N`), so pairing needs the convs read in PyTorch's layout. Every key must be paired, the plan
 * applied, the model loaded with strict=True and every tensor equal; the emitted script must agree.
 */

const MODELS = `${STRICT_EQUAL_PY}
import torch, torch.nn as nn
torch.manual_seed(0)
D = 32
class Net(nn.Module):
    def __init__(self, names):
        super().__init__()
        layers = nn.ModuleList([nn.Conv2d(3, 16, 3), nn.Conv2d(16, D, 3), nn.Conv2d(D, D, 1)])
        setattr(self, names[0], layers)
        head = nn.ModuleDict({'q': nn.Linear(D, D), 'fc1': nn.Linear(D, 4 * D), 'fc2': nn.Linear(4 * D, D), 'out': nn.Linear(D, 10)})
        setattr(self, names[1], head)
def tf_arrays(sd):
    """the arrays as TensorFlow holds them (HWIO, [in, out]), under the same names"""
    return {k: (v.permute(2, 3, 1, 0) if v.dim() == 4 else v.t() if v.dim() == 2 else v).contiguous() for k, v in sd.items()}
def verdict(sd, want):
    return strict_equal(Net(('stages', 'mlp')), sd, want)
`;

let tmp: { dir: string; cleanup: () => void };
beforeAll(() => {
  tmp = tempDir('foreign-weight-layout');
});
afterAll(() => tmp?.cleanup());

describeWithTorch('TensorFlow layouts under PyTorch names, judged by PyTorch', () => {
  it('HWIO convs and [in, out] Linears named `weight`, squares included: permute ops; strict=True with tensors equal; the emitted script agrees', async () => {
    const want = join(tmp.dir, 'want.pt');
    const made = join(tmp.dir, 'made.pt');
    // one model's weights (what the output must equal), saved under the other model's names in TF layout
    runPython(`${MODELS}
import sys
a = Net(('features', 'head')).state_dict()
torch.save({k.replace('features', 'stages').replace('head', 'mlp'): v for k, v in a.items()}, sys.argv[1])
torch.save(tf_arrays(a), sys.argv[2])
`, [want, made]);
    const { src, result, plan, planPath } = torchPlan(tmp.dir, 'tf', MODELS, `torch.load(${JSON.stringify(made)})`, "Net(('stages', 'mlp')).state_dict()", 'net');
    expect(result.sizeMismatches).toEqual([]);
    expect(result.fixable).toBe(true);
    expect(result.ops.some((o) => o.op === 'transpose' && o.dims.join() === '3,2,0,1')).toBe(true);
    // the square q and the 1×1 conv (HWIO [1, 1, 32, 32]: a reshape would scramble nothing visible, the values would be wrong)
    const out = join(tmp.dir, 'net.pt');
    await applyOk(src, planPath, out);
    expect(appliedSays(MODELS, out, want, 'verdict(out, ref)')).toBe('equal');
    expect(emittedScriptSays(tmp.dir, 'fix', plan, MODELS, src, 'verdict(out, ref)', want)).toBe('equal');
  });
});
