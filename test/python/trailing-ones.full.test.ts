import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithTorch, tempDir } from '../helpers/torch.js';
import { appliedSays, applyOk, emittedScriptSays, STRICT_EQUAL_PY, torchPlan } from '../helpers/torch-plan.js';

/**
 * Linear ↔ 1×1 conv by pattern, judged by real PyTorch: blocks of three widths whose fc1/fc2 are
 * nn.Linear on one side and nn.Conv2d(kernel 1) on the other (LeViT's, SegFormer's MLPs), a head that
 * stays Linear and LayerNorms that stay as they are. inferPlan must say every fc weight's reshape in
 * ONE op (`addTrailingOnes` / `removeTrailingOnes`: each tensor's shape from its own, so the three
 * widths need no op each), `sdmatch apply` must write a file the other model loads with strict=True,
 * every tensor equal to what torch's own indexing (`w[:, :, None, None]`, `w[:, :, 0, 0]`) makes,
 * and the emitted Python script must make the same tensors.
 */

const MODELS = `${STRICT_EQUAL_PY}
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
    return strict_equal(MODEL[to](), sd, expected(src, to), same_keys=True)
`;

let tmp: { dir: string; cleanup: () => void };
beforeAll(() => {
  tmp = tempDir('trailing-ones');
});
afterAll(() => tmp?.cleanup());

describeWithTorch('linear ↔ 1×1 conv in one reshape by pattern, judged by PyTorch', () => {
  for (const [from, to, field] of [['lin', 'conv', 'addTrailingOnes'], ['conv', 'lin', 'removeTrailingOnes']] as const) {
    it(`${from} → ${to}: one reshape with ${field}: 2 for fc weights of three widths; strict=True, tensors equal; the emitted script agrees`, async () => {
      const { src, sides, result, plan, planPath } = torchPlan(tmp.dir, from, MODELS, `MODEL['${from}']().state_dict()`, `MODEL['${to}']().state_dict()`, to);
      // one op for all six fc weights (three shapes), each deriving its shape from its own
      expect(result.ops).toHaveLength(1);
      const op = result.ops[0]!;
      expect(op.op).toBe('reshape');
      expect(op.op === 'reshape' && op.shape).toBe(undefined);
      expect(op.op === 'reshape' && op[field]).toBe(2);
      expect(op.op === 'reshape' && op.pattern !== undefined && sides.source.filter(([k]) => new RegExp(op.pattern!).test(k)).map(([k]) => k).sort()).toEqual(
        [0, 1, 2].flatMap((i) => [`blocks.${i}.fc1.weight`, `blocks.${i}.fc2.weight`]),
      );

      const out = join(tmp.dir, `${to}-from-${from}.pt`);
      await applyOk(src, planPath, out);
      expect(appliedSays(MODELS, out, src, `verdict(out, ref, '${to}')`)).toBe('equal');
      expect(emittedScriptSays(tmp.dir, `fix-${from}`, plan, MODELS, src, `verdict(out, ref, '${to}')`)).toBe('equal');
    });
  }
});
