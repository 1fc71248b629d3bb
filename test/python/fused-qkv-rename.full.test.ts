import { join, resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithTorch, runPython, tempDir } from '../helpers/torch.js';
import { runCli } from '../cli/capture-main.js';
import { FILE_VERDICT_PY } from '../helpers/torch-plan.js';

/**
 * Values, not just keys (issue 11): a Megatron GPT-2 `query_key_value` renamed whole into GPT-2's
 * `c_attn` kept Megatron's rows (per head [np, 3, hn] from checkpoint_version 2 on, [np, hn, 3] in 1.0)
 * where GPT-2 reads q, then k, then v: strict=True loaded every attention weight scrambled, the plan
 * saying it succeeds. The truth is built by real torch the way transformers'
 * convert_megatron_gpt2_checkpoint.py does (fix_query_key_value_ordering, then the Conv1D transpose);
 * `sdmatch plan` + `apply` must give a file that loads strict=True into GPT-2's keys with every tensor
 * equal to it. Without saved args nothing says the rows' layout: the rename is withdrawn and listed.
 */

const FIXTURES = resolve(__dirname, '../../fixtures');
const REFERENCE = join(FIXTURES, 'megatron/legacy-tp2-pp2.reference.pt');

/** Python: the GPT-2 state dict convert_megatron_gpt2_checkpoint.py makes of REF (4 layers, 4 heads of 2) at VERSION; its zeros as the target. */
const TRUTH_PY = `
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

/** Python: REF's tensors saved as one Megatron rank file (model.language_model, args, checkpoint_version VERSION), or bare with 'none'. */
const SAVE_PY = `
import torch, sys, argparse
from collections import OrderedDict as OD
r = torch.load(sys.argv[1])
sd = OD((k[len('language_model.'):], v) for k, v in r.items())
if sys.argv[3] == 'none':
    torch.save(sd, sys.argv[2])
else:
    args = argparse.Namespace(num_layers=4, hidden_size=8, num_attention_heads=4, kv_channels=2, max_position_embeddings=16)
    torch.save({'model': {'language_model': sd}, 'args': args, 'checkpoint_version': float(sys.argv[3]), 'iteration': 10}, sys.argv[2])
`;


let tmp: { dir: string; cleanup: () => void };
beforeAll(() => {
  tmp = tempDir('fused-qkv-rename');
});
afterAll(() => tmp?.cleanup());

/** the GPT-2 target and truth for VERSION; returns their paths */
function gpt2Truth(id: string, version: number): { tgt: string; want: string } {
  const tgt = join(tmp.dir, `${id}.tgt.pt`);
  const want = join(tmp.dir, `${id}.want.pt`);
  runPython(TRUTH_PY, [REFERENCE, tgt, want, String(version)]);
  return { tgt, want };
}

async function planApplyJudge(id: string, source: string, tgt: string, want: string): Promise<{ ops: { op: string; evidence?: string }[]; verdict: string }> {
  const planPath = join(tmp.dir, `${id}.plan.json`);
  const p = await runCli(['plan', source, tgt, '-o', planPath]);
  expect(p.stderr).toBe('');
  expect(p.stdout).toMatch(/load_state_dict\(strict=True\) succeeds/);
  const out = join(tmp.dir, `${id}.out.pt`);
  const a = await runCli(['apply', source, planPath, '-o', out]);
  expect(a.code).toBe(0);
  const ops = (JSON.parse(readFileSync(planPath, 'utf8')) as { ops: { op: string; evidence?: string }[] }).ops;
  return { ops, verdict: runPython(FILE_VERDICT_PY, [out, want]).trim() };
}

describeWithTorch('a fused q/k/v tensor renamed into another layout, judged by PyTorch', () => {
  it('Megatron legacy query_key_value (legacy-tp2-pp2, checkpoint_version 3: [np, 3, hn]) → GPT-2 c_attn: rows reordered, then transposed', async () => {
    const { tgt, want } = gpt2Truth('v3', 3);
    const { ops, verdict } = await planApplyJudge('v3', join(FIXTURES, 'megatron/legacy-tp2-pp2'), tgt, want);
    expect(verdict).toBe('equal');
    expect(ops.some((o) => o.op === 'transpose' && /q\/k\/v rows reordered/.test(o.evidence ?? ''))).toBe(true);
  });

  it('a Megatron rank file with checkpoint_version 1.0 ([np, hn, 3]) → GPT-2 c_attn: reordered; with 0.0 (q, k, v consecutive) renamed as it is', async () => {
    for (const version of [1, 0] as const) {
      const src = join(tmp.dir, `v${version}.pt`);
      runPython(SAVE_PY, [REFERENCE, src, `${version}.0`]);
      const { tgt, want } = gpt2Truth(`v${version}`, version);
      const { ops, verdict } = await planApplyJudge(`v${version}`, src, tgt, want);
      expect(verdict).toBe('equal');
      expect(ops.some((o) => /q\/k\/v rows reordered/.test(o.evidence ?? ''))).toBe(version === 1);
    }
  });

  it('the same tensors without saved args: the layout is unknown, the c_attn rename is withdrawn and listed (exit 1, not "succeeds")', async () => {
    const src = join(tmp.dir, 'bare.pt');
    runPython(SAVE_PY, [REFERENCE, src, 'none']);
    const { tgt } = gpt2Truth('bare', 3);
    const r = await runCli(['plan', src, tgt, '--json']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout) as { plan: { mapping: Record<string, unknown>; unmapped: string[] } };
    expect(j.plan.mapping['encoder.layers.0.self_attention.query_key_value.weight']).not.toBe('transformer.h.0.attn.c_attn.weight');
    expect(j.plan.unmapped).toContain('transformer.h.0.attn.c_attn.weight');
    expect(JSON.stringify(j)).toMatch(/renamed between layouts/);
  });
});
