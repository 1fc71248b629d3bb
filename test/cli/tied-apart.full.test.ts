import { readFileSync, writeFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { runCli } from './capture-main.js';
import { describeWithTorch, runPython } from '../helpers/torch.js';
import { moduleFolderPy, torchFolder } from '../helpers/torch-folder.js';

/**
 * Review 23 F3 and F5 (probes f3-tie-apply-silent, f5-plan-check-exact): a checkpoint with distinct `embed.weight` and
 * `lm_head.weight` into a model that ties them (`lm_head.weight = embed.weight`; its manifest's `tied` says so). plan
 * said "the plan explains every difference" (exit 0, the warning only at the bottom), apply "verified … accepts the
 * output" (exit 0), plan check "exact" (exit 0); torch then held lm_head's values in the embedding: the embedding's
 * trained values were gone. Now plan's first line and apply's say which tensor is lost, both exit 1, and plan check is
 * not exact; a checkpoint of the tied model itself (one tensor under both names) still loads as verified and exact.
 */

const MODELS = `
import torch, torch.nn as nn
class LM(nn.Module):
    def __init__(s, tied):
        super().__init__()
        s.embed = nn.Embedding(12, 8); s.norm = nn.LayerNorm(8); s.lm_head = nn.Linear(8, 12, bias=False)
        if tied: s.lm_head.weight = s.embed.weight
def Tied(): return LM(True)
def Untied(): return LM(False)
`;

const MAKE_PY = `${moduleFolderPy('lmmod', MODELS, [['Tied', 'target.json']])}
torch.manual_seed(0)
for ctor, out in ((Untied, 'untied.pt'), (Tied, 'tied.pt')):
    m = ctor()
    for p in m.parameters(): p.data.copy_(torch.randn_like(p))
    torch.save(m.state_dict(), os.path.join(d, out))
`;

/** strict=True into the tied model: which of the checkpoint's tensors the embedding holds */
const HELD = `${MODELS}
import sys
src, out = torch.load(sys.argv[1]), torch.load(sys.argv[2])
m = Tied()
m.load_state_dict(out, strict=True)
print('embed', torch.equal(m.embed.weight, src['embed.weight']), 'lm_head', torch.equal(m.embed.weight, src['lm_head.weight']))`;

describeWithTorch('an untied checkpoint into a model that ties its head (review 23 F3, F5, real torch)', () => {
  const { at } = torchFolder('tied-apart', MAKE_PY);

  it('plan: the first line says embed.weight\'s trained values are lost and lm_head.weight\'s kept; exit 1; the plan records the tie', async () => {
    const plan = await runCli(['plan', at('untied.pt'), at('target.json'), '-o', at('p.json'), '--no-color']);
    expect(plan.code).toBe(1);
    const first = plan.stdout.split('\n')[0]!;
    expect(first).not.toMatch(/explains every difference/);
    expect(first).toMatch(/trained weights are lost: the model ties `embed\.weight` and `lm_head\.weight` \(one tensor\).*keeps the last, `lm_head\.weight`'s, so the trained values of `embed\.weight` are lost/);
    expect(plan.stdout).not.toMatch(/already matches/);
    expect(JSON.parse(readFileSync(at('p.json'), 'utf8')).tiedApart).toEqual([['embed.weight', 'lm_head.weight']]);
  });

  it('apply: not verified, the first and last lines say what is lost, exit 1; torch: the embedding holds lm_head\'s values', async () => {
    const applied = await runCli(['apply', at('untied.pt'), at('p.json'), '-o', at('out.pt'), '--no-color']);
    expect(applied.code, applied.stdout + applied.stderr).toBe(1);
    const lines = applied.stdout.trim().split('\n');
    expect(lines[0]).not.toMatch(/^verified/);
    expect(lines[0]).toMatch(/but trained weights are lost: .*the trained values of `embed\.weight` are lost/);
    expect(lines.at(-1)).toMatch(/^exit 1: .*`embed\.weight`'s trained values are lost/);
    // what the words say is what torch does
    expect(runPython(HELD, [at('untied.pt'), at('out.pt')]).trim()).toBe('embed False lm_head True');
  });

  it('plan check: not exact, names the tie, exit 1 — for this plan and for one written before plans recorded it', async () => {
    const check = await runCli(['plan', 'check', at('p.json'), at('target.json'), '--no-color']);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/^not exact: .*1 tie of the model written from separate tensors/);
    expect(check.stdout).toMatch(/keeps the last, `lm_head\.weight`'s/);
    const old = JSON.parse(readFileSync(at('p.json'), 'utf8'));
    delete old.tiedApart;
    writeFileSync(at('old.json'), JSON.stringify(old));
    const again = await runCli(['plan', 'check', at('old.json'), at('target.json'), '--json']);
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout)).toMatchObject({ exact: false, tiedApart: [['embed.weight', 'lm_head.weight']] });
  });

  it('control: a checkpoint of the tied model (one tensor under both names) plans, applies verified and checks exact, exit 0', async () => {
    const plan = await runCli(['plan', at('tied.pt'), at('target.json'), '-o', at('t.json'), '--no-color']);
    expect(plan.code, plan.stdout).toBe(0);
    expect(JSON.parse(readFileSync(at('t.json'), 'utf8')).tiedApart).toBeUndefined();
    const applied = await runCli(['apply', at('tied.pt'), at('t.json'), '-o', at('t.pt'), '--no-color']);
    expect(applied.code, applied.stdout).toBe(0);
    expect(applied.stdout).toMatch(/^verified against/);
    const check = await runCli(['plan', 'check', at('t.json'), at('target.json'), '--no-color']);
    expect(check.code, check.stdout).toBe(0);
    expect(check.stdout).toMatch(/^exact:/);
    expect(runPython(HELD, [at('tied.pt'), at('t.pt')]).trim()).toBe('embed True lm_head True');
  });
});
