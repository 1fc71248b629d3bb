import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithTorch, runPython, tempDir } from '../helpers/torch.js';
import { runCli } from '../cli/capture-main.js';

/**
 * Review25 F14: a legacy Megatron GPT at TP=2 × PP=2 with a tied output layer (untie_embeddings_and_output_weights
 * False, the default) holds `word_embeddings_for_head.weight` on its last stage: a VocabParallelEmbedding copy of the
 * word embeddings (megatron/legacy/model/module.py initialize_word_embeddings). Before: "split not known", and "a
 * trained weight … has no place in the model" (a guessed drop apply refused). Now: joined on dim 0; into a tied model
 * it is dropped as the copy it is (bytes compared: equal), nothing lost; into a model with an untied head it is the
 * head; a copy whose bytes differ stays a decision. Every output loaded by torch and compared with the truth.
 */

const WRITE = `
import sys, os, argparse, torch, collections
O, diverge = sys.argv[1], sys.argv[2] == '1'
TP, PP = 2, 2; h, heads, hn, V, L = 8, 4, 2, 16, 2
g = torch.Generator().manual_seed(13); R = lambda *s: torch.randn(*s, generator=g)
emb = R(V, h)
def layer():
    return collections.OrderedDict([('input_layernorm.weight', R(h)), ('self_attention.query_key_value.weight', R(3*h, h)),
        ('self_attention.dense.weight', R(h, h)), ('mlp.dense_h_to_4h.weight', R(4*h, h)), ('mlp.dense_4h_to_h.weight', R(h, 4*h))])
layers = [layer() for _ in range(L)]
split = {'query_key_value.weight': 0, 'dense_h_to_4h.weight': 0, 'attention.dense.weight': 1, 'dense_4h_to_h.weight': 1, 'word_embeddings.weight': 0}
def sh(k, t, r):
    for s, d in split.items():
        if k.endswith(s): return t.chunk(TP, d)[r].clone()
    return t.clone()
args = argparse.Namespace(num_layers=L, hidden_size=h, num_attention_heads=heads, kv_channels=hn, tensor_model_parallel_size=TP,
    pipeline_model_parallel_size=PP, padded_vocab_size=V, untie_embeddings_and_output_weights=False, iteration=3)
full = collections.OrderedDict()
full['language_model.embedding.word_embeddings.weight'] = emb
for i, l in enumerate(layers):
    for k, v in l.items(): full[f'language_model.encoder.layers.{i}.{k}'] = v
full['language_model.encoder.final_layernorm.weight'] = R(h)
head = emb + 1 if diverge else emb
for r in range(TP):
    for p in range(PP):
        d = f'{O}/iter_0000003/mp_rank_{r:02d}_{p:03d}'; os.makedirs(d, exist_ok=True)
        lm = {}
        if p == 0: lm['embedding'] = {'word_embeddings': {'weight': sh('word_embeddings.weight', emb, r)}}
        enc = collections.OrderedDict((f'layers.{j}.{k}', sh(k, v, r)) for j, l in enumerate([layers[p]]) for k, v in l.items())
        if p == PP - 1: enc['final_layernorm.weight'] = full['language_model.encoder.final_layernorm.weight'].clone()
        lm['encoder'] = enc
        model = {'language_model': lm}
        if p == PP - 1: model['word_embeddings_for_head'] = {'weight': sh('word_embeddings.weight', head, r)}
        torch.save({'args': args, 'checkpoint_version': 3.0, 'iteration': 3, 'model': model}, f'{d}/model_optim_rng.pt')
open(f'{O}/latest_checkpointed_iteration.txt', 'w').write('3')
torch.save(full, f'{O}/ref.pt')
untied = collections.OrderedDict(full); untied['lm_head.weight'] = emb.clone()
torch.save(untied, f'{O}/ref_untied.pt')
`;

// the output against a reference, tensor for tensor (keys and values)
const COMPARE = `
import sys, torch
out, ref = torch.load(sys.argv[1]), torch.load(sys.argv[2])
print(sorted(out) == sorted(ref) and all(torch.equal(out[k], ref[k]) for k in ref))
`;

let tmp: { dir: string; cleanup: () => void };
beforeAll(async () => {
  tmp = tempDir('megatron-head-copy');
  for (const [name, diverge] of [['tied', '0'], ['drift', '1']] as const) {
    runPython(WRITE, [join(tmp.dir, name), diverge]);
    for (const ref of ['ref', 'ref_untied']) expect((await runCli(['manifest', join(tmp.dir, name, `${ref}.pt`), '-o', join(tmp.dir, `${name}.${ref}.json`)])).code).toBe(0);
  }
});
afterAll(() => tmp?.cleanup());

async function planApply(folder: string, manifest: string, out: string): Promise<{ plan: Awaited<ReturnType<typeof runCli>>; apply: Awaited<ReturnType<typeof runCli>> | null }> {
  const planFile = join(tmp.dir, `${out}.plan.json`);
  const plan = await runCli(['plan', folder, manifest, '-o', planFile]);
  if (plan.code !== 0) return { plan, apply: null };
  return { plan, apply: await runCli(['apply', folder, planFile, '-o', join(tmp.dir, out)]) };
}

describeWithTorch("legacy Megatron's word_embeddings_for_head (review 25 F14)", () => {
  it('into a tied model: dropped as the copy it is, nothing lost, the output equal to the TP=1 truth', async () => {
    const { plan, apply } = await planApply(join(tmp.dir, 'tied'), join(tmp.dir, 'tied.ref.json'), 'tied.pt');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(/`word_embeddings_for_head\.weight` is Megatron's copy of the word embeddings for its tied output layer .*byte for byte equal to `language_model\.embedding\.word_embeddings\.weight`.*loses nothing/);
    expect(plan.stdout).not.toMatch(/has no place in the model|split unknown/);
    expect(apply!.code).toBe(0);
    expect(runPython(COMPARE, [join(tmp.dir, 'tied.pt'), join(tmp.dir, 'tied', 'ref.pt')]).trim()).toBe('True');
  });

  it('into a model with an untied head: it is the head (joined on dim 0, rows of every rank)', async () => {
    const { plan, apply } = await planApply(join(tmp.dir, 'tied'), join(tmp.dir, 'tied.ref_untied.json'), 'untied.pt');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(/word_embeddings_for_head\\?\.[^\n]*→ lm_head\./);
    expect(apply!.code).toBe(0);
    expect(runPython(COMPARE, [join(tmp.dir, 'untied.pt'), join(tmp.dir, 'tied', 'ref_untied.pt')]).trim()).toBe('True');
  });

  it('a copy whose bytes differ from the embeddings is a trained weight: the drop stays a decision (exit 1)', async () => {
    const { plan } = await planApply(join(tmp.dir, 'drift'), join(tmp.dir, 'drift.ref.json'), 'drift.pt');
    expect(plan.code).toBe(1);
    expect(plan.stdout).toMatch(/a trained weight of `word_embeddings_for_head` has no place in the model/);
    expect(plan.stdout).not.toMatch(/loses nothing/);
  });
});
