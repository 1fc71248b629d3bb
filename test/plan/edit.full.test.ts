import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../cli/capture-main.js';
import { describeWithTorch, runPython, tempDir } from '../helpers/torch.js';

/**
 * Editing a plan from the command line, judged by real PyTorch: a fine-tuned model replaces its head
 * (another class count) and loses an auxiliary head. `plan --drop --keep-missing` makes the plan in one
 * step, `plan check` finds it exact, `apply` writes a checkpoint the new model loads with strict=False
 * and exactly the declared keys missing; `plan edit` does the same to a plan file, recomputing mapping,
 * unmapped and unexpected, and every edit is re-validated (an op that matches nothing is refused).
 */

const MODELS = `
import sys, torch, torch.nn as nn
class Old(nn.Module):
    def __init__(s):
        super().__init__()
        s.backbone = nn.Sequential(nn.Linear(4, 6), nn.ReLU(), nn.Linear(6, 6))
        s.aux = nn.Linear(6, 2)
        s.head = nn.Linear(6, 10)
class New(nn.Module):
    def __init__(s):
        super().__init__()
        s.encoder = nn.Sequential(nn.Linear(4, 6), nn.ReLU(), nn.Linear(6, 6))
        s.head = nn.Linear(6, 3)
`;

const LOAD = `${MODELS}
src = torch.load(sys.argv[2])
m = New()
r = m.load_state_dict(torch.load(sys.argv[1]), strict=False)
assert not r.unexpected_keys, r.unexpected_keys
for k, v in m.state_dict().items():
    if k.startswith('encoder.'): assert torch.equal(v, src['module.' + k.replace('encoder.', 'backbone.')]), k
print(','.join(sorted(r.missing_keys)))
`;

describeWithTorch('plan edits (real torch)', () => {
  let tmp: ReturnType<typeof tempDir>;
  const at = (f: string) => join(tmp.dir, f);
  const read = (f: string) => JSON.parse(readFileSync(at(f), 'utf8'));
  beforeAll(() => {
    tmp = tempDir('edit');
    runPython(`${MODELS}\ntorch.manual_seed(0)\ntorch.save({'module.' + k: v for k, v in Old().state_dict().items()}, sys.argv[1] + '/src.pt')\ntorch.save(New().state_dict(), sys.argv[1] + '/expected.pt')`, [tmp.dir]);
  });
  afterAll(() => tmp.cleanup());

  it('plan --drop --keep-missing: one step to a plan that covers the model exactly, and an output the model loads', async () => {
    // inference drops the old 10-class head and the auxiliary head itself (the model has its own 3-class head
    // and no aux, every model key is accounted for, a strict load refuses aux); the edit declares the new head
    // as initialised by the model
    const made = await runCli(['plan', at('src.pt'), at('expected.pt'), '--keep-missing', '^head\\.', '-o', at('plan.json')]);
    // a strict load still fails on the new head: exit 1, and the report says which keys stay missing on purpose
    expect(made.code, made.stderr).toBe(1);
    expect(made.stdout).toMatch(/only the keys kept missing on purpose stay missing/);
    const plan = read('plan.json');
    expect(plan.keepMissing).toEqual(['^head\\.']);
    expect(plan.unmapped).toEqual(['head.weight', 'head.bias']);
    expect(plan.unexpected).toEqual([]);
    const check = await runCli(['plan', 'check', at('plan.json'), at('expected.pt')]);
    expect(check.code, check.stdout).toBe(0);
    // exact in keys and shapes; since review 17 F2 plan check also says when an op rests on a guess (values unverified)
    expect(check.stdout, check.stdout).toMatch(/^exact(?: in keys and shapes, values unverified)?: .* \(8 source keys → 6 model keys; 4 dropped, 2 kept missing on purpose\)/);
    const applied = await runCli(['apply', at('src.pt'), at('plan.json'), '-o', at('out.pt')]);
    expect(applied.stderr).toBe('');
    expect(runPython(LOAD, [at('out.pt'), at('src.pt')]).trim()).toBe('head.bias,head.weight');
  });

  it('plan edit: the same edits on a plan file, derived parts recomputed; plan check tells exact from not', async () => {
    await runCli(['plan', at('src.pt'), at('expected.pt'), '-o', at('inferred.json')]);
    const before = await runCli(['plan', 'check', at('inferred.json'), at('expected.pt')]);
    // the head inference dropped is what plan's report keeps missing on purpose: the plan file records it (review 16 F3)
    expect(before.code, before.stdout).toBe(0);
    expect(before.stdout, before.stdout).toMatch(/^exact(?: in keys and shapes, values unverified)?: .*2 kept missing on purpose/);
    const edited = await runCli(['plan', 'edit', at('inferred.json'), '--keep-missing', '^head\\.', '-o', at('edited.json')]);
    expect(edited.code, edited.stderr).toBe(0);
    const plan = read('edited.json');
    expect(plan.mapping['module.aux.weight']).toBeNull();
    expect(plan.unexpected).toEqual([]);
    expect((await runCli(['plan', 'check', at('edited.json'), at('expected.pt')])).code).toBe(0);
    // a rename and a tie from the command line; an edit that matches nothing is refused
    const renamed = await runCli(['plan', 'edit', at('edited.json'), '--rename', '^encoder\\.(\\d)\\.=enc.$1.', '--tie', 'enc.copy=enc.2.weight']);
    expect(renamed.code, renamed.stderr).toBe(0);
    const p2 = JSON.parse(renamed.stdout);
    expect(p2.mapping['module.backbone.0.weight']).toBe('enc.0.weight');
    expect(p2.mapping['module.backbone.2.weight']).toEqual(['enc.2.weight', 'enc.copy']);
    expect(p2.unmapped).toEqual(['encoder.0.weight', 'encoder.0.bias', 'encoder.2.weight', 'encoder.2.bias', 'head.weight', 'head.bias']);
    const bad = await runCli(['plan', 'edit', at('edited.json'), '--drop', '^nothing']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/edited\.json: after the edits: ops\[\d+\] \(drop \^nothing\): matches no key\n$/);
    const badPair = await runCli(['plan', 'edit', at('edited.json'), '--rename', 'x']);
    expect(badPair.stderr).toBe('sdmatch: --rename x: expected FROM=TO\n');
  });
});
