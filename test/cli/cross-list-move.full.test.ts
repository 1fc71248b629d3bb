import { existsSync, readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { describeWithTorch, runPython } from '../helpers/torch.js';
import { manifestIn, torchFolder } from '../helpers/torch-folder.js';
import { runCli } from './capture-main.js';

/**
 * Review 18 F1: a block moved from the end of one numbered list to the front of another (`encoder.blocks.2`
 * becomes `decoder.blocks.0`, the decoder's blocks one place on). Exact names keep `decoder.blocks.0–1`,
 * and the block left over on each side was paired (`encoder.blocks.2` → `decoder.blocks.2`) at 0.90: "the
 * plan explains every difference", check "migratable", exit 0, and in torch the decoder held the wrong
 * blocks. The keys cannot tell that reading from the order-preserving one the refactor made: listed as
 * an ambiguity naming both, the plan not complete, nothing "verified".
 */

const MODELS_PY = `
import torch, torch.nn as nn, sys, os
class Block(nn.Module):
    def __init__(s):
        super().__init__(); s.norm = nn.LayerNorm(5); s.proj = nn.Linear(5, 5)
class Net(nn.Module):
    def __init__(s, n_enc, n_dec):
        super().__init__()
        s.encoder = nn.Module(); s.encoder.blocks = nn.ModuleList([Block() for _ in range(n_enc)])
        s.decoder = nn.Module(); s.decoder.blocks = nn.ModuleList([Block() for _ in range(n_dec)])
d = sys.argv[1]
`;

const MAKE_PY = `${MODELS_PY}
torch.manual_seed(7)
old = Net(3, 2)
with torch.no_grad():
    for t in old.state_dict().values(): t.copy_(torch.randn_like(t))
torch.save(old.state_dict(), os.path.join(d, 'old.pt'))
torch.save(Net(2, 3).state_dict(), os.path.join(d, 'new_model.pt'))
`;

interface PlanJson {
  complete: boolean;
  ambiguities: { keys: string[]; candidates: string[]; reason: string }[];
}

describeWithTorch('a block moved between two numbered lists is an ambiguity with both readings (review 18 F1)', () => {
  const folder = torchFolder('cross-list', MAKE_PY);

  it('plan lists both readings and is not complete; check is not migratable; apply says nothing verified', async () => {
    const old = folder.at('old.pt');
    const base = await manifestIn(folder, 'old.pt', 'base.json');
    const cur = await manifestIn(folder, 'new_model.pt', 'cur.json');

    const text = await runCli(['plan', old, cur, '--no-color']);
    expect(text.code).toBe(1);
    expect(text.stdout).not.toMatch(/explains every difference/);
    const json = JSON.parse((await runCli(['plan', old, cur, '--json'])).stdout) as PlanJson;
    expect(json.complete).toBe(false);
    const tie = json.ambiguities.find((a) => a.keys.includes('encoder.blocks.2.proj.weight'));
    expect(tie, JSON.stringify(json.ambiguities)).toBeDefined();
    // both readings: the leftover pair and the order-preserving shift
    expect(tie!.candidates).toEqual(expect.arrayContaining(['decoder.blocks.2.proj.weight', 'decoder.blocks.0.proj.weight']));
    expect(tie!.reason).toMatch(/`encoder\.blocks\.2` → `decoder\.blocks\.0`, `decoder\.blocks\.0` → `decoder\.blocks\.1`/);

    const check = await runCli(['check', base, cur, '--plan-out', folder.at('migrate.json')]);
    expect(check.code).toBe(1);
    expect(check.stdout).not.toMatch(/migratable/);

    // the plan file from the old checkpoint (torch's own): apply writes nothing it calls verified
    const planFile = folder.at('plan.json');
    await runCli(['plan', old, cur, '-o', planFile]);
    const out = folder.at('new.pt');
    const r = await runCli(['apply', old, planFile, '-o', out]);
    expect(r.code).not.toBe(0);
    expect(r.stdout).not.toMatch(/load_state_dict\(strict=True\) accepts/);
    if (existsSync(out)) {
      // whatever was written must not load strict=True as if the plan were a fix
      const loads = runPython(`${MODELS_PY}
m = Net(2, 3)
try:
    m.load_state_dict(torch.load(os.path.join(d, 'new.pt')), strict=True); print('loaded')
except RuntimeError: print('refused')
`, [folder.dir]).trim();
      expect(loads).toBe('refused');
    }
    expect(readFileSync(planFile, 'utf8')).not.toMatch(/"op": "rename"/);
  }, 240_000);
});
