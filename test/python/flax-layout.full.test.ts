import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { inferPlan } from '../../src/analysis/infer/index.js';
import type { KeyEntry } from '../../src/formats/keys.js';
import { makePlan, planToJson } from '../../src/plan/schema.js';
import { validatePlan } from '../../src/plan/validate.js';
import { emitPython } from '../../src/report/emit-python.js';
import { runCli } from '../cli/capture-main.js';
import { describeWithTorch, runPython, tempDir } from '../helpers/torch.js';

/**
 * A checkpoint in Flax's layout, judged by real PyTorch: every Linear weight stored as a `kernel` [in, out]
 * (the square attention ones too, whose shapes cannot tell), the conv kernel HWIO, the attention q / k / v
 * kernels per head [D, H, Dh] with biases [H, Dh], the output kernel [H, Dh, D], norms' `scale`. The
 * tensors are made by torch from a model's own state dict; inferPlan must pair every key, say each layout
 * as reshape + permute ops (a merging reshape before its transpose), `sdmatch apply` must write a file the
 * model loads with strict=True with every tensor equal to the model's, and the emitted script must agree.
 */

const MODELS = `
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
    m = Net()
    m.load_state_dict(sd, strict=True)
    got = m.state_dict()
    return 'equal' if all(torch.equal(got[k], want[k]) for k in want) else 'DIFFERENT'
`;

let tmp: { dir: string; cleanup: () => void };
beforeAll(() => {
  tmp = tempDir('flax-layout');
});
afterAll(() => tmp?.cleanup());

describeWithTorch('a Flax-layout checkpoint, judged by PyTorch', () => {
  it('every key paired; reshape + permute ops; strict=True with tensors equal; the emitted script agrees', async () => {
    const src = join(tmp.dir, 'flax.pt');
    const want = join(tmp.dir, 'want.pt');
    const keysJson = join(tmp.dir, 'keys.json');
    runPython(`${MODELS}
import json, sys
m = Net()
sd = m.state_dict()
f = flax(sd)
torch.save(f, sys.argv[1])
torch.save(sd, sys.argv[2])
json.dump({'target': [[k, list(v.shape)] for k, v in Net().state_dict().items()], 'source': [[k, list(v.shape)] for k, v in f.items()]}, open(sys.argv[3], 'w'))
`, [src, want, keysJson]);
    const sides = JSON.parse(readFileSync(keysJson, 'utf8')) as { source: [string, number[]][]; target: [string, number[]][] };
    const entry = ([key, shape]: [string, number[]]): KeyEntry => ({ key, shape, dtype: 'float32' });
    const result = inferPlan({ source: sides.source.map(entry), target: sides.target.map(entry) });
    expect(result.unmapped).toEqual([]);
    expect(result.leftover).toEqual([]);
    expect(result.sizeMismatches).toEqual([]);
    expect(result.fixable).toBe(true);
    // the conv kernel HWIO → OIHW; the output kernel [H, Dh, D] merged to [H·Dh, D] before its transpose
    // (ops apply in order: PyTorch's equality below is what says the order is right)
    expect(result.ops.some((o) => o.op === 'transpose' && o.dims.join() === '3,2,0,1')).toBe(true);

    const plan = makePlan({ file: src, size: statSync(src).size, sha256: '', select: [] }, { file: 'net', keys: sides.target.length }, result);
    const planPath = join(tmp.dir, 'plan.json');
    writeFileSync(planPath, planToJson(plan));
    expect(validatePlan(JSON.parse(readFileSync(planPath, 'utf8')), planPath).ops).toEqual(plan.ops);

    const out = join(tmp.dir, 'net.pt');
    const r = await runCli(['apply', src, planPath, '-o', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const applied = runPython(`${MODELS}
import sys
print(verdict(torch.load(sys.argv[1], map_location='cpu', weights_only=True), torch.load(sys.argv[2], map_location='cpu')))
`, [out, want]).trim();
    expect(applied).toBe('equal');

    const script = join(tmp.dir, 'fix.py');
    writeFileSync(script, emitPython(plan));
    const emitted = runPython(`${MODELS}
import importlib.util, sys
spec = importlib.util.spec_from_file_location('fix', sys.argv[1])
fix = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fix)
print(verdict(fix.remap_state_dict(torch.load(sys.argv[2], map_location='cpu')), torch.load(sys.argv[3], map_location='cpu')))
`, [script, src, want]).trim();
    expect(emitted).toBe('equal');
  });
});
