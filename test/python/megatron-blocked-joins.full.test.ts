import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithTorch, runPython, tempDir } from '../helpers/torch.js';
import { runCli } from '../cli/capture-main.js';
import { FILE_VERDICT_PY } from '../helpers/torch-plan.js';

/**
 * Review 25 F10 and F15: tensor-parallel shards whose rows are blocks inside each rank, which a plain
 * concatenation scrambles while every shape still fits (strict=True loads it, apply said "verified"):
 * - legacy `query_key_value` at checkpoint_version 0: each rank's rows are [3, np/tp, hn]; the TP=1 tensor is
 *   [3, np, hn] (tools/merge_mp_partitions.py joins it with stride 3). v1.0 ([np/tp, hn, 3]) and v2+ ([np/tp, 3, hn])
 *   hold heads outermost, so a plain concatenation is their TP=1 tensor. Without checkpoint_version nothing says which.
 * - a gated MLP's fc1 (`dense_h_to_4h`): each rank holds [gate_r; up_r], the TP=1 tensor [gate; up]. Megatron-DeepSpeed
 *   says it as `glu_activation='swiglu'` (no `swiglu`); with no args at all nothing tells it from a plain MLP of
 *   twice the width; args that say a plain MLP make 2 × ffn no size of the model.
 * Rank files written by torch as Megatron's save_checkpoint does (a nested `language_model` dict, args Namespace,
 * checkpoint_version, iteration); the TP=1 truth is the same tensors laid out for one rank; torch judges the output.
 */

/** Python: OUT — one Megatron folder per case under OUT/<case>, and OUT/<case>.ref.pt, the TP=1 state dict */
const BUILD_PY = `
import sys, os, argparse, torch
from collections import OrderedDict as OD
out = sys.argv[1]
TP, h, ffn, heads, hn, V = 2, 8, 10, 4, 2, 16  # 2 × ffn is no other size of the model (3h = 24)
g = torch.Generator().manual_seed(25)
R = lambda *s: torch.randn(*s, generator=g)
P = 'encoder.layers.0.'

def qkv_rows(q, k, v, tp, version):
    # per rank: v0 [3, np/tp, hn], v1.0 [np/tp, hn, 3], v2+ [np/tp, 3, hn]; ranks' blocks one after another
    per, rest = heads // tp, q.shape[1:]
    axis = 0 if version < 1 else 2 if version < 2 else 1
    return torch.cat([torch.stack([x[r*per*hn:(r+1)*per*hn].reshape(per, hn, *rest) for x in (q, k, v)], axis).reshape(-1, *rest) for r in range(tp)])

def case(name, version, glu, args_kw, with_args=True, with_version=True, extra_state=False):
    q, k, v, qb, kb, vb = R(heads*hn, h), R(heads*hn, h), R(heads*hn, h), R(heads*hn), R(heads*hn), R(heads*hn)
    width = 2 * ffn if glu else ffn
    full = OD()
    full['embedding.word_embeddings.weight'] = R(V, h)
    full[P+'input_layernorm.weight'] = R(h)
    full[P+'self_attention.query_key_value.weight'] = qkv_rows(q, k, v, 1, version)
    full[P+'self_attention.query_key_value.bias'] = qkv_rows(qb, kb, vb, 1, version)
    full[P+'self_attention.dense.weight'] = R(h, h)
    full[P+'mlp.dense_h_to_4h.weight'] = R(width, h)
    full[P+'mlp.dense_h_to_4h.bias'] = R(width)
    full[P+'mlp.dense_4h_to_h.weight'] = R(h, ffn)
    full['encoder.final_layernorm.weight'] = R(h)
    if extra_state:
        # Transformer Engine's _extra_state per linear: an empty uint8 tensor on every rank with fp8 off
        for m in ('self_attention.query_key_value', 'mlp.dense_h_to_4h'): full[P+m+'._extra_state'] = torch.empty(0, dtype=torch.uint8)
    ranked = {'self_attention.query_key_value.weight': qkv_rows(q, k, v, TP, version), 'self_attention.query_key_value.bias': qkv_rows(qb, kb, vb, TP, version)}
    def shard(key, t, r):
        for s, whole in ranked.items():
            if key.endswith(s): return whole.chunk(TP, 0)[r].clone()
        if 'dense_h_to_4h' in key and glu:
            gate, up = t.chunk(2, 0)
            return torch.cat([gate.chunk(TP, 0)[r], up.chunk(TP, 0)[r]]).clone()
        if key.endswith(('word_embeddings.weight', 'dense_h_to_4h.weight', 'dense_h_to_4h.bias')): return t.chunk(TP, 0)[r].clone()
        if key.endswith(('self_attention.dense.weight', 'dense_4h_to_h.weight')): return t.chunk(TP, 1)[r].clone()
        return t.clone()
    args = argparse.Namespace(num_layers=1, hidden_size=h, ffn_hidden_size=ffn, num_attention_heads=heads, kv_channels=hn,
        tensor_model_parallel_size=TP, pipeline_model_parallel_size=1, padded_vocab_size=V, iteration=7, **args_kw)
    for r in range(TP):
        d = os.path.join(out, name, 'iter_0000007', f'mp_rank_{r:02d}')
        os.makedirs(d)
        sd = {'iteration': 7, 'model': {'language_model': OD((k, shard(k, t, r)) for k, t in full.items())}}
        if with_args: sd['args'] = args
        if with_version: sd['checkpoint_version'] = version
        torch.save(sd, os.path.join(d, 'model_optim_rng.pt'))
    with open(os.path.join(out, name, 'latest_checkpointed_iteration.txt'), 'w') as f: f.write('7')
    torch.save(OD(('language_model.' + k, t) for k, t in full.items()), os.path.join(out, name + '.ref.pt'))

case('v0', 0, False, {'swiglu': False})
case('v1', 1.0, False, {'swiglu': False})
case('v3', 3.0, False, {'swiglu': False})
case('nover', 0, False, {'swiglu': False}, with_version=False)
case('dsglu', 3.0, True, {'glu_activation': 'swiglu'})
case('swiglu', 3.0, True, {'swiglu': True})
case('noargs', 3.0, True, {}, with_args=False)
case('plainargs', 3.0, True, {'swiglu': False})
case('te', 3.0, False, {'swiglu': False}, extra_state=True)
`;

describeWithTorch('Megatron rank shards laid out in blocks (review25 F10, F15), and empty ones (F1), judged by PyTorch', () => {
  let tmp: ReturnType<typeof tempDir>;
  const at = (f: string) => join(tmp.dir, f);
  beforeAll(() => {
    tmp = tempDir('megatron-blocks');
    runPython(BUILD_PY, [tmp.dir]);
  });
  afterAll(() => tmp.cleanup());

  /** plan CASE into its TP=1 truth and apply it: both exit 0, the output equal to the truth tensor for tensor */
  async function joinsAsTp1(name: string): Promise<string> {
    const p = await runCli(['plan', at(name), at(`${name}.ref.pt`), '-o', at(`${name}.plan.json`)]);
    expect(p.code, p.stdout + p.stderr).toBe(0);
    const a = await runCli(['apply', at(name), at(`${name}.plan.json`), '-o', at(`${name}.out.pt`)]);
    expect(a.code, a.stdout + a.stderr).toBe(0);
    expect(runPython(FILE_VERDICT_PY, [at(`${name}.out.pt`), at(`${name}.ref.pt`)]).trim()).toBe('equal');
    return (await runCli(['inspect', at(name)])).stdout;
  }

  /** plan CASE exits 1 naming `key` as unwritable with `why`; apply refuses it (exit 2) and writes nothing */
  async function refused(name: string, key: RegExp, why: RegExp): Promise<void> {
    const p = await runCli(['plan', at(name), at(`${name}.ref.pt`), '-o', at(`${name}.plan.json`)]);
    expect(p.code, p.stdout + p.stderr).toBe(1);
    expect(p.stdout).toMatch(/apply refuses them/);
    expect(p.stdout).toMatch(key);
    expect(p.stdout).toMatch(why);
    const a = await runCli(['apply', at(name), at(`${name}.plan.json`), '-o', at(`${name}.out.pt`)]);
    expect(a.code, a.stdout + a.stderr).toBe(2);
  }

  it('checkpoint_version 0 at TP=2: query_key_value joined as [q; k; v] thirds of each rank, the TP=1 tensor', async () => {
    expect(await joinsAsTp1('v0')).toMatch(/split on dim 0 as \[q; k; v\] thirds \(checkpoint_version 0\)/);
  });

  it('checkpoint_version 1.0 and 3.0: heads outermost, a plain concatenation is the TP=1 tensor', async () => {
    expect(await joinsAsTp1('v1')).not.toMatch(/thirds/);
    expect(await joinsAsTp1('v3')).not.toMatch(/thirds/);
  });

  it('no checkpoint_version: the q/k/v join is unknown, listed, and apply refuses it', async () => {
    await refused('nover', /query_key_value/, /no checkpoint_version/);
  });

  it("Megatron-DeepSpeed's glu_activation='swiglu' and Megatron-LM's swiglu: fc1 joined as [gate; up] halves, the TP=1 tensor", async () => {
    expect(await joinsAsTp1('dsglu')).toMatch(/split on dim 0 as \[gate; up\] halves/);
    expect(await joinsAsTp1('swiglu')).toMatch(/split on dim 0 as \[gate; up\] halves/);
  });

  it('no args: whether fc1 is gated is unsaid, so its join is unknown and apply refuses it', async () => {
    await refused('noargs', /dense_h_to_4h/, /no saved args say whether/);
  });

  it('review25 F1: Transformer Engine _extra_state, [0] on every rank, has one merge: written whole, plan and apply agree (exit 0)', async () => {
    expect(await joinsAsTp1('te')).toMatch(/whole on every rank \(no elements on any rank\)/);
  });

  it('args that say a plain MLP and an fc1 of twice its width: no size of the model, unknown', async () => {
    await refused('plainargs', /dense_h_to_4h/, /none of the model's sizes/);
  });
});
