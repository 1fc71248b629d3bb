import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithTorch, runPython, tempDir } from '../helpers/torch.js';
import { runCli } from '../cli/capture-main.js';

/**
 * Review25 F13e: Megatron-Core Multi-Latent Attention and TEGroupedMLP names were "split unknown" (plan exit 1,
 * apply exit 2). A TP=2 save with DeepSeek-V3-style MLA (q_lora_rank) and 4 grouped-GEMM experts, gated, written as
 * Megatron-LM lays each rank out (multi_latent_attention.py, gpt_layer_specs.py, transformer_engine.py): the down
 * projections whole on every rank in the Transformer Engine spec (TELinear, duplicated) and split by rows in the local
 * one (ColumnParallelLinear); the up projections and fc1 by rows (fc1 as [gate; up] halves), fc2 by columns. Each
 * output is loaded by torch and compared with the TP=1 truth.
 */

const WRITE = `
import sys, os, argparse, torch, collections
O, spec = sys.argv[1], sys.argv[2]
TP = 2; h, heads, qk, rope, v, ql, kl, ffn, E = 8, 4, 2, 1, 2, 6, 4, 6, 4
g = torch.Generator().manual_seed(21); R = lambda *s: torch.randn(*s, generator=g)
full = collections.OrderedDict(); rule = {}
def put(k, t, how): full[k] = t; rule[k] = how
p = 'decoder.layers.0.'
put('embedding.word_embeddings.weight', R(16, h), 0)
put(p + 'input_layernorm.weight', R(h), None)
down = None if spec == 'te' else 0
put(p + 'self_attention.linear_q_down_proj.weight', R(ql, h), down)
put(p + 'self_attention.linear_q_up_proj.layer_norm_weight', R(ql), None)
put(p + 'self_attention.linear_q_up_proj.weight', R(heads * (qk + rope), ql), 0)
put(p + 'self_attention.linear_kv_down_proj.weight', R(kl + rope, h), down)
put(p + 'self_attention.linear_kv_up_proj.layer_norm_weight', R(kl), None)
put(p + 'self_attention.linear_kv_up_proj.weight', R(heads * (qk + v), kl), 0)
put(p + 'self_attention.linear_proj.weight', R(h, heads * v), 1)
put(p + 'pre_mlp_layernorm.weight', R(h), None)
put(p + 'mlp.router.weight', R(E, h), None)
for e in range(E):
    put(p + f'mlp.experts.linear_fc1.weight{e}', R(2 * ffn, h), 'gated')
    put(p + f'mlp.experts.linear_fc2.weight{e}', R(h, ffn), 1)
put('decoder.final_layernorm.weight', R(h), None)
put('output_layer.weight', R(16, h), 0)
def shard(k, t, r):
    how = rule[k]
    if how is None: return t.clone()
    if how == 'gated':
        gate, up = t.chunk(2, 0); return torch.cat([gate.chunk(TP, 0)[r], up.chunk(TP, 0)[r]]).clone()
    return t.chunk(TP, how)[r].clone()
args = argparse.Namespace(num_layers=1, hidden_size=h, ffn_hidden_size=ffn, moe_ffn_hidden_size=ffn, num_attention_heads=heads,
    kv_channels=v, swiglu=True, tensor_model_parallel_size=TP, pipeline_model_parallel_size=1, padded_vocab_size=16,
    num_experts=E, moe_grouped_gemm=True, multi_latent_attention=True, q_lora_rank=ql, kv_lora_rank=kl, qk_head_dim=qk,
    qk_pos_emb_head_dim=rope, v_head_dim=v, expert_model_parallel_size=1, iteration=5, ckpt_format='torch')
for r in range(TP):
    d = f'{O}/iter_0000005/mp_rank_{r:02d}'; os.makedirs(d, exist_ok=True)
    torch.save({'args': args, 'checkpoint_version': 3.0, 'iteration': 5, 'model': collections.OrderedDict((k, shard(k, t, r)) for k, t in full.items())}, f'{d}/model_optim_rng.pt')
open(f'{O}/latest_checkpointed_iteration.txt', 'w').write('5')
torch.save(full, f'{O}/ref.pt')
`;

const COMPARE = `
import sys, torch
out, ref = torch.load(sys.argv[1]), torch.load(sys.argv[2])
print(sorted(out) == sorted(ref) and all(torch.equal(out[k], ref[k]) for k in ref))
`;

let tmp: { dir: string; cleanup: () => void };
beforeAll(() => {
  tmp = tempDir('megatron-mla');
});
afterAll(() => tmp?.cleanup());

describeWithTorch('Megatron-Core MLA and grouped-GEMM experts at TP=2 (review 25 F13e)', () => {
  for (const spec of ['te', 'local'] as const) {
    it(`${spec === 'te' ? "Transformer Engine's spec (down projections duplicated)" : 'the local spec (down projections column-parallel)'}: plan 0, apply verified, every tensor equal to the TP=1 truth`, async () => {
      const folder = join(tmp.dir, spec);
      runPython(WRITE, [folder, spec]);
      const manifest = join(tmp.dir, `${spec}.json`);
      expect((await runCli(['manifest', join(folder, 'ref.pt'), '-o', manifest])).code).toBe(0);
      const planFile = join(tmp.dir, `${spec}.plan.json`);
      const plan = await runCli(['plan', folder, manifest, '-o', planFile]);
      expect(plan.stdout).not.toMatch(/split unknown|apply refuses/);
      expect(plan.code).toBe(0);
      const out = join(tmp.dir, `${spec}.pt`);
      const apply = await runCli(['apply', folder, planFile, '-o', out]);
      expect(apply.code).toBe(0);
      expect(runPython(COMPARE, [out, join(folder, 'ref.pt')]).trim()).toBe('True');
    });
  }
});
