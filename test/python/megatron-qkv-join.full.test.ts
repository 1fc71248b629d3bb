import { join, resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithTorch, runPython, tempDir } from '../helpers/torch.js';
import { runCli } from '../cli/capture-main.js';
import { FILE_VERDICT_PY } from '../helpers/torch-plan.js';

/**
 * The join direction of Megatron's fused q/k/v (issue 11): Hugging Face q_proj, k_proj, v_proj into a
 * Megatron-Core `linear_qkv` were joined as a plain concatenation (q, then k, then v) where Megatron
 * holds its rows per query group ([ng, (np/ng + 2) · hn]: megatron/core/transformer/attention.py
 * get_query_key_value_tensors), which strict=True accepts with every attention weight scrambled. With
 * the target's saved args (a Megatron checkpoint as the model) the layout is known: each part is viewed
 * per group, joined along dim 1 and flattened, as the NeMo / Megatron-Bridge importers do. The source is
 * the core-tp2 fixture's torch-written reference cut the converters' way (HF Llama names); `sdmatch plan`
 * against the distributed checkpoint + `apply` must give back that reference exactly, strict=True.
 */

const FIXTURES = resolve(__dirname, '../../fixtures');

/** Python: REF (Megatron-Core names) as HF Llama names: q/k/v cut per query group (2 groups of 2 heads of 2), fc1 cut into gate/up. */
const HF_PY = `
import torch, sys
from collections import OrderedDict as OD
def cut(w, ng, per, hd):
    v = w.reshape(ng, (per + 2) * hd, *w.shape[1:])
    return [p.reshape(-1, *w.shape[1:]).clone() for p in v.split([per * hd, hd, hd], dim=1)]
r = torch.load(sys.argv[1]); t = OD()
t['model.embed_tokens.weight'] = r['embedding.word_embeddings.weight']
for i in range(2):
    p, q = f'decoder.layers.{i}.', f'model.layers.{i}.'
    for w in ('weight', 'bias'):
        t[q + f'input_layernorm.{w}'] = r[p + f'input_layernorm.{w}']
        t[q + f'self_attn.q_proj.{w}'], t[q + f'self_attn.k_proj.{w}'], t[q + f'self_attn.v_proj.{w}'] = cut(r[p + f'self_attention.linear_qkv.{w}'], 2, 2, 2)
        t[q + f'self_attn.o_proj.{w}'] = r[p + f'self_attention.linear_proj.{w}']
        t[q + f'post_attention_layernorm.{w}'] = r[p + f'pre_mlp_layernorm.{w}']
        g, u = r[p + f'mlp.linear_fc1.{w}'].chunk(2, 0)
        t[q + f'mlp.gate_proj.{w}'], t[q + f'mlp.up_proj.{w}'] = g.clone(), u.clone()
        t[q + f'mlp.down_proj.{w}'] = r[p + f'mlp.linear_fc2.{w}']
for w in ('weight', 'bias'):
    t[f'model.norm.{w}'] = r[f'decoder.final_layernorm.{w}']
t['lm_head.weight'] = r['output_layer.weight']
torch.save(t, sys.argv[2])
`;


let tmp: { dir: string; cleanup: () => void };
beforeAll(() => {
  tmp = tempDir('megatron-qkv-join');
});
afterAll(() => tmp?.cleanup());

describeWithTorch('q/k/v joined into Megatron-Core linear_qkv per query group, judged by PyTorch', () => {
  it('HF Llama q/k/v (GQA: 4 heads, 2 query groups) → core-tp2 linear_qkv with the target\'s args: equal to the Megatron reference', async () => {
    const reference = join(FIXTURES, 'megatron/core-tp2.reference.pt');
    const src = join(tmp.dir, 'hf.pt');
    runPython(HF_PY, [reference, src]);
    const planPath = join(tmp.dir, 'hf.plan.json');
    const p = await runCli(['plan', src, join(FIXTURES, 'megatron/core-tp2'), '-o', planPath]);
    expect(p.stderr).toBe('');
    expect(p.stdout).toMatch(/load_state_dict\(strict=True\) succeeds/);
    const out = join(tmp.dir, 'hf.out.pt');
    const a = await runCli(['apply', src, planPath, '-o', out]);
    expect(a.code).toBe(0);
    expect(runPython(FILE_VERDICT_PY, [out, reference]).trim()).toBe('equal');
    // the q/k/v join is along the per-group view's dim 1, gate/up's a plain one along dim 0
    const ops = (JSON.parse(readFileSync(planPath, 'utf8')) as { ops: { op: string; dim?: number }[] }).ops;
    expect(ops.filter((o) => o.op === 'concat').map((o) => o.dim).sort()).toEqual([0, 0, 1, 1]);
  });
});
