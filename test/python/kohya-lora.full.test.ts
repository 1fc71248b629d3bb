import { afterAll, beforeAll, expect, it } from 'vitest';
import { join } from 'node:path';
import { describeWithTorch, tempDir } from '../helpers/torch.js';
import { appliedSays, applyOk, torchPlan } from '../helpers/torch-plan.js';

/**
 * Review 12 F3, judged by real PyTorch: a kohya-ss LoRA of a CLIP text encoder (`lora_te_text_model_
 * encoder_layers_{i}_{module}.lora_down/lora_up/alpha`, the module path flattened with `_`) into the
 * diffusers/PEFT names (`text_encoder.text_model.encoder.layers.{i}.{module}.lora_A/lora_B`), as diffusers'
 * `_convert_non_diffusers_lora_to_diffusers` renames it. The plan was 144 one-key literal renames; now
 * one rule frees the layer index, one per module name unflattens it, one per factor: applied, strict=True,
 * every factor its own; the alphas are left out and said to belong in the adapter's config.
 */
const MODELS = `
import collections, re, torch, torch.nn as nn
torch.manual_seed(0)
d, r, I, L = 16, 4, 64, 4
MODS = [('self_attn_k_proj', 'self_attn.k_proj', d, d), ('self_attn_v_proj', 'self_attn.v_proj', d, d),
        ('self_attn_q_proj', 'self_attn.q_proj', d, d), ('self_attn_out_proj', 'self_attn.out_proj', d, d),
        ('mlp_fc1', 'mlp.fc1', d, I), ('mlp_fc2', 'mlp.fc2', I, d)]
def saved():
    sd = collections.OrderedDict()
    for i in range(L):
        for m, _, fi, fo in MODS:
            b = f'lora_te_text_model_encoder_layers_{i}_{m}'
            sd[b + '.lora_down.weight'] = torch.randn(r, fi); sd[b + '.lora_up.weight'] = torch.randn(fo, r)
            sd[b + '.alpha'] = torch.tensor(float(r) + i)
    return sd
class Lin(nn.Module):
    def __init__(s, fi, fo): super().__init__(); s.lora_A = nn.Linear(fi, r, bias=False); s.lora_B = nn.Linear(r, fo, bias=False)
class Lay(nn.Module):
    def __init__(s):
        super().__init__()
        s.self_attn = nn.Module(); s.mlp = nn.Module()
        for m, p, fi, fo in MODS: setattr(getattr(s, p.split('.')[0]), p.split('.')[1], Lin(fi, fo))
class Tgt(nn.Module):
    def __init__(s):
        super().__init__(); s.text_encoder = nn.Module(); s.text_encoder.text_model = nn.Module()
        s.text_encoder.text_model.encoder = nn.Module(); s.text_encoder.text_model.encoder.layers = nn.ModuleList([Lay() for _ in range(L)])
def truth(ref):
    path = {m: p for m, p, _, _ in MODS}
    out = {}
    for k, v in ref.items():
        g = re.match(r'^lora_te_text_model_encoder_layers_(\\d+)_(\\w+?)\\.lora_(down|up)\\.weight$', k)
        if g: out[f'text_encoder.text_model.encoder.layers.{g[1]}.{path[g[2]]}.lora_{"A" if g[3] == "down" else "B"}.weight'] = v
    return out
def verdict(out, ref):
    Tgt().load_state_dict(out, strict=True)
    want = truth(ref)
    return 'equal' if set(want) == set(out) and all(torch.equal(out[k], v) for k, v in want.items()) else 'DIFFERENT'
`;

let tmp: { dir: string; cleanup: () => void };
beforeAll(() => {
  tmp = tempDir('kohya-lora');
});
afterAll(() => tmp?.cleanup());

describeWithTorch('kohya LoRA → PEFT names, judged by PyTorch', () => {
  it('a handful of rules (not one per key), strict=True, every factor its own, the alphas sent to the adapter config', async () => {
    const { src, result, planPath } = torchPlan(tmp.dir, 'kohya', MODELS, 'saved()', 'Tgt().state_dict()', 'tgt');
    // 1 head rule + 6 module names + lora_down/lora_up, and one drop of the alphas (was 48 + 1 here)
    expect(result.ops.filter((o) => o.op === 'rename')).toHaveLength(9);
    expect(result.ops.filter((o) => o.op === 'drop')).toHaveLength(1);
    expect(result.warnings.some((w) => w.includes('lora_alpha'))).toBe(true);
    const out = join(tmp.dir, 'out.pt');
    await applyOk(src, planPath, out);
    expect(appliedSays(MODELS, out, src, 'verdict(out, ref)')).toBe('equal');
  });
});
