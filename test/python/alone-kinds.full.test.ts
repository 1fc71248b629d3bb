import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithTorch, tempDir } from '../helpers/torch.js';
import { appliedSays, applyOk, STRICT_EQUAL_PY, torchPlan } from '../helpers/torch-plan.js';

/**
 * Module alignment with a buffer one side holds and the other nowhere, judged by real PyTorch: a GPT-NeoX
 * pipeline checkpoint (`sequential.N`, each layer's `attention.rotary_emb.inv_freq` saved) listed sorted by name,
 * as a safetensors file lists it, into the HF model (which keeps inv_freq out of its state dict). Counted in the
 * layers' signatures, the buffer made every checkpoint layer unlike every model layer: the layers fell apart and
 * their look-alike parts were paired by the alphabet (pythia-160m sorted: 44 of 160 wrong). Applied, strict=True,
 * every tensor its own.
 */
const MODELS = `${STRICT_EQUAL_PY}
import collections, re, torch, torch.nn as nn
D, V, L = 16, 40, 3
class Rot(nn.Module):
    def __init__(s): super().__init__(); s.register_buffer('inv_freq', torch.ones(4))
class SAttn(nn.Module):
    def __init__(s): super().__init__(); s.query_key_value = nn.Linear(D, 3 * D); s.rotary_emb = Rot(); s.dense = nn.Linear(D, D)
class Mlp(nn.Module):
    def __init__(s): super().__init__(); s.dense_h_to_4h = nn.Linear(D, 4 * D); s.dense_4h_to_h = nn.Linear(4 * D, D)
class SLayer(nn.Module):
    def __init__(s): super().__init__(); s.input_layernorm = nn.LayerNorm(D); s.attention = SAttn(); s.post_attention_layernorm = nn.LayerNorm(D); s.mlp = Mlp()
class Emb(nn.Module):
    def __init__(s): super().__init__(); s.word_embeddings = nn.Embedding(V, D)
class Norm(nn.Module):
    def __init__(s): super().__init__(); s.norm = nn.LayerNorm(D)
class Head(nn.Module):
    def __init__(s): super().__init__(); s.final_linear = nn.Linear(D, V, bias=False)
class Pipe(nn.Module):
    def __init__(s): super().__init__(); s.sequential = nn.ModuleList([Emb(), nn.Identity()] + [SLayer() for _ in range(L)] + [nn.Identity(), Norm(), Head()])
class HAttn(nn.Module):
    def __init__(s): super().__init__(); s.query_key_value = nn.Linear(D, 3 * D); s.dense = nn.Linear(D, D)
class HLayer(nn.Module):
    def __init__(s): super().__init__(); s.input_layernorm = nn.LayerNorm(D); s.post_attention_layernorm = nn.LayerNorm(D); s.attention = HAttn(); s.mlp = Mlp()
class Inner(nn.Module):
    def __init__(s): super().__init__(); s.embed_in = nn.Embedding(V, D); s.layers = nn.ModuleList([HLayer() for _ in range(L)]); s.final_layer_norm = nn.LayerNorm(D)
class NeoX(nn.Module):
    def __init__(s): super().__init__(); s.gpt_neox = Inner(); s.embed_out = nn.Linear(D, V, bias=False)
def pipe_sorted():
    torch.manual_seed(2)
    return collections.OrderedDict((k, torch.randn(v.shape)) for k, v in sorted(Pipe().state_dict().items()))
def name(k):
    k = re.sub(r'^sequential\\.0\\.word_embeddings\\.', 'gpt_neox.embed_in.', k)
    k = re.sub(r'^sequential\\.%d\\.norm\\.' % (L + 3), 'gpt_neox.final_layer_norm.', k)
    k = re.sub(r'^sequential\\.%d\\.final_linear\\.' % (L + 4), 'embed_out.', k)
    return re.sub(r'^sequential\\.(\\d+)\\.', lambda m: 'gpt_neox.layers.%d.' % (int(m.group(1)) - 2), k)
def want(ref): return {name(k): v for k, v in ref.items() if not k.endswith('inv_freq')}
`;

let tmp: { dir: string; cleanup: () => void };
beforeAll(() => {
  tmp = tempDir('alone-kinds');
});
afterAll(() => tmp?.cleanup());

describeWithTorch('a buffer only the checkpoint holds, in a checkpoint listed sorted by name, judged by PyTorch', () => {
  it('GPT-NeoX pipeline layers (rotary inv_freq saved) → HF GPTNeoX: every layer whole, strict=True and every tensor equal', async () => {
    const { src, planPath } = torchPlan(tmp.dir, 'neox', MODELS, 'pipe_sorted()', 'NeoX().state_dict()', 'tgt');
    const out = join(tmp.dir, 'neox-out.pt');
    await applyOk(src, planPath, out);
    expect(appliedSays(MODELS, out, src, 'strict_equal(NeoX(), out, want(ref), True)')).toBe('equal');
  });
});
