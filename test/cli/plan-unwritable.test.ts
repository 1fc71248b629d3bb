import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from './capture-main.js';
import { describeWithTorch, runPython, tempDir } from '../helpers/torch.js';
import { STRICT_EQUAL_PY } from '../helpers/torch-plan.js';

/**
 * Review 14 F8: a Megatron-LM folder (tp=2) holding a key whose split over the ranks the reader cannot
 * tell (a custom layer's name, equal shapes on both ranks). Before, plan said "after it,
 * load_state_dict(strict=True) succeeds … already matches" (exit 0, `fix: sdmatch apply …`) and apply
 * then exited 2 with "storage … has no bytes in the file to copy". Now plan says first that apply cannot
 * write that key (exit 1, no fix line) and apply refuses it before writing anything, in the same words.
 * The same folder without the custom key plans and applies, and real torch loads the output strict=True
 * with every tensor equal to the unsplit model: the guard refuses only what apply cannot write.
 */
const GEN = `
import torch, torch.nn as nn, json, os, sys, argparse
from collections import OrderedDict
${STRICT_EQUAL_PY}
H, V = 8, 16
class Layer(nn.Module):
    def __init__(s, custom):
        super().__init__()
        s.input_layernorm = nn.LayerNorm(H)
        s.self_attention = nn.Module(); s.self_attention.query_key_value = nn.Linear(H, 3 * H); s.self_attention.dense = nn.Linear(H, H)
        s.post_attention_layernorm = nn.LayerNorm(H)
        s.mlp = nn.Module(); s.mlp.dense_h_to_4h = nn.Linear(H, 4 * H); s.mlp.dense_4h_to_h = nn.Linear(4 * H, H)
        if custom:
            s.adapter = nn.Module(); s.adapter.scale = nn.Parameter(torch.randn(H))
class GPT(nn.Module):
    def __init__(s, custom):
        super().__init__(); lm = s.language_model = nn.Module()
        lm.embedding = nn.Module(); lm.embedding.word_embeddings = nn.Embedding(V, H); lm.embedding.position_embeddings = nn.Embedding(8, H)
        lm.encoder = nn.Module(); lm.encoder.layers = nn.ModuleList([Layer(custom)]); lm.encoder.final_layernorm = nn.LayerNorm(H)
def split_dim(k):
    if 'word_embeddings' in k or 'query_key_value' in k or 'dense_h_to_4h' in k: return 0
    if k.endswith('self_attention.dense.weight') or k.endswith('dense_4h_to_h.weight'): return 1
    return None
def save(folder, custom):
    torch.manual_seed(0)
    m = GPT(custom)
    sd = m.state_dict()
    torch.save(sd, os.path.join(folder, 'truth.pt'))
    json.dump({'format': 'sdmatch-manifest', 'version': 1, 'tensors': {k: {'shape': list(v.shape), 'dtype': 'float32'} for k, v in sd.items()}, 'tied': []},
              open(os.path.join(folder, 'model.json'), 'w'))
    args = argparse.Namespace(num_layers=1, hidden_size=H, num_attention_heads=2, ffn_hidden_size=4 * H, padded_vocab_size=V,
                              max_position_embeddings=8, tensor_model_parallel_size=2, pipeline_model_parallel_size=1, iteration=10,
                              kv_channels=4, swiglu=False, add_position_embedding=True, untie_embeddings_and_output_weights=False)
    for t in range(2):
        flat = OrderedDict()
        for k, v in sd.items():
            d = split_dim(k)
            if d is None and k.endswith('bias') and ('query_key_value' in k or 'dense_h_to_4h' in k): d = 0
            flat[k] = v.chunk(2, d)[t].clone() if d is not None else v.clone()
        emb = {'word_embeddings': {'weight': flat['language_model.embedding.word_embeddings.weight']},
               'position_embeddings': {'weight': flat['language_model.embedding.position_embeddings.weight']}}
        enc = OrderedDict((k.split('encoder.', 1)[1], v) for k, v in flat.items() if '.encoder.' in k)
        d = os.path.join(folder, 'iter_0000010', f'mp_rank_{t:02d}'); os.makedirs(d)
        torch.save({'args': args, 'checkpoint_version': 3.0, 'iteration': 10, 'model': {'language_model': {'embedding': emb, 'encoder': enc}}}, os.path.join(d, 'model_optim_rng.pt'))
    open(os.path.join(folder, 'latest_checkpointed_iteration.txt'), 'w').write('10')
if sys.argv[1] == 'save':
    save(sys.argv[2], sys.argv[3] == 'custom')
else:
    print(strict_equal(GPT(False), torch.load(sys.argv[2], weights_only=True), torch.load(sys.argv[3]), True))
`;

const KEY = 'language_model.encoder.layers.0.adapter.scale';

describeWithTorch('a Megatron key of unknown tensor-parallel split: plan says apply cannot write it (real torch)', () => {
  let tmp: ReturnType<typeof tempDir>;
  let custom: string;
  let plain: string;
  beforeAll(() => {
    tmp = tempDir('unwritable');
    custom = join(tmp.dir, 'custom');
    plain = join(tmp.dir, 'plain');
    for (const [dir, kind] of [[custom, 'custom'], [plain, 'plain']] as const) {
      runPython(`import os; os.makedirs(${JSON.stringify(dir)})`);
      runPython(GEN, ['save', dir, kind]);
    }
  });
  afterAll(() => tmp.cleanup());

  it('plan: the first finding names the key and why, no "succeeds", no fix line, exit 1; apply refuses it in one line; the way out works; nothing else refused', async () => {
    const planPath = join(tmp.dir, 'custom.plan.json');
    const r = await runCli(['plan', custom, join(custom, 'model.json'), '-o', planPath]);
    expect(r.code).toBe(1);
    const first = r.stdout.split('\n')[1]!;
    expect(first).toContain(`\`${KEY}\``);
    expect(first).toMatch(/no bytes sdmatch can write as one tensor, so apply refuses it: .*split unknown: equal shapes on every rank/);
    expect(r.stdout).not.toMatch(/succeeds|already matches|^fix:/m);
    const j = JSON.parse((await runCli(['plan', custom, join(custom, 'model.json'), '--json'])).stdout) as { causes: { code: string }[]; complete: boolean };
    expect(j.causes[0]!.code).toBe('unwritable');
    expect(j.complete).toBe(false);

    const out = join(tmp.dir, 'custom.out.pt');
    const a = await runCli(['apply', custom, planPath, '-o', out]);
    expect(a.code).toBe(2);
    expect(a.stderr.trim().split('\n')).toHaveLength(1);
    expect(a.stderr).toMatch(new RegExp(`^sdmatch: ${custom.replace(/[/.]/g, '\\$&')}: 1 tensor of the checkpoint has no bytes sdmatch can write .*\`${KEY.replace(/\./g, '\\.')}\``));
    expect(a.stderr).not.toContain('no bytes in the file to copy');
    expect(existsSync(out)).toBe(false);

    // the way out it names: a plan that leaves the key to the model promises nothing about it, and applies
    const dropped = join(tmp.dir, 'dropped.plan.json');
    const k = `^${KEY.replace(/\./g, '\\.')}$`;
    const d = JSON.parse((await runCli(['plan', custom, join(custom, 'model.json'), '--drop', k, '--keep-missing', k, '-o', dropped, '--json'])).stdout) as { causes: { code: string }[] };
    expect(d.causes.map((c) => c.code)).not.toContain('unwritable');
    const da = await runCli(['apply', custom, dropped, '-o', join(tmp.dir, 'dropped.out.pt')]);
    expect(da.stderr).not.toMatch(/no bytes/);
    expect(existsSync(join(tmp.dir, 'dropped.out.pt'))).toBe(true);

    // only what apply cannot write is refused: the same folder without the custom key plans (exit 0) and
    // applies, and torch loads the output strict=True with every tensor equal to the unsplit model
    const plainPlan = join(tmp.dir, 'plain.plan.json');
    expect((await runCli(['plan', plain, join(plain, 'model.json'), '-o', plainPlan])).code).toBe(0);
    const plainOut = join(tmp.dir, 'plain.out.pt');
    expect((await runCli(['apply', plain, plainPlan, '-o', plainOut])).code).toBe(0);
    expect(runPython(GEN, ['check', plainOut, join(plain, 'truth.pt')]).trim()).toBe('equal');
  });
});
