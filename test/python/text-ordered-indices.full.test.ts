import { afterAll, beforeAll, expect, it } from 'vitest';
import { join } from 'node:path';
import { describeWithTorch, tempDir } from '../helpers/torch.js';
import { appliedSays, applyOk, torchPlan, STRICT_EQUAL_PY } from '../helpers/torch-plan.js';

/**
 * Issue 11, tuning7's command-r-v01-hf-to-gguf judged by real PyTorch: llama.cpp writes a GGUF file in the
 * order it read the HF safetensors file, sorted by the HF names, so its blocks come `blk.0, blk.1, blk.10,
 * …, blk.2` (text-ordered-indices.ts). Paired by position, `layers.2` went to `blk.10`: every shape equal, so
 * strict=True loads and twenty layers hold another layer's weights. Applied, every tensor must be its own layer's.
 * (No q/k projections: HF → GGUF q/k are listed, never paired, since llama.cpp permutes their rows for some
 * architectures and not others and the names cannot tell: rope-renames.ts, session 20; this test is about order.)
 */
const MODELS = `${STRICT_EQUAL_PY}
import collections, re, torch, torch.nn as nn
torch.manual_seed(0)
H, F, L = 8, 16, 12
class Layer(nn.Module):
    def __init__(s):
        super().__init__()
        s.self_attn = nn.Module(); s.mlp = nn.Module()
        for n in 'vo': setattr(s.self_attn, n + '_proj', nn.Linear(H, H, bias=False))
        s.mlp.gate_proj = nn.Linear(H, F, bias=False); s.mlp.up_proj = nn.Linear(H, F, bias=False); s.mlp.down_proj = nn.Linear(F, H, bias=False)
        s.input_layernorm = nn.LayerNorm(H, elementwise_affine=True); s.post_attention_layernorm = nn.LayerNorm(H)
class Hf(nn.Module):
    def __init__(s):
        super().__init__()
        s.model = nn.Module(); s.model.embed_tokens = nn.Embedding(50, H)
        s.model.layers = nn.ModuleList([Layer() for _ in range(L)]); s.model.norm = nn.LayerNorm(H)
NAMES = {'self_attn.q_proj': 'attn_q', 'self_attn.k_proj': 'attn_k', 'self_attn.v_proj': 'attn_v', 'self_attn.o_proj': 'attn_output',
         'mlp.gate_proj': 'ffn_gate', 'mlp.up_proj': 'ffn_up', 'mlp.down_proj': 'ffn_down', 'input_layernorm': 'attn_norm', 'post_attention_layernorm': 'ffn_norm'}
def gguf(k):
    if k.startswith('model.embed_tokens.'): return 'token_embd.' + k.split('.')[-1]
    if k.startswith('model.norm.'): return 'output_norm.' + k.split('.')[-1]
    m = re.match(r'model\\.layers\\.(\\d+)\\.(.+)\\.(weight|bias)$', k)
    return 'blk.%s.%s.%s' % (m.group(1), NAMES[m.group(2)], m.group(3))
class Gguf(nn.Module):
    def __init__(s):
        super().__init__()
        hf = Hf()
        for k, v in hf.state_dict().items():
            *path, leaf = gguf(k).split('.')
            node = s
            for p in path:
                if not hasattr(node, p): node.add_module(p, nn.Module())
                node = getattr(node, p)
            node.register_parameter(leaf, nn.Parameter(torch.zeros_like(v)))
def written():
    # the converter's order: the HF names sorted (as safe_open lists them), each written under its GGUF name
    return collections.OrderedDict((gguf(k), v) for k, v in sorted(Hf().state_dict().items()))
`;

let tmp: { dir: string; cleanup: () => void };
beforeAll(() => {
  tmp = tempDir('text-ordered-indices');
});
afterAll(() => tmp?.cleanup());

describeWithTorch('a GGUF-named target listed in the text order of its indices, judged by PyTorch', () => {
  it('HF Llama-style state_dict → GGUF names: strict=True, every tensor from its own layer', async () => {
    const { src, result, planPath } = torchPlan(tmp.dir, 'gguf', MODELS, 'Hf().state_dict()', 'written()', 'gguf');
    expect(result.fixable).toBe(true);
    const out = join(tmp.dir, 'out.pt');
    await applyOk(src, planPath, out);
    expect(appliedSays(MODELS, out, src, 'strict_equal(Gguf(), out, {gguf(k): v for k, v in ref.items()}, True)')).toBe('equal');
  });
});
