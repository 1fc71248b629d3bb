import { afterAll, beforeAll, expect, it } from 'vitest';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeWithTorch, runPython, tempDir } from '../helpers/torch.js';
import { appliedSays, applyOk, emittedScriptSays, STRICT_EQUAL_PY } from '../helpers/torch-plan.js';
import { inferPlan } from '../../src/analysis/infer/index.js';
import type { KeyEntry } from '../../src/formats/keys.js';
import { writeManifest } from '../../src/formats/manifest.js';
import { makePlan, planToJson } from '../../src/plan/schema.js';
import { runCli } from '../cli/capture-main.js';
import type { Plan } from '../../src/plan/types.js';

/**
 * Issue 11, judged by real PyTorch: the rope row permute (plan op `rope_permute`, src/analysis/rope.ts).
 * - Meta → HF: with the model's head counts, inference renames wq / wk with the permute; what apply writes and
 *   the emitted script's output load strict=True into a transformers-named Llama with q and k equal to
 *   transformers' own `permute` (convert_llama_weights_to_hf.py, copied below) and every other tensor as stored.
 * - HF → GGUF: a plan with the permute to the interleaved layout gives q and k equal to llama.cpp's
 *   LlamaModel.permute (copied below), with grouped-query k (n_head_kv).
 */
const MODELS = `${STRICT_EQUAL_PY}
import collections, torch, torch.nn as nn
torch.manual_seed(0)
DIM, HEADS, KV, LAYERS, FFN, VOCAB = 32, 4, 2, 2, 48, 40
HEAD = DIM // HEADS
def lin(i, o):
    return nn.Linear(i, o, bias=False)
def meta_llama():
    m = nn.Module(); m.tok_embeddings = nn.Embedding(VOCAB, DIM); m.layers = nn.ModuleList()
    for _ in range(LAYERS):
        b = nn.Module(); b.attention = nn.Module()
        b.attention.wq, b.attention.wk, b.attention.wv, b.attention.wo = lin(DIM, DIM), lin(DIM, KV * HEAD), lin(DIM, KV * HEAD), lin(DIM, DIM)
        b.feed_forward = nn.Module(); b.feed_forward.w1, b.feed_forward.w2, b.feed_forward.w3 = lin(DIM, FFN), lin(FFN, DIM), lin(DIM, FFN)
        b.attention_norm, b.ffn_norm = nn.LayerNorm(DIM, elementwise_affine=True), nn.LayerNorm(DIM)
        m.layers.append(b)
    m.norm = nn.LayerNorm(DIM); m.output = lin(DIM, VOCAB)
    return m
def hf_llama():
    m = nn.Module(); m.model = nn.Module(); m.model.embed_tokens = nn.Embedding(VOCAB, DIM); m.model.layers = nn.ModuleList()
    for _ in range(LAYERS):
        b = nn.Module(); b.self_attn = nn.Module()
        b.self_attn.q_proj, b.self_attn.k_proj, b.self_attn.v_proj, b.self_attn.o_proj = lin(DIM, DIM), lin(DIM, KV * HEAD), lin(DIM, KV * HEAD), lin(DIM, DIM)
        b.mlp = nn.Module(); b.mlp.gate_proj, b.mlp.up_proj, b.mlp.down_proj = lin(DIM, FFN), lin(DIM, FFN), lin(FFN, DIM)
        b.input_layernorm, b.post_attention_layernorm = nn.LayerNorm(DIM), nn.LayerNorm(DIM)
        m.model.layers.append(b)
    m.model.norm = nn.LayerNorm(DIM); m.lm_head = lin(DIM, VOCAB)
    return m
# transformers models/llama/convert_llama_weights_to_hf.py
def permute(w, n_heads, dim1=DIM, dim2=DIM):
    return w.view(n_heads, dim1 // n_heads // 2, 2, dim2).transpose(1, 2).reshape(dim1, dim2)
NAMES = [('tok_embeddings.', 'model.embed_tokens.'), ('norm.', 'model.norm.'), ('output.', 'lm_head.')]
PARTS = {'attention.wq': 'self_attn.q_proj', 'attention.wk': 'self_attn.k_proj', 'attention.wv': 'self_attn.v_proj', 'attention.wo': 'self_attn.o_proj',
         'feed_forward.w1': 'mlp.gate_proj', 'feed_forward.w2': 'mlp.down_proj', 'feed_forward.w3': 'mlp.up_proj',
         'attention_norm': 'input_layernorm', 'ffn_norm': 'post_attention_layernorm'}
def hf_of_meta(sd):
    out = collections.OrderedDict()
    for k, v in sd.items():
        if k.startswith('layers.'):
            _, i, rest = k.split('.', 2)
            part, leaf = rest.rsplit('.', 1)
            name = 'model.layers.%s.%s.%s' % (i, PARTS[part], leaf)
            if part == 'attention.wq': v = permute(v, HEADS)
            if part == 'attention.wk': v = permute(v, KV, KV * HEAD, DIM)
        else:
            name = next(b + k[len(a):] for a, b in NAMES if k.startswith(a))
        out[name] = v
    return out
# llama.cpp convert_hf_to_gguf.py LlamaModel.permute, q with (n_head, n_head), k with (n_head, n_head_kv)
def gguf_permute(weights, n_head, n_head_kv):
    if n_head_kv is not None and n_head != n_head_kv:
        n_head = n_head_kv
    return (weights.reshape(n_head, 2, weights.shape[0] // n_head // 2, *weights.shape[1:]).swapaxes(1, 2).reshape(weights.shape))
`;

let tmp: { dir: string; cleanup: () => void };
beforeAll(() => {
  tmp = tempDir('rope-permute');
});
afterAll(() => tmp?.cleanup());

/** saves `source` (Python) to DIR/NAME.pt and returns both sides' keys and shapes */
function sides(name: string, source: string, target: string): { src: string; source: KeyEntry[]; target: KeyEntry[] } {
  const src = join(tmp.dir, `${name}.pt`);
  const keys = join(tmp.dir, `${name}.keys.json`);
  runPython(`${MODELS}
import json, sys
sd = ${source}
torch.save(sd, sys.argv[1])
json.dump({'source': [[k, list(v.shape)] for k, v in sd.items()], 'target': [[k, list(v.shape)] for k, v in (${target}).items()]}, open(sys.argv[2], 'w'))
`, [src, keys]);
  const j = JSON.parse(readFileSync(keys, 'utf8')) as { source: [string, number[]][]; target: [string, number[]][] };
  const entry = ([key, shape]: [string, number[]]): KeyEntry => ({ key, shape, dtype: 'float32' });
  return { src, source: j.source.map(entry), target: j.target.map(entry) };
}

function writePlan(name: string, src: string, target: KeyEntry[], result: Pick<Plan, 'ops' | 'mapping' | 'unmapped'>): { plan: Plan; planPath: string } {
  const targetFile = join(tmp.dir, `${name}.target.manifest.json`);
  writeFileSync(targetFile, writeManifest(target));
  const plan = makePlan({ file: src, size: statSync(src).size, sha256: '', select: [] }, { file: targetFile, keys: target.length }, result);
  const planPath = join(tmp.dir, `${name}.plan.json`);
  writeFileSync(planPath, planToJson(plan));
  return { plan, planPath };
}

describeWithTorch('the rope row permute, judged by PyTorch', () => {
  it("Meta → HF with the config's head counts: apply and the Python script load strict=True, q and k equal to transformers' permute", async () => {
    const s = sides('meta', 'meta_llama().state_dict()', 'hf_llama().state_dict()');
    const result = inferPlan({ source: s.source, target: s.target, options: { ropeHeads: { heads: 4, kvHeads: 2 } } });
    expect(result.unmapped).toEqual([]);
    expect(result.leftover).toEqual([]);
    expect(result.ops.filter((o) => o.op === 'rope_permute')).toHaveLength(2);
    const { plan, planPath } = writePlan('meta', s.src, s.target, result);
    expect(plan.version).toBe(4);
    const out = join(tmp.dir, 'meta-out.pt');
    await applyOk(s.src, planPath, out);
    expect(appliedSays(MODELS, out, s.src, 'strict_equal(hf_llama(), out, hf_of_meta(ref), True)')).toBe('equal');
    expect(emittedScriptSays(tmp.dir, 'meta-fix', plan, MODELS, s.src, 'strict_equal(hf_llama(), out, hf_of_meta(ref), True)')).toBe('equal');
    // without the head counts the q/k renames are not made: nothing loads with scrambled rows
    const blind = inferPlan({ source: s.source, target: s.target });
    expect(Object.keys(blind.mapping).filter((k) => /\.w[qk]\.weight$/.test(k) && !blind.leftover.includes(k))).toEqual([]);
  });

  it("HF → GGUF names with the permute to the interleaved layout: q and k equal to llama.cpp's LlamaModel.permute (grouped-query k)", async () => {
    const s = sides('hf', 'hf_llama().state_dict()', "collections.OrderedDict((k.replace('self_attn.q_proj', 'attn_q').replace('self_attn.k_proj', 'attn_k'), v) for k, v in hf_llama().state_dict().items())");
    const ops: Plan['ops'] = [
      { op: 'rename', pattern: '\\.self_attn\\.([qk])_proj\\.', replacement: '.attn_$1.' },
      { op: 'rope_permute', pattern: '\\.attn_q\\.weight$', heads: 4, to: 'interleaved' },
      { op: 'rope_permute', pattern: '\\.attn_k\\.weight$', heads: 4, kv_heads: 2, to: 'interleaved' },
    ];
    const mapping = Object.fromEntries(s.source.map((e) => [e.key, e.key.replace(/\.self_attn\.([qk])_proj\./, '.attn_$1.')]));
    const { plan, planPath } = writePlan('hf', s.src, s.target, { ops, mapping, unmapped: [] });
    const want = "collections.OrderedDict((k.replace('self_attn.q_proj', 'attn_q').replace('self_attn.k_proj', 'attn_k'), gguf_permute(v, HEADS, HEADS) if 'q_proj' in k else gguf_permute(v, HEADS, KV) if 'k_proj' in k else v) for k, v in ref.items())";
    const judge = `(lambda w: 'equal' if list(out) == list(w) and all(torch.equal(out[k], w[k]) for k in w) else 'DIFFERENT')(${want})`;
    const out = join(tmp.dir, 'hf-out.pt');
    await applyOk(s.src, planPath, out);
    expect(appliedSays(MODELS, out, s.src, judge)).toBe('equal');
    expect(emittedScriptSays(tmp.dir, 'hf-fix', plan, MODELS, s.src, judge)).toBe('equal');
    // and the permute is no identity here: the q rows did move
    expect(appliedSays(MODELS, out, s.src, "str(torch.equal(out['model.layers.0.attn_q.weight'], ref['model.layers.0.self_attn.q_proj.weight']))")).toBe('False');
  });

  it("`plan --heads 4` (num_attention_heads alone) on a grouped-query model: k's heads come from its rows in q's head size (review 23 F2)", async () => {
    const s = sides('gqa', 'meta_llama().state_dict()', 'hf_llama().state_dict()');
    const targetFile = join(tmp.dir, 'gqa.target.manifest.json');
    writeFileSync(targetFile, writeManifest(s.target));
    const planPath = join(tmp.dir, 'gqa.plan.json');
    const r = await runCli(['plan', s.src, targetFile, '--heads', '4', '-o', planPath]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    // k (16 rows) is cut into q's head size (32 rows / 4 heads = 8): 2 key/value heads, and the plan says whence
    expect(r.stdout).toMatch(/in 2 key\/value heads \(k's 16 rows in q's head size, 32 rows over the 4 heads given: the values rest on them\)/);
    expect(r.stdout).toMatch(/the values rest on them/);
    const out = join(tmp.dir, 'gqa-out.pt');
    await applyOk(s.src, planPath, out);
    expect(appliedSays(MODELS, out, s.src, 'strict_equal(hf_llama(), out, hf_of_meta(ref), True)')).toBe('equal');
    // key/value heads given that cut k into another head size than q's: not permuted, and the counts that fit are named
    const wrong = await runCli(['plan', s.src, targetFile, '--heads', '4/4', '-o', join(tmp.dir, 'gqa-wrong.plan.json')]);
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toMatch(/k has 16 rows, q 32: 4 key\/value heads would cut k into heads of another size than q's 8 rows; give --heads 4\/2/);
    const plan = JSON.parse(readFileSync(join(tmp.dir, 'gqa-wrong.plan.json'), 'utf8')) as Plan;
    expect(plan.ops.filter((o) => o.op === 'rope_permute' && 'kv_heads' in o)).toEqual([]);
  });
});
