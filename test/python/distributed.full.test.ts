import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/capture-main.js';
import { tempDir } from '../helpers/torch.js';
import { python, ROOT, torchMissing } from './python.js';

/**
 * Issue 15's proof for DeepSpeed and Megatron-LM: each fixture layout (fixtures/distributed.py, written as
 * their savers write) is named by its folder or by one of its files, planned against the model it came from,
 * consolidated by `sdmatch apply` (torch zip, safetensors, sharded), and the output is loaded by real torch,
 * strict=True, into that model: every tensor bit-equal to the model's (python/verify_load.py). DeepSpeed
 * outputs are also compared with DeepSpeed's own zero_to_fp32.py run on the same folder.
 */

const fx = (rel: string) => join(ROOT, 'fixtures', rel);
let tmp: { dir: string; cleanup: () => void };
beforeAll(() => {
  tmp = tempDir('distributed');
});
afterAll(() => tmp?.cleanup());

interface Case {
  name: string;
  /** what the user names: the folder, a shard file, a tracker */
  source: string;
  layout: string;
  builder: string;
  out: string;
  args?: string[];
  keys: number;
}

const CASES: Case[] = [
  { name: 'ZeRO-2 fp16, 2 ranks, by its save folder (latest)', source: 'deepspeed/zero2-fp16-dp2', layout: 'deepspeed/zero2-fp16-dp2', builder: 'tiny_lm', out: 'z2.pt', keys: 13 },
  { name: 'ZeRO-1 bf16, 3 ranks (uneven padding), by one optimizer file', source: 'deepspeed/zero1-bf16-dp3/global_step10/bf16_zero_pp_rank_2_mp_rank_00_optim_states.pt', layout: 'deepspeed/zero1-bf16-dp3', builder: 'tiny_lm', out: 'z1.pt', keys: 13 },
  { name: 'ZeRO-3 fp16, 2 ranks, by its tag folder', source: 'deepspeed/zero3-fp16-dp2/global_step10', layout: 'deepspeed/zero3-fp16-dp2', builder: 'tiny_lm', out: 'z3.pt', keys: 13 },
  { name: 'ZeRO-3 to sharded safetensors', source: 'deepspeed/zero3-fp16-dp2/global_step10/zero_pp_rank_1_mp_rank_00_model_states.pt', layout: 'deepspeed/zero3-fp16-dp2', builder: 'tiny_lm', out: 'z3-shards/model.safetensors.index.json', args: ['--format', 'safetensors', '--max-shard-size', '1KB'], keys: 13 },
  { name: 'DeepSpeed universal checkpoint (ds_to_universal.py of the ZeRO-2 folder), by its save folder (latest_universal)', source: 'deepspeed/universal-zero2', layout: 'deepspeed/universal-zero2', builder: 'tiny_lm', out: 'universal.safetensors', keys: 13 },
  { name: 'Megatron-DeepSpeed ZeRO-1 fp16, 2 model-parallel × 2 data-parallel ranks, by an mp_rank_01 optimizer file', source: 'deepspeed/zero1-fp16-mp2-dp2/global_step10/zero_pp_rank_1_mp_rank_01_optim_states.pt', layout: 'deepspeed/zero1-fp16-mp2-dp2', builder: 'legacy_gpt', out: 'mp2.pt', keys: 28 },
  { name: 'DeepSpeed mixture of experts (4 experts over 2 expert-parallel ranks), by one expert file, to safetensors', source: 'deepspeed/moe-4experts-ep2/global_step4/layer_1_expert_2_mp_rank_00_model_states.pt', layout: 'deepspeed/moe-4experts-ep2', builder: 'tiny_moe', out: 'moe.safetensors', keys: 40 },
  { name: 'DeepSpeed pipeline engine, 2 stages × 2 tensor-parallel ranks, by one layer file', source: 'deepspeed/pipe2-tp2/global_step6/layer_02-model_01-model_states.pt', layout: 'deepspeed/pipe2-tp2', builder: 'pipe_module', out: 'pipe-tp2.pt', keys: 28 },
  { name: 'DeepSpeed pipeline engine, 2 stages (no model axis), by its save folder, to sharded safetensors', source: 'deepspeed/pipe2', layout: 'deepspeed/pipe2', builder: 'pipe_module', out: 'pipe-shards/model.safetensors.index.json', args: ['--format', 'safetensors', '--max-shard-size', '1KB'], keys: 28 },
  { name: 'Megatron core TP 2 (GQA, SwiGLU), by one rank file, to safetensors', source: 'megatron/core-tp2/iter_0000100/mp_rank_01/model_optim_rng.pt', layout: 'megatron/core-tp2', builder: 'core_gpt_tp2', out: 'core.safetensors', keys: 28 },
  { name: 'Megatron core MoE, TP 2 × 2 expert-parallel ranks (mp_rank_TT_EEE told from mp_rank_TT_PPP by the args), by one rank file', source: 'megatron/moe-tp2-ep2/iter_0000300/mp_rank_01_001/model_optim_rng.pt', layout: 'megatron/moe-tp2-ep2', builder: 'core_moe_gpt', out: 'moe-ep2.pt', keys: 54 },
  { name: 'Megatron virtual pipeline, 2 stages × 2 model chunks (model0, model1), by its folder, to safetensors', source: 'megatron/vpp-pp2-v2', layout: 'megatron/vpp-pp2-v2', builder: 'core_gpt_vpp', out: 'vpp.safetensors', keys: 100 },
  { name: 'Megatron legacy TP 2 × PP 2, by its tracker file, to sharded torch files', source: 'megatron/legacy-tp2-pp2/latest_checkpointed_iteration.txt', layout: 'megatron/legacy-tp2-pp2', builder: 'legacy_gpt_tp2_pp2', out: 'legacy-shards/pytorch_model.bin.index.json', args: ['--max-shard-size', '2KB'], keys: 52 },
];

function verify(out: string, builder: string, reference: string): Record<string, unknown> {
  const r = python(['python/verify_load.py', out, '--module', `fixtures.distributed:${builder}`, '--reference', reference, '--require-weights-only']);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout.trim()) as Record<string, unknown>;
}

async function consolidate(source: string, expected: string, out: string, args: string[] = []): Promise<string> {
  const plan = join(tmp.dir, `${out.replace(/[/.]/g, '_')}.plan.json`);
  const p = await runCli(['plan', source, expected, '-o', plan]);
  expect(p.code, p.stderr).toBe(0);
  const dest = join(tmp.dir, out.includes('/') ? out.slice(0, out.indexOf('/')) : out);
  const a = await runCli(['apply', source, plan, '-o', dest, ...args]);
  expect(a.code, a.stderr).toBe(0);
  expect(a.stdout).toMatch(/load_state_dict\(strict=True\) accepts the output/);
  return join(tmp.dir, out);
}

describe.skipIf(torchMissing !== null)('DeepSpeed and Megatron checkpoints consolidated by apply', () => {
  for (const c of CASES) {
    it(`${c.name}: loads strict=True into its model, every tensor bit-equal`, async () => {
      const out = await consolidate(fx(c.source), fx(`${c.layout}.reference.pt`), c.out, c.args);
      expect(existsSync(out)).toBe(true);
      expect(verify(out, c.builder, fx(`${c.layout}.reference.pt`))).toEqual({ ok: true, strict: true, weights_only: true, equal: c.keys });
    });
  }

  it("DeepSpeed's own zero_to_fp32.py reads the fixture folders and agrees with sdmatch's output", () => {
    const expectOnly: Record<string, string[]> = { z1: ['frozen.bias', 'frozen.weight'], z2: [], z3: [] };
    for (const [out, layout] of [['z2', 'zero2-fp16-dp2'], ['z1', 'zero1-bf16-dp3'], ['z3', 'zero3-fp16-dp2']] as const) {
      const r = python(['fixtures/third_party/compare_zero_to_fp32.py', fx(`deepspeed/${layout}`), join(tmp.dir, `${out}.pt`)]);
      const verdict = JSON.parse(r.stdout.trim()) as { ok: boolean; differ: string[]; only_sdmatch: string[]; upcast: string[]; equal: number };
      expect(verdict.differ, layout).toEqual([]);
      expect(verdict.ok).toBe(true);
      // zero_to_fp32 drops a ZeRO-1 save's frozen parameters (the model would not load); sdmatch keeps the module's
      expect(verdict.only_sdmatch).toEqual(expectOnly[out]);
      // and it turns buffers into float32; sdmatch keeps their saved dtype, equal in value
      expect(verdict.upcast).toEqual(['norm.running_mean', 'norm.running_var', 'norm.num_batches_tracked']);
      expect(verdict.equal).toBeGreaterThan(7);
    }
  });

  it('--select module writes the 16-bit module as DeepSpeed saved it, which loads strict=True too', async () => {
    const plan = join(tmp.dir, 'module.plan.json');
    expect((await runCli(['plan', fx('deepspeed/zero2-fp16-dp2'), fx('deepspeed/zero2-fp16-dp2.reference.pt'), '--select', 'module', '-o', plan])).code).toBe(0);
    const out = join(tmp.dir, 'module.pt');
    expect((await runCli(['apply', fx('deepspeed/zero2-fp16-dp2'), plan, '-o', out])).code).toBe(0);
    const check = [
      'import sys, torch; sys.path.insert(0, "fixtures"); import distributed',
      `out = torch.load(${JSON.stringify(out)}, weights_only=True)`,
      `module = torch.load(${JSON.stringify(fx('deepspeed/zero2-fp16-dp2/global_step10/mp_rank_00_model_states.pt'))}, weights_only=False)['module']`,
      'assert list(out) == list(module) and all(out[k].dtype == v.dtype and torch.equal(out[k], v) for k, v in module.items())',
      'distributed.tiny_lm().load_state_dict(out, strict=True); print("ok", len(out))',
    ].join('\n');
    const r = python(['-c', check]);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('ok 13');
  });

  it("applies the plan's renames while merging tensor-parallel shards", async () => {
    const ref = join(tmp.dir, 'wrapped-reference.pt');
    const w = python(['-c', `import torch; sd = torch.load(${JSON.stringify(fx('megatron/core-tp2.reference.pt'))}); torch.save({'model.' + k: v for k, v in sd.items()}, ${JSON.stringify(ref)})`]);
    expect(w.stderr).toBe('');
    const out = await consolidate(fx('megatron/core-tp2'), ref, 'wrapped.pt');
    const plan = JSON.parse(readFileSync(join(tmp.dir, 'wrapped_pt.plan.json'), 'utf8')) as { ops: { op: string }[] };
    expect(plan.ops.map((o) => o.op)).toEqual(['add_prefix']);
    expect(verify(out, 'wrapped_core_gpt_tp2', ref)).toEqual({ ok: true, strict: true, weights_only: true, equal: 28 });
  });
});
