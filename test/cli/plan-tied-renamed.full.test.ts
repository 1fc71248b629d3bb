import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from './capture-main.js';
import { describeWithTorch, runPython, tempDir, torchPython } from '../helpers/torch.js';

/**
 * Review 18 F8 (S14b): a GPT-style model refactored (wte → embed_tokens, ln_f → norm) whose head is tied to
 * the embedding; the old checkpoint stores the tied tensor once (no lm_head.weight, as safetensors and
 * save_pretrained write it). The target manifest records the tie. The plan used to list wte.weight as an
 * ambiguity between embed_tokens and lm_head ("look-alike modules") — they are one tensor — and to strip
 * `ln_f.` then add `norm.` to every key, leaving keys unexpected. Now: rename wte → embed_tokens, rename
 * ln_f → norm, the tie fills lm_head; torch loads the output strict=True, every tensor equal.
 */

const MODELS = `
import torch, torch.nn as nn
class New(nn.Module):
    def __init__(s, emb='embed_tokens', norm='norm', device=None):
        super().__init__()
        setattr(s, emb, nn.Embedding(50, 16, device=device))
        setattr(s, norm, nn.LayerNorm(16, device=device))
        s.lm_head = nn.Linear(16, 50, bias=False, device=device)
        s.lm_head.weight = getattr(s, emb).weight
def Old(device=None):
    return New('wte', 'ln_f', device)
`;

const SCRIPT = join(__dirname, '../../python/sdmatch_manifest.py');

describeWithTorch('a tied head stored once, renamed, planned from the manifest (real torch, review 18 F8)', () => {
  let tmp: ReturnType<typeof tempDir>;
  const at = (f: string) => join(tmp.dir, f);
  beforeAll(() => {
    tmp = tempDir('tiedrenamed');
    writeFileSync(at('tiedrenamed.py'), MODELS);
    execFileSync(torchPython!, [SCRIPT, 'module', 'tiedrenamed:New', '-o', at('new.json')], { cwd: tmp.dir, stdio: 'pipe' });
    runPython(`${MODELS}\nimport sys\ntorch.manual_seed(0)\nm = Old()\nfor p in m.parameters(): p.data.copy_(torch.randn_like(p))\ntorch.save({k: v.clone() for k, v in m.state_dict().items() if k != 'lm_head.weight'}, sys.argv[1])`, [at('src.pt')]);
  });
  afterAll(() => tmp.cleanup());

  it('the manifest records the tie', () => {
    expect(JSON.parse(readFileSync(at('new.json'), 'utf8')).tied).toEqual([['embed_tokens.weight', 'lm_head.weight']]);
  });

  it('plan: two renames and the copy, no ambiguity; apply; torch loads strict=True, every tensor equal', async () => {
    const json = await runCli(['plan', at('src.pt'), at('new.json'), '--json']);
    expect(json.code, json.stdout).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report.ambiguities ?? []).toEqual([]);
    const plan = await runCli(['plan', at('src.pt'), at('new.json'), '-o', at('plan.json')]);
    expect(plan.code, plan.stdout).toBe(0);
    const ops = JSON.parse(readFileSync(at('plan.json'), 'utf8')).ops;
    expect(ops.map((o: { op: string }) => o.op)).toEqual(['rename', 'rename', 'copy']);
    expect(ops).toContainEqual(expect.objectContaining({ op: 'copy', key: 'embed_tokens.weight', target: 'lm_head.weight' }));
    const applied = await runCli(['apply', at('src.pt'), at('plan.json'), '-o', at('out.pt')]);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    const out = runPython(`${MODELS}
import sys
src, out = torch.load(sys.argv[1]), torch.load(sys.argv[2])
m = New()
m.load_state_dict(out, strict=True)
assert m.lm_head.weight is m.embed_tokens.weight
old = {'embed_tokens.weight': 'wte.weight', 'lm_head.weight': 'wte.weight', 'norm.weight': 'ln_f.weight', 'norm.bias': 'ln_f.bias'}
for k, v in m.state_dict().items():
    assert torch.equal(v, src[old[k]]), k
print('ok', sorted(out))`, [at('src.pt'), at('out.pt')]);
    expect(out.trim()).toBe("ok ['embed_tokens.weight', 'lm_head.weight', 'norm.bias', 'norm.weight']");
  });
});
