import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from './capture-main.js';
import { describeWithTorch, runPython, tempDir, torchPython } from '../helpers/torch.js';

/**
 * A tied LM head planned from a manifest, judged by real PyTorch. A manifest used to list keys alone, so a
 * head the model ties to its embedding and the checkpoint stores once was left missing (fail closed: a
 * manifest could not tell a tie from an untied head). python/sdmatch_manifest.py now writes `tied` (keys
 * sharing one storage, read off the model), the reader hands it to inference as the target's storage
 * groups: the plan copies the embedding, apply writes both names, and torch loads it strict=True with
 * every tensor equal. The untied model's manifest says `tied: []`, and the head stays missing.
 */

const MODELS = `
import torch, torch.nn as nn
class Tied(nn.Module):
    def __init__(s, device=None):
        super().__init__()
        s.embed = nn.Embedding(12, 6, device=device)
        s.block = nn.Linear(6, 6, device=device)
        s.lm_head = nn.Linear(6, 12, bias=False, device=device)
        s.lm_head.weight = s.embed.weight
class Untied(nn.Module):
    def __init__(s, device=None):
        super().__init__()
        s.embed = nn.Embedding(12, 6, device=device)
        s.block = nn.Linear(6, 6, device=device)
        s.lm_head = nn.Linear(6, 12, bias=False, device=device)
`;

const SCRIPT = join(__dirname, '../../python/sdmatch_manifest.py');

describeWithTorch('a tied head planned from a manifest (real torch)', () => {
  let tmp: ReturnType<typeof tempDir>;
  const at = (f: string) => join(tmp.dir, f);
  const manifestOf = (model: string) => {
    execFileSync(torchPython!, [SCRIPT, 'module', `tiedmodels:${model}`, '-o', at(`${model}.json`)], { cwd: tmp.dir, stdio: 'pipe' });
    return at(`${model}.json`);
  };
  beforeAll(() => {
    tmp = tempDir('tiedmanifest');
    writeFileSync(at('tiedmodels.py'), MODELS);
    // the checkpoint stores the tied tensor once (as transformers' save_pretrained does), under a wrapper's prefix
    runPython(`${MODELS}\nimport sys\ntorch.manual_seed(0)\nm = Tied()\ntorch.save({'model.' + k: v for k, v in m.state_dict().items() if k != 'lm_head.weight'}, sys.argv[1])`, [at('src.pt')]);
  });
  afterAll(() => tmp.cleanup());

  it('the manifest says which keys share a storage: the tied pair, and nothing for the untied model', () => {
    expect(JSON.parse(readFileSync(manifestOf('Tied'), 'utf8')).tied).toEqual([['embed.weight', 'lm_head.weight']]);
    expect(JSON.parse(readFileSync(manifestOf('Untied'), 'utf8')).tied).toEqual([]);
  });

  it('manifest → plan → apply: the head is the embedding under a second name; torch loads it strict=True, tensors equal', async () => {
    const plan = await runCli(['plan', at('src.pt'), manifestOf('Tied'), '-o', at('plan.json')]);
    expect(plan.code, plan.stdout).toBe(0);
    expect(JSON.parse(readFileSync(at('plan.json'), 'utf8')).ops).toContainEqual(expect.objectContaining({ op: 'copy', key: 'embed.weight', target: 'lm_head.weight' }));
    const applied = await runCli(['apply', at('src.pt'), at('plan.json'), '-o', at('out.pt')]);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    const out = runPython(`${MODELS}
import sys
src, out = torch.load(sys.argv[1]), torch.load(sys.argv[2])
m = Tied()
m.load_state_dict(out, strict=True)
assert m.lm_head.weight is m.embed.weight
for k, v in m.state_dict().items():
    assert torch.equal(v, src['model.' + ('embed.weight' if k == 'lm_head.weight' else k)]), k
print('ok', sorted(out))`, [at('src.pt'), at('out.pt')]);
    expect(out.trim()).toBe("ok ['block.bias', 'block.weight', 'embed.weight', 'lm_head.weight']");
  });

  it("the untied model's manifest: the head has no source, and is left missing", async () => {
    const plan = await runCli(['plan', at('src.pt'), manifestOf('Untied')]);
    expect(plan.code).toBe(1);
    expect(plan.stdout).toMatch(/separate storages/);
  });
});
