/**
 * The GPT-2 state dict transformers' convert_megatron_gpt2_checkpoint.py makes of a Megatron reference
 * (fixtures/megatron/*.reference.pt: 4 layers, 4 heads of 2), as a Python script: argv REF TGT WANT VERSION
 * writes the target's zeros to TGT and the converted tensors to WANT. Shared by the tests that judge a
 * Megatron → GPT-2 plan by real torch.
 */
export const MEGATRON_GPT2_TRUTH_PY = `
import torch, sys
from collections import OrderedDict as OD
def fix(p, version, heads, hn):
    # transformers convert_megatron_gpt2_checkpoint.py fix_query_key_value_ordering, num_splits 3
    shape = p.size()
    if version == 1.0:
        p = p.view(heads, hn, 3, *shape[1:]).transpose(0, 2).transpose(1, 2).contiguous()
    elif version >= 2.0:
        p = p.view(heads, 3, hn, *shape[1:]).transpose(0, 1).contiguous()
    return p.view(*shape)
r, version = torch.load(sys.argv[1]), float(sys.argv[4])
g = lambda k: r['language_model.' + k]
t = OD()
t['transformer.wte.weight'] = g('embedding.word_embeddings.weight')
t['transformer.wpe.weight'] = g('embedding.position_embeddings.weight')
for i in range(4):
    p, q = f'encoder.layers.{i}.', f'transformer.h.{i}.'
    t[q + 'ln_1.weight'], t[q + 'ln_1.bias'] = g(p + 'input_norm.weight'), g(p + 'input_norm.bias')
    t[q + 'attn.c_attn.weight'] = fix(g(p + 'self_attention.query_key_value.weight'), version, 4, 2).t().contiguous()
    t[q + 'attn.c_attn.bias'] = fix(g(p + 'self_attention.query_key_value.bias'), version, 4, 2)
    t[q + 'attn.c_proj.weight'], t[q + 'attn.c_proj.bias'] = g(p + 'self_attention.dense.weight').t().contiguous(), g(p + 'self_attention.dense.bias')
    t[q + 'ln_2.weight'], t[q + 'ln_2.bias'] = g(p + 'post_attention_norm.weight'), g(p + 'post_attention_norm.bias')
    t[q + 'mlp.c_fc.weight'], t[q + 'mlp.c_fc.bias'] = g(p + 'mlp.dense_h_to_4h.weight').t().contiguous(), g(p + 'mlp.dense_h_to_4h.bias')
    t[q + 'mlp.c_proj.weight'], t[q + 'mlp.c_proj.bias'] = g(p + 'mlp.dense_4h_to_h.weight').t().contiguous(), g(p + 'mlp.dense_4h_to_h.bias')
t['transformer.ln_f.weight'], t['transformer.ln_f.bias'] = g('encoder.final_norm.weight'), g('encoder.final_norm.bias')
torch.save(OD((k, torch.zeros_like(v)) for k, v in t.items()), sys.argv[2])
torch.save(t, sys.argv[3])
`;
