import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithTorch, tempDir } from '../helpers/torch.js';
import { appliedSays, applyOk, emittedScriptSays, STRICT_EQUAL_PY, torchPlan } from '../helpers/torch-plan.js';

/**
 * A Mixtral checkpoint in Mistral's consolidated layout (each layer's experts in w1, w2, w3 of [E·F, D];
 * w2 holds every expert's [D, F] down projection transposed) loaded into transformers' per-expert model,
 * judged by real PyTorch. What the output must hold is made the way transformers'
 * convert_mixtral_weights_to_hf.py makes it: `w1.view(E, F, D)[e]`, `w2.view(E, F, D)[e].T`. The plan
 * must say it as templated ops — a transpose of every layer's w2 by pattern, then splits by pattern
 * (w2's along dim 1) — `sdmatch apply` must write it, the model must load it strict=True with every
 * tensor equal, and the emitted Python script must make the same tensors. (The attention holds v_proj alone:
 * wq beside a [D, D] wo would be two look-alikes only their order pairs, listed, not guessed: anchor-slots.ts; and
 * wq's rows need a rope permute per head the names cannot give: rope-renames.ts lists it.)
 */

const MODELS = `${STRICT_EQUAL_PY}
import torch, torch.nn as nn
E, F, D, L, V = 3, 5, 4, 4, 7
class Norm(nn.Module):
    def __init__(self):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(D))
class HF(nn.Module):
    def __init__(self):
        super().__init__()
        self.model = nn.ModuleDict({
            'embed_tokens': nn.Embedding(V, D),
            'layers': nn.ModuleList([nn.ModuleDict({
                'self_attn': nn.ModuleDict({'v_proj': nn.Linear(D, D, bias=False)}),
                'block_sparse_moe': nn.ModuleDict({'gate': nn.Linear(D, E, bias=False), 'experts': nn.ModuleList([nn.ModuleDict({'w1': nn.Linear(D, F, bias=False), 'w2': nn.Linear(F, D, bias=False), 'w3': nn.Linear(D, F, bias=False)}) for _ in range(E)])}),
                'input_layernorm': Norm(), 'post_attention_layernorm': Norm(),
            }) for _ in range(L)]),
            'norm': Norm(),
        })
        self.lm_head = nn.Linear(D, V, bias=False)
def consolidated():
    torch.manual_seed(0)
    sd = {'tok_embeddings.weight': torch.randn(V, D)}
    for l in range(L):
        sd[f'layers.{l}.attention.wv.weight'] = torch.randn(D, D)
        sd[f'layers.{l}.block_sparse_moe.gate.weight'] = torch.randn(E, D)
        for w in ('w1', 'w2', 'w3'):
            sd[f'layers.{l}.block_sparse_moe.{w}'] = torch.randn(E * F, D)
        sd[f'layers.{l}.attention_norm.weight'] = torch.randn(D)
        sd[f'layers.{l}.ffn_norm.weight'] = torch.randn(D)
    sd['norm.weight'] = torch.randn(D)
    sd['output.weight'] = torch.randn(V, D)
    return sd
def expected(src):
    """what the model must hold, made as convert_mixtral_weights_to_hf.py makes it"""
    out = {'model.embed_tokens.weight': src['tok_embeddings.weight'], 'model.norm.weight': src['norm.weight'], 'lm_head.weight': src['output.weight']}
    for l in range(L):
        at = f'model.layers.{l}.'
        out[at + 'self_attn.v_proj.weight'] = src[f'layers.{l}.attention.wv.weight']
        out[at + 'block_sparse_moe.gate.weight'] = src[f'layers.{l}.block_sparse_moe.gate.weight']
        out[at + 'input_layernorm.weight'] = src[f'layers.{l}.attention_norm.weight']
        out[at + 'post_attention_layernorm.weight'] = src[f'layers.{l}.ffn_norm.weight']
        for e in range(E):
            x = lambda w: src[f'layers.{l}.block_sparse_moe.{w}'].view(E, F, D)[e]
            out[at + f'block_sparse_moe.experts.{e}.w1.weight'] = x('w1')
            out[at + f'block_sparse_moe.experts.{e}.w2.weight'] = x('w2').T
            out[at + f'block_sparse_moe.experts.{e}.w3.weight'] = x('w3')
    return out
def verdict(sd, src):
    return strict_equal(HF(), sd, expected(src), same_keys=True)
`;

let tmp: { dir: string; cleanup: () => void };
beforeAll(() => {
  tmp = tempDir('transposed-split');
});
afterAll(() => tmp?.cleanup());

describeWithTorch('a whole holding its parts transposed, cut by pattern, judged by PyTorch', () => {
  it('consolidated Mixtral w1/w2/w3 load into per-expert weights strict=True, w2 transposed per expert, equal to view(E, F, D)[e](.T)', async () => {
    const { src, result, plan, planPath } = torchPlan(tmp.dir, 'consolidated', MODELS, 'consolidated()', 'HF().state_dict()', 'HF');
    expect(result.ambiguities).toEqual([]);
    expect(result.ops.filter((o) => o.op === 'transpose')).toEqual([expect.objectContaining({ pattern: '^model\\.layers\\.\\d+\\.block_sparse_moe\\.w2$', dims: [1, 0] })]);
    const splits = result.ops.filter((o) => o.op === 'split');
    expect(splits).toHaveLength(3);
    expect(splits.every((o) => o.pattern !== undefined)).toBe(true);

    const out = join(tmp.dir, 'hf.pt');
    await applyOk(src, planPath, out);
    expect(appliedSays(MODELS, out, src, 'verdict(out, ref)')).toBe('equal');

    // the emitted script (--emit python) transposes and cuts with tensor methods and torch.split
    expect(emittedScriptSays(tmp.dir, 'fix', plan, MODELS, src, 'verdict(out, ref)')).toBe('equal');
  });
});
