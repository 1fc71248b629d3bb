import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithTorch, tempDir } from '../helpers/torch.js';
import { appliedSays, applyOk, emittedScriptSays, STRICT_EQUAL_PY, torchPlan } from '../helpers/torch-plan.js';

/**
 * Value ops at the pattern level, judged by real PyTorch: a Mixtral-style checkpoint in transformers v4
 * layout (per-expert w1/w2/w3, separate q/k/v) loaded into a model in the v5 layout (experts stacked
 * into `gate_up_proj` [E, 2F, D] = cat(stack(w1), stack(w3), dim=1) and `down_proj` = stack(w2); q, k
 * and v concatenated into `qkv_proj`). Nothing in the matcher knows these names: shapes, indices and
 * the fused names' part lists (gate_up ← gate/w1, up/w3; qkv ← q, k, v) decide. inferPlan must find
 * both joins as one op per kind (pattern ops, plan version 3), `sdmatch apply` must write them, and
 * the model must load the output with strict=True, every tensor equal to what torch.stack / torch.cat
 * make of the source; the emitted Python script must make the same tensors.
 */

const MODELS = `${STRICT_EQUAL_PY}
import torch, torch.nn as nn
torch.manual_seed(0)
E, D, F, KV, L = 4, 6, 5, 2, 3
def lin(i, o):
    return nn.Linear(i, o, bias=False)
class V4(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([nn.ModuleDict({
            'self_attn': nn.ModuleDict({'q_proj': lin(D, D), 'k_proj': lin(D, KV), 'v_proj': lin(D, KV), 'o_proj': lin(D, D)}),
            'block_sparse_moe': nn.ModuleDict({'gate': lin(D, E), 'experts': nn.ModuleList([nn.ModuleDict({'w1': lin(D, F), 'w2': lin(F, D), 'w3': lin(D, F)}) for _ in range(E)])}),
        }) for _ in range(L)])
class Experts(nn.Module):
    def __init__(self):
        super().__init__()
        self.gate_up_proj = nn.Parameter(torch.zeros(E, 2 * F, D))
        self.down_proj = nn.Parameter(torch.zeros(E, D, F))
class V5(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([nn.ModuleDict({
            'self_attn': nn.ModuleDict({'qkv_proj': lin(D, D + 2 * KV), 'o_proj': lin(D, D)}),
            'mlp': nn.ModuleDict({'gate': lin(D, E), 'experts': Experts()}),
        }) for _ in range(L)])
def expected(src):
    """what the v5 model must hold, made by torch itself"""
    out = {}
    for l in range(L):
        x = lambda w: torch.stack([src[f'layers.{l}.block_sparse_moe.experts.{e}.{w}.weight'] for e in range(E)], dim=0)
        out[f'layers.{l}.mlp.experts.gate_up_proj'] = torch.cat([x('w1'), x('w3')], dim=1)
        out[f'layers.{l}.mlp.experts.down_proj'] = x('w2')
        out[f'layers.{l}.self_attn.qkv_proj.weight'] = torch.cat([src[f'layers.{l}.self_attn.{p}_proj.weight'] for p in 'qkv'], dim=0)
        out[f'layers.{l}.self_attn.o_proj.weight'] = src[f'layers.{l}.self_attn.o_proj.weight']
        out[f'layers.{l}.mlp.gate.weight'] = src[f'layers.{l}.block_sparse_moe.gate.weight']
    return out
def verdict(sd, src):
    return strict_equal(V5(), sd, expected(src), same_keys=True)
`;

let tmp: { dir: string; cleanup: () => void };
beforeAll(() => {
  tmp = tempDir('fused-experts');
});
afterAll(() => tmp?.cleanup());

describeWithTorch('stacked and concatenated experts by pattern, judged by PyTorch', () => {
  it('v4 per-expert w1/w3/w2 and q/k/v load into the v5 fused layout, strict=True, tensors equal to torch.stack / torch.cat', async () => {
    const { src, result, plan, planPath } = torchPlan(tmp.dir, 'v4', MODELS, 'V4().state_dict()', 'V5().state_dict()', 'V5');
    expect(result.ambiguities).toEqual([]);
    // one op per kind of join, not one per layer: stacks of w1, w3, w2; concats by pattern for gate_up and qkv
    expect(result.ops.filter((o) => o.op === 'stack')).toHaveLength(3);
    const concats = result.ops.filter((o) => o.op === 'concat');
    expect(concats).toHaveLength(2);
    expect(concats.every((o) => o.pattern !== undefined)).toBe(true);
    expect(concats.map((o) => (o.pattern !== undefined ? [o.parts, o.dim] : null))).toEqual(expect.arrayContaining([[['q_proj', 'k_proj', 'v_proj'], 0], [['w1', 'w3'], 1]]));

    const out = join(tmp.dir, 'v5.pt');
    await applyOk(src, planPath, out);
    expect(appliedSays(MODELS, out, src, 'verdict(out, ref)')).toBe('equal');

    // the emitted script (--emit python) does the same with torch.stack / torch.cat
    expect(emittedScriptSays(tmp.dir, 'fix', plan, MODELS, src, 'verdict(out, ref)')).toBe('equal');
  });
});
