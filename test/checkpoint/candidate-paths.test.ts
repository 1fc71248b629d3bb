import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openCheckpoint } from '../../src/checkpoint/open.js';
import { listTensors } from '../../src/index.js';
import { makePlan, planToJson } from '../../src/plan/schema.js';
import { runCli } from '../cli/capture-main.js';
import { describeWithTorch, runPython, tempDir } from '../helpers/torch.js';
import { FILE_VERDICT_PY } from '../helpers/torch-plan.js';

/**
 * A state dict is found at its path as the reader gives it, element by element: the list index
 * `['m', 0]` is not the key `['m/0']`, although both are spelled `m/0`. A real torch file holds both,
 * with the same keys and shapes and other values, so a lookup that compares the spelled paths picks the
 * first and writes the wrong tensors without an error (listTensors, apply's source and its re-read).
 */
describeWithTorch('state-dict candidates are looked up by path elements, not by their spelling', () => {
  let tmp: ReturnType<typeof tempDir>;
  let both: string;
  beforeAll(() => {
    tmp = tempDir('candidate-paths');
    both = join(tmp.dir, 'both.pt');
    runPython(
      `import torch, sys, os
torch.manual_seed(0)
a = {'w': torch.randn(3, 2), 'b': torch.randn(3)}
b = {'w': torch.randn(3, 2), 'b': torch.randn(3)}
# under 'm' a list (index 0), beside it a key spelled 'm/0': two state dicts, one spelling
torch.save({'m': [a], 'm/0': b}, sys.argv[1])
d = os.path.dirname(sys.argv[1])
torch.save({'layer.' + k: v for k, v in b.items()}, os.path.join(d, 'want.pt'))
torch.save({'layer.' + k: torch.zeros_like(v) for k, v in b.items()}, os.path.join(d, 'target.pt'))
# keys that tell the two apart for listTensors
torch.save({'m': [{'from_list': torch.zeros(2)}], 'm/0': {'from_key': torch.zeros(5)}}, os.path.join(d, 'named.pt'))`,
      [both],
    );
  });
  afterAll(() => tmp.cleanup());

  it('listTensors gives the state dict at the path it is given', () => {
    const ckpt = openCheckpoint(join(tmp.dir, 'named.pt'));
    expect(listTensors(ckpt, ['m/0']).map((t) => t.key)).toEqual(['from_key']);
    expect(listTensors(ckpt, ['m', 0]).map((t) => t.key)).toEqual(['from_list']);
  });

  function writePlan(select: (string | number)[]): string {
    const file = join(tmp.dir, `plan-${select.join('_').replace(/\//g, '~')}.json`);
    const plan = makePlan(
      { file: both, size: statSync(both).size, sha256: '', select },
      { file: join(tmp.dir, 'target.pt'), keys: 2 },
      { ops: [{ op: 'rename', pattern: '^', replacement: 'layer.' }], mapping: { w: 'layer.w', b: 'layer.b' }, unmapped: [] },
    );
    writeFileSync(file, planToJson(plan));
    return file;
  }

  it('apply rewrites the state dict the plan selects (the key `m/0`), not the list item spelled alike', async () => {
    const out = join(tmp.dir, 'out.pt');
    const run = await runCli(['apply', both, writePlan(['m/0']), '-o', out, '--no-color']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(runPython(FILE_VERDICT_PY, [out, join(tmp.dir, 'want.pt')]).trim()).toBe('equal');
  });

  it('apply --keep-container re-reads the output at the selected path, and leaves the other state dict as it was', async () => {
    const out = join(tmp.dir, 'kept.pt');
    const run = await runCli(['apply', both, writePlan(['m/0']), '-o', out, '--keep-container', '--no-color']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const verdict = runPython(
      `import torch, sys
out, src, want = torch.load(sys.argv[1]), torch.load(sys.argv[2]), torch.load(sys.argv[3])
ok = sorted(out['m/0']) == sorted(want) and all(torch.equal(out['m/0'][k], want[k]) for k in want)
ok = ok and all(torch.equal(out['m'][0][k], src['m'][0][k]) for k in src['m'][0])
print('equal' if ok else 'DIFFERENT')`,
      [out, both, join(tmp.dir, 'want.pt')],
    );
    expect(verdict.trim()).toBe('equal');
  });

  it('apply --select, text, refuses a spelling two state dicts share', async () => {
    const run = await runCli(['apply', both, writePlan(['m/0']), '-o', join(tmp.dir, 'sel.pt'), '--select', 'm/0', '--no-color']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('2 state dicts are spelled that way');
  });
});
