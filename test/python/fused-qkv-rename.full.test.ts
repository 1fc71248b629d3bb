import { join, resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithTorch, runPython, tempDir } from '../helpers/torch.js';
import { runCli } from '../cli/capture-main.js';
import { FILE_VERDICT_PY } from '../helpers/torch-plan.js';
import { MEGATRON_GPT2_TRUTH_PY as TRUTH_PY } from '../helpers/megatron-gpt2.js';

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


/** Python: REF's tensors saved as one Megatron rank file (model.language_model, args, checkpoint_version VERSION), or bare with 'none'. */
const SAVE_PY = `
import torch, sys, argparse
from collections import OrderedDict as OD
r = torch.load(sys.argv[1])
sd = OD((k[len('language_model.'):], v) for k, v in r.items())
if sys.argv[3] == 'none':
    torch.save(sd, sys.argv[2])
else:
    # one tensor-parallel rank (review 19 F1: v0 lays q/k/v out per rank, so a single file whose args do not say TP 1
    # is withdrawn, not cut: megatron-qkv-v0-tp.full.test.ts)
    args = argparse.Namespace(num_layers=4, hidden_size=8, num_attention_heads=4, kv_channels=2, max_position_embeddings=16, tensor_model_parallel_size=1)
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
