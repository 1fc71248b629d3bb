import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { runCli } from './capture-main.js';
import { describeWithTorch, runPython } from '../helpers/torch.js';
import { torchFolder } from '../helpers/torch-folder.js';

/**
 * Review 24 F2: a checkpoint holding two state dicts that both fit the model (DINO's `student`/`teacher`,
 * `model`/`model_ema`). plan took the first by the file's order and exited 0 ("succeeds with the state dict selected
 * by order"); apply said "verified", exit 0, and wrote the student while DINO evaluates the teacher. Now plan lists
 * the choice with the --select for each, suggests the conventional copy as a suggestion only, records the others
 * (`source.rivals`) and exits 1; apply names the one written and that it was not verified as the one meant (exit 1);
 * with --select the choice is the user's, and both exit 0.
 */

const MAKE_PY = `
import os, sys, torch, torch.nn as nn
d = sys.argv[1]
torch.manual_seed(0)
def net(): return nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))
def trained():
    m = net()
    for p in m.parameters(): p.data.copy_(torch.randn_like(p))
    return m.state_dict()
torch.save(net().state_dict(), os.path.join(d, 'model.pt'))
torch.save({'student': trained(), 'teacher': trained(), 'epoch': 100}, os.path.join(d, 'dino.pt'))
torch.save({'model': trained(), 'model_ema': trained(), 'epoch': 3}, os.path.join(d, 'ema.pt'))
`;

/** which of the checkpoint's state dicts the output holds */
const HOLDS = `
import sys, torch
ck, out = torch.load(sys.argv[1]), torch.load(sys.argv[2])
print(' '.join(k for k in sys.argv[3:] if all(torch.equal(out[n], ck[k][n]) for n in out)))`;

describeWithTorch('two state dicts that fit the model, the file\'s order choosing (review 24 F2, real torch)', () => {
  const { at } = torchFolder('selection-order', MAKE_PY);

  for (const [file, first, other, usual] of [['dino.pt', 'student', 'teacher', 'teacher'], ['ema.pt', 'model', 'model_ema', 'model_ema']] as const) {
    it(`${file}: plan lists both with --select each, exit 1; apply names \`${first}\` as chosen by order, not verified, exit 1`, async () => {
      const plan = await runCli(['plan', at(file), at('model.pt'), '-o', at(`${first}.json`), '--no-color']);
      expect(plan.code, plan.stdout).toBe(1);
      const lines = plan.stdout.split('\n');
      expect(lines[0]).toMatch(new RegExp(`^after the plan, load_state_dict\\(strict=True\\) succeeds with \`${first}\`, which the file's order chose; \`${other}\` fits as well, and which trained values you mean is undecided`));
      expect(plan.stdout).toContain(`--select ${first} for \`${first}\`, --select ${other} for \`${other}\``);
      expect(plan.stdout).toMatch(new RegExp(`by convention \`${usual}\` is the one evaluated .*: a suggestion, not something this file shows`));
      const written = JSON.parse(readFileSync(at(`${first}.json`), 'utf8'));
      expect(written.source.select).toEqual([first]);
      expect(written.source.rivals).toEqual([[other]]);

      const applied = await runCli(['apply', at(file), at(`${first}.json`), '-o', at(`out-${first}.pt`), '--no-color']);
      expect(applied.code, applied.stdout + applied.stderr).toBe(1);
      const out = applied.stdout.trim().split('\n');
      expect(out[0]).toMatch(/^keys and shapes verified against /);
      expect(out[0]).toMatch(new RegExp(`not verified: which state dict: \`${first}\` was written, chosen by the file's order over \`${other}\`, which fits as well`));
      expect(out.at(-1)).toMatch(new RegExp(`^exit 1: .*accepts the output, but it holds \`${first}\`, chosen by the file's order over \`${other}\``));
      // the words are what was written
      expect(runPython(HOLDS, [at(file), at(`out-${first}.pt`), first, other]).trim()).toBe(first);
    });

    it(`${file} with --select ${other}: the user's choice, plan and apply exit 0, verified; torch: the output is \`${other}\``, async () => {
      const plan = await runCli(['plan', at(file), at('model.pt'), '--select', other, '-o', at(`${other}.json`), '--no-color']);
      expect(plan.code, plan.stdout).toBe(0);
      expect(JSON.parse(readFileSync(at(`${other}.json`), 'utf8')).source.rivals).toBeUndefined();
      const applied = await runCli(['apply', at(file), at(`${other}.json`), '-o', at(`out-${other}.pt`), '--no-color']);
      expect(applied.code, applied.stdout).toBe(0);
      expect(applied.stdout).toMatch(/^verified against /);
      expect(runPython(HOLDS, [at(file), at(`out-${other}.pt`), first, other]).trim()).toBe(other);
    });
  }
});
