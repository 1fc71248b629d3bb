import { existsSync, readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { describeWithTorch, runPython } from '../helpers/torch.js';
import { manifestIn, torchFolder } from '../helpers/torch-folder.js';
import { runCli } from './capture-main.js';

/**
 * Review 18 F2: a hidden layer removed from the middle of a Sequential of equal Linears. Two old layers
 * compete for one new slot, so one of them is dropped on a guess. `plan -o` marked that drop unsettled and
 * apply refused it; `check --plan-out` wrote the same drop without the mark, and apply of it dropped trained
 * weights, said "verified" and exited 0 (the output loaded strict=True in torch with the wrong layer's
 * tensors). Both commands now write their plan through one function (plan/build.ts plannedFromInference).
 */

const MODELS_PY = `
import torch, torch.nn as nn, sys, os
def hidden(): return nn.Linear(6, 6)
class Old(nn.Module):
    def __init__(s):
        super().__init__(); s.head = nn.Sequential(hidden(), nn.GELU(), hidden(), nn.GELU(), hidden(), nn.GELU(), nn.Linear(6, 3))
class New(nn.Module):
    def __init__(s):
        super().__init__(); s.head = nn.Sequential(hidden(), nn.GELU(), hidden(), nn.GELU(), nn.Linear(6, 3))
d = sys.argv[1]
`;

const MAKE_PY = `${MODELS_PY}
torch.manual_seed(3)
torch.save(Old().state_dict(), os.path.join(d, 'old.pt'))
torch.save(New().state_dict(), os.path.join(d, 'new_model.pt'))
`;

interface PlanFile {
  ops: { op: string; pattern?: string; unsettled?: boolean }[];
}

describeWithTorch('check --plan-out carries the unsettled mark plan -o writes (review 18 F2)', () => {
  const folder = torchFolder('check-unsettled', MAKE_PY);

  it('the guessed drop is marked in plan\'s file and apply refuses it; check, breaking, writes no plan at all (review 22 F16)', async () => {
    const base = await manifestIn(folder, 'old.pt', 'base.json');
    const cur = await manifestIn(folder, 'new_model.pt', 'cur.json');
    const viaPlan = folder.at('plan.json');
    const viaCheck = folder.at('migrate.json');
    await runCli(['plan', folder.at('old.pt'), cur, '-o', viaPlan]);
    const checked = await runCli(['check', base, cur, '--plan-out', viaCheck]);
    expect(checked.code).toBe(1);
    expect(checked.stdout.split('\n')[0]).toMatch(/^sdmatch check: breaking/);
    expect(checked.stdout).toContain(`no plan written to ${viaCheck}: the change is breaking`);
    expect(existsSync(viaCheck)).toBe(false);
    const planOps = (JSON.parse(readFileSync(viaPlan, 'utf8')) as PlanFile).ops;
    expect(planOps.some((o) => o.op === 'drop' && o.unsettled === true)).toBe(true);
    // the old checkpoint (written by torch) through plan's file: refused in one line, nothing written
    const out = folder.at('new.pt');
    const r = await runCli(['apply', folder.at('old.pt'), viaPlan, '-o', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/guessed drop[\s\S]*--allow-guessed-drops/);
    expect(r.stdout).not.toMatch(/verified/);
    expect(existsSync(out)).toBe(false);
  }, 240_000);
});
