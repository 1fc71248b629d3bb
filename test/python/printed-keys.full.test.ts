import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithTorch, runPython, tempDir } from '../helpers/torch.js';
import { runCli } from '../cli/capture-main.js';

/**
 * Review 22 F13: what `print(sd.keys())`, `print(list(sd))`, pprint and `print(k, v.shape)` print in real torch is a
 * key source for diff and plan (refused before: "not a checkpoint, … or a list of keys", exit 2). The plan made
 * against each is applied and torch loads the output strict, every tensor equal; a list cut with `...` is refused.
 */
const NET = `
import torch, torch.nn as nn, sys, os, io, contextlib, pprint
class Net(nn.Module):
    def __init__(s):
        super().__init__(); s.conv = nn.Conv2d(3, 8, 3); s.bn = nn.BatchNorm2d(8); s.fc = nn.Linear(8, 5)
`;

let dir: string;
let cleanup: () => void;
const FORMS = ['odict', 'list', 'pprint', 'shapes', 'tuple'];

describeWithTorch('printed key lists as key sources (review 22 F13)', () => {
  beforeAll(() => {
    ({ dir, cleanup } = tempDir('sdmatch-printed-keys-'));
    runPython(`${NET}
torch.manual_seed(0)
sd = Net().state_dict()
d = sys.argv[1]
torch.save({'module.' + k: v for k, v in sd.items()}, os.path.join(d, 'ddp.pt'))
torch.save(sd, os.path.join(d, 'sd.pt'))
def printed(name, f):
    b = io.StringIO()
    with contextlib.redirect_stdout(b): f()
    open(os.path.join(d, name + '.txt'), 'w').write(b.getvalue())
def shapes():
    for k, v in sd.items(): print(k, v.shape)
def tuples():
    for k, v in sd.items(): print(k, tuple(v.shape))
printed('odict', lambda: print(sd.keys()))
printed('list', lambda: print(list(sd)))
printed('pprint', lambda: pprint.pprint(list(sd), width=30))
printed('shapes', shapes)
printed('tuple', tuples)
`, [dir]);
  });
  afterAll(() => cleanup?.());

  it.each(FORMS)('%s: diff reads every key and names the DataParallel prefix', async (form) => {
    const r = await runCli(['diff', join(dir, 'ddp.pt'), join(dir, `${form}.txt`), '--json']);
    expect(r.code, r.stderr).toBe(1);
    const json = JSON.parse(r.stdout) as { expected: { keys: number }; diagnosis: { message: string }[] };
    expect(JSON.stringify(json.diagnosis)).toMatch(/every key in the checkpoint has an extra `module\.` prefix/);
  });

  it.each(FORMS)('%s: plan strips the prefix, apply writes a file torch loads strict with every tensor equal', async (form) => {
    const plan = join(dir, `${form}.plan.json`);
    const out = join(dir, `${form}.fixed.pt`);
    const p = await runCli(['plan', join(dir, 'ddp.pt'), join(dir, `${form}.txt`), '-o', plan]);
    expect(p.code, p.stdout + p.stderr).toBe(0);
    expect(JSON.parse(readFileSync(plan, 'utf8')).ops.map((o: { op: string }) => o.op)).toEqual(['strip_prefix']);
    const a = await runCli(['apply', join(dir, 'ddp.pt'), plan, '-o', out]);
    expect(a.code, a.stderr).toBe(0);
    expect(runPython(`${NET}
m = Net(); m.load_state_dict(torch.load(sys.argv[1]), strict=True)
want = torch.load(sys.argv[2])
print(all(torch.equal(m.state_dict()[k], v) for k, v in want.items()))
`, [out, join(dir, 'sd.pt')]).trim()).toBe('True');
  });

  it('shapes are read: a 10-class head against the 5-class file is a shape mismatch the plan leaves out', async () => {
    const ten = readFileSync(join(dir, 'shapes.txt'), 'utf8').replace('fc.weight torch.Size([5, 8])', 'fc.weight torch.Size([10, 8])').replace('fc.bias torch.Size([5])', 'fc.bias torch.Size([10])');
    const file = join(dir, 'ten.txt');
    writeFileSync(file, ten);
    const r = await runCli(['plan', join(dir, 'ddp.pt'), file, '--json']);
    expect(r.stdout).toMatch(/fc\.weight/);
    expect(r.stdout).toMatch(/\[5, ?8\]/);
  });

  it('explain says what the file is; a list cut with `...` is refused as cut', async () => {
    const e = await runCli(['explain', join(dir, 'shapes.txt')]);
    expect(e.code).toBe(2);
    expect(e.stderr).toMatch(/is a printed key list with shapes, not a load_state_dict error text/);
    const cut = join(dir, 'cut.txt');
    writeFileSync(cut, readFileSync(join(dir, 'odict.txt'), 'utf8').replace(/, 'bn\.weight'.*\]\)/, ', ...])'));
    const d = await runCli(['diff', join(dir, 'ddp.pt'), cut]);
    expect(d.code).toBe(2);
    expect(d.stderr).toMatch(/cut short \(`\.\.\.` in the list, after 2 keys\)/);
  });
});
