import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from './capture-main.js';
import { describeWithTorch, runPython, tempDir, torchPython } from '../helpers/torch.js';

/**
 * Review 23 F6: a float32 checkpoint into a model in half precision. `plan` said "the checkpoint already matches
 * what the model expects" while `diff` said the dtypes differ. Both now say it in the same words
 * (analysis/dtype-cast.ts): load_state_dict casts on copy, and float32 → float16 narrows the values. Real torch
 * shows both halves of the claim: the strict load succeeds, and the model holds the rounded values, not the stored ones.
 */
const MODELS = `
import torch, torch.nn as nn
class Net(nn.Module):
    def __init__(s):
        super().__init__()
        s.fc = nn.Linear(8, 4)
        s.ls = nn.Parameter(torch.ones(8))
def Half(): return Net().half()
`;
const SCRIPT = join(__dirname, '../../python/sdmatch_manifest.py');
const CAST = "load_state_dict casts on copy, so loading succeeds; float32 → float16 narrows the values to the model's precision (rounded, no error)";

describeWithTorch('plan and diff on a checkpoint whose dtypes differ from the model (real torch, review 23 F6)', () => {
  let tmp: ReturnType<typeof tempDir>;
  const at = (f: string) => join(tmp.dir, f);
  beforeAll(() => {
    tmp = tempDir('plan-dtype-cast');
    writeFileSync(at('dtnet.py'), MODELS);
    execFileSync(torchPython!, [SCRIPT, 'module', 'dtnet:Half', '-o', at('half.json')], { cwd: tmp.dir, stdio: 'pipe' });
    runPython(`${MODELS}\nimport sys\ntorch.manual_seed(0)\nm = Net()\nfor p in m.parameters(): p.data.copy_(torch.randn_like(p))\ntorch.save(m.state_dict(), sys.argv[1])`, [at('fp32.pt')]);
  });
  afterAll(() => tmp.cleanup());

  it('plan says the dtypes differ and what the load does, in diff\'s words; torch: strict load ok, values narrowed', async () => {
    const plan = await runCli(['plan', at('fp32.pt'), at('half.json'), '--no-color']);
    expect(plan.code).toBe(0);
    expect(plan.stdout).not.toMatch(/already matches/);
    expect(plan.stdout).toContain(`3 tensors differ in dtype (checkpoint → model: float32 → float16): ${CAST}`);
    const diff = await runCli(['diff', at('fp32.pt'), at('half.json'), '--no-color']);
    expect(diff.stdout).toContain(`different in dtype only: ${CAST}`);
    // what the words claim, in torch: the strict load succeeds, every tensor is the stored one rounded to float16, and some moved
    const says = runPython(`${MODELS}
import sys
sd = torch.load(sys.argv[1]); m = Half(); m.load_state_dict(sd, strict=True)
got = m.state_dict()
print(all(torch.equal(got[k], v.half()) for k, v in sd.items()), any(not torch.equal(got[k].float(), v) for k, v in sd.items()))`, [at('fp32.pt')]).trim();
    expect(says).toBe('True True');
  });
});
