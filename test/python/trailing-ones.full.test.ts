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
 * Linear ↔ 1×1 conv by pattern, judged by real PyTorch: blocks of three widths whose fc1/fc2 are
 * nn.Linear on one side and nn.Conv2d(kernel 1) on the other (LeViT's, SegFormer's MLPs), a head that
 * stays Linear and LayerNorms that stay as they are. inferPlan must say every fc weight's reshape in
 * ONE op (`addTrailingOnes` / `removeTrailingOnes`: each tensor's shape from its own, so the three
 * widths need no op each), `sdmatch apply` must write a file the other model loads with strict=True,
 * every tensor equal to what torch's own indexing (`w[:, :, None, None]`, `w[:, :, 0, 0]`) makes,
 * and the emitted Python script must make the same tensors.
 */

const MODELS = `
import torch, torch.nn as nn
torch.manual_seed(0)
D = [4, 6, 8]
class Lin(nn.Module):
    def __init__(self):
        super().__init__()
        self.blocks = nn.ModuleList([nn.ModuleDict({'fc1': nn.Linear(d, 2 * d), 'fc2': nn.Linear(2 * d, d), 'norm': nn.LayerNorm(d)}) for d in D])
        self.head = nn.Linear(8, 3)
class Conv(nn.Module):
    def __init__(self):
        super().__init__()
        self.blocks = nn.ModuleList([nn.ModuleDict({'fc1': nn.Conv2d(d, 2 * d, 1), 'fc2': nn.Conv2d(2 * d, d, 1), 'norm': nn.LayerNorm(d)}) for d in D])
        self.head = nn.Linear(8, 3)
MODEL = {'lin': Lin, 'conv': Conv}
def expected(src, to):
    """what the other model must hold, made by torch's own indexing"""
    out = {}
    for k, v in src.items():
        if '.fc' in k and k.endswith('.weight'):
            v = v[:, :, None, None] if to == 'conv' else v[:, :, 0, 0]
        out[k] = v
    return out
def verdict(sd, src, to):
    m = MODEL[to]()
    m.load_state_dict(sd, strict=True)
    got = m.state_dict()
    want = expected(src, to)
    assert sorted(got) == sorted(want), (sorted(got), sorted(want))
    return 'equal' if all(torch.equal(got[k], want[k]) for k in want) else 'DIFFERENT'
`;

let tmp: { dir: string; cleanup: () => void };
beforeAll(() => {
  tmp = tempDir('trailing-ones');
});
afterAll(() => tmp?.cleanup());

describeWithTorch('linear ↔ 1×1 conv in one reshape by pattern, judged by PyTorch', () => {
  for (const [from, to, field] of [['lin', 'conv', 'addTrailingOnes'], ['conv', 'lin', 'removeTrailingOnes']] as const) {
    it(`${from} → ${to}: one reshape with ${field}: 2 for fc weights of three widths; strict=True, tensors equal; the emitted script agrees`, async () => {
      const src = join(tmp.dir, `${from}.pt`);
      const keysJson = join(tmp.dir, `${from}.keys.json`);
      runPython(`${MODELS}
import json, sys
m = MODEL['${from}']()
torch.save(m.state_dict(), sys.argv[1])
json.dump({'target': [[k, list(v.shape)] for k, v in MODEL['${to}']().state_dict().items()], 'source': [[k, list(v.shape)] for k, v in m.state_dict().items()]}, open(sys.argv[2], 'w'))
`, [src, keysJson]);
      const sides = JSON.parse(readFileSync(keysJson, 'utf8')) as { source: [string, number[]][]; target: [string, number[]][] };
      const entry = ([key, shape]: [string, number[]]): KeyEntry => ({ key, shape, dtype: 'float32' });
      const result = inferPlan({ source: sides.source.map(entry), target: sides.target.map(entry) });
      expect(result.unmapped).toEqual([]);
      expect(result.leftover).toEqual([]);
      // one op for all six fc weights (three shapes), each deriving its shape from its own
      expect(result.ops).toHaveLength(1);
      const op = result.ops[0]!;
      expect(op.op).toBe('reshape');
      expect(op.op === 'reshape' && op.shape).toBe(undefined);
      expect(op.op === 'reshape' && op[field]).toBe(2);
      expect(op.op === 'reshape' && op.pattern !== undefined && sides.source.filter(([k]) => new RegExp(op.pattern!).test(k)).map(([k]) => k).sort()).toEqual(
        [0, 1, 2].flatMap((i) => [`blocks.${i}.fc1.weight`, `blocks.${i}.fc2.weight`]),
      );

      const plan = makePlan({ file: src, size: statSync(src).size, sha256: '', select: [] }, { file: to, keys: sides.target.length }, result);
      expect(plan.version).toBe(3);
      const planPath = join(tmp.dir, `${from}.plan.json`);
      writeFileSync(planPath, planToJson(plan));
      expect(validatePlan(JSON.parse(readFileSync(planPath, 'utf8')), planPath).ops).toEqual(plan.ops);

      const out = join(tmp.dir, `${to}-from-${from}.pt`);
      const r = await runCli(['apply', src, planPath, '-o', out]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const applied = runPython(`${MODELS}
import sys
print(verdict(torch.load(sys.argv[1], map_location='cpu', weights_only=True), torch.load(sys.argv[2], map_location='cpu'), '${to}'))
`, [out, src]).trim();
      expect(applied).toBe('equal');

      const script = join(tmp.dir, `fix-${from}.py`);
      writeFileSync(script, emitPython(plan));
      const emitted = runPython(`${MODELS}
import importlib.util, sys
spec = importlib.util.spec_from_file_location('fix', sys.argv[1])
fix = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fix)
src = torch.load(sys.argv[2], map_location='cpu')
print(verdict(fix.remap_state_dict(src), src, '${to}'))
`, [script, src]).trim();
      expect(emitted).toBe('equal');
    });
  }
});
