import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DiagnosisCase } from '../../bench/diagnosis/score.js';
import { repoRoot } from '../helpers/corpus.js';
import { describeWithTorch, runPython, tempDir } from '../helpers/torch.js';
import { runCli } from './capture-main.js';

/**
 * scGPT#173 (cases5.json, tuning5): a checkpoint saved with flash-attention's fused `self_attn.Wqkv` in every
 * encoder layer, loaded into a model built on nn.MultiheadAttention (`in_proj_weight`/`in_proj_bias`, the
 * same [3E, E] layout); the text lists only the Wqkv keys of layers 0–6 and is cut. torch 1.13 writes such
 * a checkpoint (12 layers) and the model's manifest.
 * - `explain CKPT TEXT`: every key the text lists is a fused `Wqkv` in blocks named as torch's
 *   nn.TransformerEncoderLayer (variant-signs.ts FUSED_ATTENTION_NAMES), so the plan renames every such key
 *   of the checkpoint (the 12 layers, past the cut too) to `in_proj_weight`/`in_proj_bias`, drops nothing,
 *   and torch loads the result strict=True with every tensor equal (apply exits 1: the text was cut).
 * - with the model's names (`plan CKPT MANIFEST`) the same rename, loaded strict=True.
 */

const PY_MODEL = `
import torch, torch.nn as nn
class TransformerGenerator(nn.Module):
    def __init__(s):
        super().__init__()
        s.encoder = nn.Embedding(16, 8)
        s.transformer_encoder = nn.TransformerEncoder(nn.TransformerEncoderLayer(d_model=8, nhead=2, dim_feedforward=16, batch_first=True), 12)
        s.decoder = nn.Linear(8, 1)
def flash_names(sd):
    return {k.replace('self_attn.in_proj_weight', 'self_attn.Wqkv.weight').replace('self_attn.in_proj_bias', 'self_attn.Wqkv.bias'): v for k, v in sd.items()}
`;

const PY_WRITE = `${PY_MODEL}
import sys
sys.path.insert(0, sys.argv[2])
import sdmatch_manifest as sm
torch.manual_seed(0)
m = TransformerGenerator()
sm.write_manifest(sm.manifest_of_module(m), sys.argv[1] + '/model.manifest.json')
torch.save(flash_names(m.state_dict()), sys.argv[1] + '/flash.pt')
`;

const PY_LOAD = `${PY_MODEL}
import sys, json
sd = torch.load(sys.argv[1], map_location='cpu', weights_only=True)
src = torch.load(sys.argv[2], map_location='cpu')
m = TransformerGenerator()
m.load_state_dict(sd, strict=True)
want = flash_names(m.state_dict())
print(json.dumps({'differ': [k for k, v in want.items() if not torch.equal(v, src[k])]}))
`;

let tmp: { dir: string; cleanup: () => void };
beforeAll(() => {
  tmp = tempDir('fused-attention');
});
afterAll(() => tmp?.cleanup());

describeWithTorch('scGPT-173 with its checkpoint, then with the model\'s names', () => {
  it('the checkpoint beside the cut text: every Wqkv key renamed onto nn.MultiheadAttention\'s names, nothing dropped, loaded strict=True; the manifest gives the same rename', async () => {
    const c = (JSON.parse(readFileSync(join(repoRoot, 'bench/diagnosis/cases5.json'), 'utf8')) as DiagnosisCase[]).find((x) => x.id === 'bowang-lab-scGPT-173' && x.half === 'tuning5')!;
    runPython(PY_WRITE, [tmp.dir, join(repoRoot, 'python')]);
    const ckpt = join(tmp.dir, 'flash.pt');
    const text = join(tmp.dir, 'scgpt-173.txt');
    writeFileSync(text, c.text);

    const r = await runCli(['explain', ckpt, text, '--json']);
    const j = JSON.parse(r.stdout) as { fixable: boolean; plan: { ops: { op: string }[]; mapping: Record<string, string | null> } };
    expect(j.fixable).toBe(true);
    expect(j.plan.ops.map((o) => o.op)).not.toContain('drop');
    const fused = Object.keys(j.plan.mapping).filter((k) => /\.self_attn\.Wqkv\./.test(k));
    expect(fused).toHaveLength(24);
    for (const k of fused) expect(j.plan.mapping[k], k).toBe(k.replace('Wqkv.', 'in_proj_'));
    expect(j.plan.mapping['transformer_encoder.layers.11.linear1.weight']).toBe('transformer_encoder.layers.11.linear1.weight');

    const fromText = join(tmp.dir, 'plan-text.json');
    // written, exit 1: the text was cut, so the plan is not shown whole
    expect((await runCli(['plan', ckpt, text, '-o', fromText])).code).toBe(1);
    const outText = join(tmp.dir, 'out-text.pt');
    const appliedText = await runCli(['apply', ckpt, fromText, '-o', outText]);
    // the text was cut: not shown to load from the text alone (exit 1), but torch loads it
    expect(appliedText.code).toBe(1);
    expect(JSON.parse(runPython(PY_LOAD, [outText, ckpt]).trim())).toEqual({ differ: [] });

    const planFile = join(tmp.dir, 'plan.json');
    const made = await runCli(['plan', ckpt, join(tmp.dir, 'model.manifest.json'), '-o', planFile]);
    expect(made.code).toBe(0);
    const plan = JSON.parse(readFileSync(planFile, 'utf8')) as { mapping: Record<string, string | null> };
    expect(plan.mapping['transformer_encoder.layers.0.self_attn.Wqkv.weight']).toBe('transformer_encoder.layers.0.self_attn.in_proj_weight');
    expect(plan.mapping['transformer_encoder.layers.11.self_attn.Wqkv.bias']).toBe('transformer_encoder.layers.11.self_attn.in_proj_bias');
    const out = join(tmp.dir, 'out.pt');
    const applied = await runCli(['apply', ckpt, planFile, '-o', out]);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(JSON.parse(runPython(PY_LOAD, [out, ckpt]).trim())).toEqual({ differ: [] });
  });
});
