import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../cli/capture-main.js';
import { describeWithTorch, runPython, tempDir } from '../helpers/torch.js';

/**
 * A plan is made once and reused on every snapshot of a run, judged by real PyTorch: `plan` records
 * the key set (names, shapes, dtypes) of the state dict it was made on; `apply` takes another snapshot
 * with that key set (other weights, other bytes) without --force, and the model loads the output with
 * strict=True holding that snapshot's weights; a checkpoint of a wider model is refused, naming what
 * differs; a snapshot nesting its state dict elsewhere is applied with `apply --select`.
 */

const SAVE = `
import sys, torch, torch.nn as nn
d = sys.argv[1]
def model(width, seed):
    torch.manual_seed(seed)
    return nn.Sequential(nn.Linear(4, width), nn.ReLU(), nn.Linear(width, 3))
def wrapped(sd):
    return {'module.' + k: v for k, v in sd.items()}
torch.save({'model': wrapped(model(5, 0).state_dict()), 'epoch': 1}, d + '/step1.pt')
torch.save({'model': wrapped(model(5, 1).state_dict()), 'epoch': 2}, d + '/step2.pt')
torch.save({'state_dict': wrapped(model(5, 2).state_dict())}, d + '/nested.pt')
torch.save({'model': wrapped(model(6, 3).state_dict())}, d + '/wider.pt')
torch.save(model(5, 4).state_dict(), d + '/expected.pt')
`;

const LOAD = `
import sys, torch, torch.nn as nn
out, src, sel = sys.argv[1], sys.argv[2], sys.argv[3]
m = nn.Sequential(nn.Linear(4, 5), nn.ReLU(), nn.Linear(5, 3))
m.load_state_dict(torch.load(out), strict=True)
want = torch.load(src)[sel]
for k, v in m.state_dict().items():
    assert torch.equal(v, want['module.' + k]), k
print('ok')
`;

describeWithTorch('plan reuse across snapshots (real torch)', () => {
  let tmp: ReturnType<typeof tempDir>;
  const at = (f: string) => join(tmp.dir, f);
  beforeAll(() => {
    tmp = tempDir('reuse');
    runPython(SAVE, [tmp.dir]);
  });
  afterAll(() => tmp.cleanup());

  it('records the key set and applies to another snapshot without --force', async () => {
    const made = await runCli(['plan', at('step1.pt'), at('expected.pt'), '-o', at('plan.json')]);
    expect(made.code, made.stderr).toBe(0);
    const plan = JSON.parse(readFileSync(at('plan.json'), 'utf8'));
    expect(plan.source.keySet).toEqual({ count: 4, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });

    const same = await runCli(['apply', at('step1.pt'), at('plan.json'), '-o', at('out1.pt')]);
    expect(same.code, same.stderr).toBe(0);
    expect(same.stdout).not.toMatch(/another file/);
    expect(runPython(LOAD, [at('out1.pt'), at('step1.pt'), 'model']).trim()).toBe('ok');

    const next = await runCli(['apply', at('step2.pt'), at('plan.json'), '-o', at('out2.pt')]);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stdout).toMatch(/another file than the plan's, with the key set it was made for/);
    expect(runPython(LOAD, [at('out2.pt'), at('step2.pt'), 'model']).trim()).toBe('ok');
  });

  it('refuses a checkpoint with another key set, naming what differs; --force still overrides', async () => {
    await runCli(['plan', at('step1.pt'), at('expected.pt'), '-o', at('plan.json')]);
    const wider = await runCli(['apply', at('wider.pt'), at('plan.json'), '-o', at('outw.pt')]);
    expect(wider.code).toBe(2);
    expect(wider.stderr.trim().split('\n')).toHaveLength(1);
    expect(wider.stderr).toMatch(/plan\.json: the plan was made for another file: .*wider\.pt's .*key set differs: the same 4 key names as the plan's source, but shapes or dtypes differ/);
    // forced, the ops run and the output is written; exit 1: the model (expected.pt) still refuses its shapes
    const forced = await runCli(['apply', at('wider.pt'), at('plan.json'), '-o', at('outw.pt'), '--force']);
    expect(forced.code, forced.stderr).toBe(1);
    expect(existsSync(at('outw.pt'))).toBe(true);
  });

  it('apply reads a snapshot that nests its state dict elsewhere: found by the plan\'s keys, or named with --select', async () => {
    await runCli(['plan', at('step1.pt'), at('expected.pt'), '-o', at('plan.json')]);
    // the plan's path (model) is not in this file; the state dict holding the plan's source keys is (review 16 F2)
    const plain = await runCli(['apply', at('nested.pt'), at('plan.json'), '-o', at('outn.pt')]);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toMatch(/the state dict is the one at state_dict, found by the plan's source keys \(the plan records model, from /);
    expect(runPython(LOAD, [at('outn.pt'), at('nested.pt'), 'state_dict']).trim()).toBe('ok');
    const picked = await runCli(['apply', at('nested.pt'), at('plan.json'), '--select', 'state_dict', '-o', at('outn.pt')]);
    expect(picked.code, picked.stderr).toBe(0);
    expect(runPython(LOAD, [at('outn.pt'), at('nested.pt'), 'state_dict']).trim()).toBe('ok');
    const wrong = await runCli(['apply', at('nested.pt'), at('plan.json'), '--select', 'nope', '-o', at('outn.pt')]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/nested\.pt: --select nope: no state dict there \(its state dicts: state_dict\)/);
  });
});
