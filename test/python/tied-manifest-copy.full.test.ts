import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../cli/capture-main.js';
import { describeWithTorch, runPython, tempDir, torchPython } from '../helpers/torch.js';

/**
 * Review 22 F11: a tied LM head the model's manifest records (`tied`, read by sdmatch_manifest.py off the shared
 * storage), the checkpoint storing `embed.weight` once. The copy is exactly torch's tie, yet plan said "its one op
 * rests on a guess (confidence below 0.90)" and apply "not verified: … paired by structure, similarity or order".
 * A copy the target shows in one storage is a rule read off the model: no guess; torch loads the output strict.
 */
const MODEL = `
import torch, torch.nn as nn, sys
class LM(nn.Module):
    def __init__(s):
        super().__init__(); s.embed = nn.Embedding(50, 8); s.body = nn.Linear(8, 8); s.lm_head = nn.Linear(8, 50, bias=False); s.lm_head.weight = s.embed.weight
`;
const SCRIPT = join(__dirname, '../../python/sdmatch_manifest.py');

describeWithTorch('a tie the manifest records is no guess (review 22 F11)', () => {
  let tmp: ReturnType<typeof tempDir>;
  const at = (f: string) => join(tmp.dir, f);
  beforeAll(() => {
    tmp = tempDir('sdmatch-tied-manifest-');
    writeFileSync(at('lmmodel.py'), MODEL);
    runPython(`${MODEL}
torch.manual_seed(1); m = LM()
with torch.no_grad():
    for p in m.parameters(): p.copy_(torch.randn_like(p))
torch.save({k: v for k, v in m.state_dict().items() if k != 'lm_head.weight'}, sys.argv[1])
`, [at('lm.pt')]);
    execFileSync(torchPython!, [SCRIPT, 'module', 'lmmodel:LM', '-o', at('lm.json')], { cwd: tmp.dir, stdio: 'pipe' });
  });
  afterAll(() => tmp.cleanup());

  it('plan copies embed.weight into lm_head.weight at ≥ 0.90, no guess; apply verifies; torch loads strict, tied', async () => {
    expect(JSON.parse(readFileSync(at('lm.json'), 'utf8')).tied).toEqual([['embed.weight', 'lm_head.weight']]);
    const plan = await runCli(['plan', at('lm.pt'), at('lm.json'), '-o', at('plan.json')]);
    expect(plan.code, plan.stdout).toBe(0);
    expect(plan.stdout).not.toMatch(/guess|confidence below/);
    const ops = JSON.parse(readFileSync(at('plan.json'), 'utf8')).ops as { op: string; confidence: number }[];
    expect(ops.map((o) => o.op)).toEqual(['copy']);
    expect(ops[0]!.confidence).toBeGreaterThanOrEqual(0.9);
    const applied = await runCli(['apply', at('lm.pt'), at('plan.json'), '-o', at('out.pt')]);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).not.toMatch(/not verified|structure, similarity or order/);
    expect(runPython(`${MODEL}
out = torch.load(sys.argv[1]); src = torch.load(sys.argv[2])
m = LM(); m.load_state_dict(out, strict=True)
print(torch.equal(m.lm_head.weight, src['embed.weight']) and all(torch.equal(m.state_dict()[k], v) for k, v in src.items()))
`, [at('out.pt'), at('lm.pt')]).trim()).toBe('True');
  });
});
