import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ROOT } from '../python/python.js';
import { describeWithTorch, runPython } from '../helpers/torch.js';
import { manifestIn, torchFolder } from '../helpers/torch-folder.js';
import { runCli } from './capture-main.js';

/**
 * Closing 20's "left": plan's fix line gave back the user's options, but the other command lines the tool prints
 * did not: diff's fix line, check's --plan-out step, the two readings of a list's last look-alike gone, explain's
 * folder step. Each is now made by one builder (src/report/command-line.ts) with the options that made the
 * output; here each is run literally by bash (an `sdmatch` on PATH that is this checkout) and must give what the
 * command with those options gives, and torch loads the result as the options chose.
 */

// the list of look-alikes: the old model has 4 hidden Linears, the new one 3 (review 18 S08c)
const DEEP_PY = `
def mlp(n):
    layers = []
    for _ in range(n): layers += [nn.Linear(6, 6), nn.ReLU()]
    return nn.Sequential(*layers, nn.Linear(6, 2))
class Deep(nn.Module):
    def __init__(s, n):
        super().__init__(); s.mlp = mlp(n)
`;

// a checkpoint with two state dicts: `model` (DDP-prefixed, the trained weights) and `ema` (the model's own keys,
// other values), so --select decides which weights the fix writes; a list of look-alikes for the shift readings
const MAKE_PY = `
import torch, torch.nn as nn, sys, os
d = sys.argv[1]
class Net(nn.Module):
    def __init__(s):
        super().__init__(); s.enc = nn.Linear(4, 8); s.head = nn.Linear(8, 3)
${DEEP_PY}torch.manual_seed(5)
model, ema = Net(), Net()
torch.save({'model': {'module.' + k: v for k, v in model.state_dict().items()}, 'ema': ema.state_dict(), 'epoch': 3}, os.path.join(d, 'ckpt.pt'))
torch.save(model.state_dict(), os.path.join(d, 'truth.pt'))
torch.save(Net().state_dict(), os.path.join(d, 'net.pt'))
old = Deep(4)
with torch.no_grad():
    for t in old.state_dict().values(): t.copy_(torch.randn_like(t))
torch.save({'model': old.state_dict(), 'ema': {k: v + 1 for k, v in old.state_dict().items()}, 'epoch': 2}, os.path.join(d, 'both.pt'))
torch.save(Deep(3).state_dict(), os.path.join(d, 'deep.pt'))
`;

const VERIFY_PY = `
import torch, torch.nn as nn, sys
class Net(nn.Module):
    def __init__(s):
        super().__init__(); s.enc = nn.Linear(4, 8); s.head = nn.Linear(8, 3)
m = Net()
m.load_state_dict(torch.load(sys.argv[1]), strict=True)
truth = torch.load(sys.argv[2])
print('equal' if all(torch.equal(m.state_dict()[k], v) for k, v in truth.items()) else 'WRONG')
`;

const VERIFY_SHIFT_PY = `
import torch, torch.nn as nn, sys, json
${DEEP_PY}m = Deep(3)
m.load_state_dict(torch.load(sys.argv[1]), strict=True)
ema = torch.load(sys.argv[2])['ema']
got = m.state_dict()
bad = [k for k in got if not torch.equal(got[k], ema[json.loads(sys.argv[3])[k.rsplit('.', 1)[0]] + '.' + k.rsplit('.', 1)[1]])]
print('equal' if not bad else 'WRONG ' + ' '.join(bad))
`;

/** Run `line` in bash in `cwd`, with this checkout's sdmatch first on PATH; its exit code. */
function bash(line: string, cwd: string): number {
  const bin = join(cwd, 'bin');
  if (!existsSync(join(bin, 'sdmatch'))) {
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'sdmatch'), `#!/bin/sh\nexec "${process.execPath}" "${join(ROOT, 'bin', 'sdmatch.js')}" "$@"\n`);
    chmodSync(join(bin, 'sdmatch'), 0o755);
  }
  try {
    execFileSync('bash', ['-c', line], { cwd, env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, NO_COLOR: '1' }, stdio: 'pipe' });
    return 0;
  } catch (e) {
    return (e as { status: number }).status;
  }
}

const line = (stdout: string, label: string) => stdout.split('\n').find((l) => l.startsWith(`${label}: `))?.slice(label.length + 2);
const ops = (file: string) => JSON.parse(readFileSync(file, 'utf8')).ops;

describeWithTorch('every printed sdmatch command carries the options that made the output (run literally in bash)', () => {
  const folder = torchFolder('printed-commands', MAKE_PY);

  it("diff --select model: the fix line plans and applies `model`'s weights, not `ema`'s", async () => {
    const ckpt = folder.at('ckpt.pt');
    const net = await manifestIn(folder, 'net.pt', 'net.json');
    const d = await runCli(['diff', ckpt, net, '--select', 'model', '--no-color']);
    const fix = line(d.stdout, 'fix');
    expect(fix, d.stdout).toContain('--select model');
    const cwd = folder.at('diff-run');
    mkdirSync(cwd);
    expect(bash(fix!, cwd)).toBe(0);
    const direct = folder.at('diff-direct.json');
    expect((await runCli(['plan', ckpt, net, '--select', 'model', '-o', direct])).code).toBe(0);
    expect(ops(join(cwd, 'plan.json'))).toEqual(ops(direct));
    expect(runPython(VERIFY_PY, [join(cwd, 'fixed.pt'), folder.at('truth.pt')]).trim()).toBe('equal');
  });

  it('check --select model --plan-out: the printed check writes the plan the check made', async () => {
    const ckpt = folder.at('ckpt.pt');
    const net = await manifestIn(folder, 'net.pt', 'net2.json');
    const c = await runCli(['check', ckpt, net, '--select', 'model', '--min-confidence', '0.6', '--no-color']);
    const fix = line(c.stdout, 'fix');
    expect(fix, c.stdout).toMatch(/ writes the plan; /);
    const cmd = fix!.slice(0, fix!.indexOf(' writes the plan; '));
    expect(cmd).toContain('--select model --min-confidence 0.6');
    const cwd = folder.at('check-run');
    mkdirSync(cwd);
    expect(bash(cmd, cwd)).toBe(c.code);
    const direct = folder.at('check-direct.json');
    expect((await runCli(['check', ckpt, net, '--select', 'model', '--min-confidence', '0.6', '--plan-out', direct])).code).toBe(c.code);
    expect(ops(join(cwd, 'migrate.json'))).toEqual(ops(direct));
    const applied = folder.at('check-fixed.pt');
    expect((await runCli(['apply', ckpt, join(cwd, 'migrate.json'), '-o', applied])).code).toBe(0);
    expect(runPython(VERIFY_PY, [applied, folder.at('truth.pt')]).trim()).toBe('equal');
  });

  // the first reading used to say `--drop '^mlp\\.6\\.'`, which drops the names the plan's renames leave: the head
  // renamed into mlp.6 went with it (2 missing); it now applies the plan as written, whose drop comes first
  it('the list-shift readings, given --select ema: each reading run as printed writes the ema weights where it says', async () => {
    const both = folder.at('both.pt');
    const deep = await manifestIn(folder, 'deep.pt', 'deep.json');
    const p = await runCli(['plan', both, deep, '--select', 'ema', '--no-color']);
    expect(p.code).toBe(1);
    expect(p.stdout).not.toMatch(/^fix: /m);
    const either = line(p.stdout, 'either (the last look-alike gone)');
    const or = line(p.stdout, 'or (the first look-alike removed, the later ones one place down)');
    expect(either, p.stdout).toContain('--select ema');
    expect(or, p.stdout).toContain('--select ema');
    // the new model's keys from the old ones: the last look-alike gone (mlp.6 dropped), or mlp.0 removed (the later ones one down)
    const readings = [
      ['either', either!, [], { 'mlp.0': 'mlp.0', 'mlp.2': 'mlp.2', 'mlp.4': 'mlp.4', 'mlp.6': 'mlp.8' }],
      ['or', or!, ['--rename', '^mlp\\.0\\.=removed.', '--rename', '^mlp\\.2\\.=mlp.0.', '--rename', '^mlp\\.4\\.=mlp.2.', '--rename', '^mlp\\.6\\.=mlp.4.', '--drop', '^removed\\.'], { 'mlp.0': 'mlp.2', 'mlp.2': 'mlp.4', 'mlp.4': 'mlp.6', 'mlp.6': 'mlp.8' }],
    ] as const;
    for (const [name, cmd, edits, from] of readings) {
      const cwd = folder.at(`shift-${name}`);
      mkdirSync(cwd);
      expect(bash(cmd, cwd), cmd).toBe(0);
      const direct = folder.at(`shift-${name}.json`);
      await runCli(['plan', both, deep, '--select', 'ema', ...edits, '-o', direct]);
      expect(ops(join(cwd, 'plan.json'))).toEqual(ops(direct));
      expect(runPython(VERIFY_SHIFT_PY, [join(cwd, 'fixed.pt'), both, JSON.stringify(from)]).trim(), name).toBe('equal');
    }
  });

  it("explain on a DCP folder with --min-confidence: the folder step's sdmatch line carries it, and run as printed makes that plan", async () => {
    const dcp = join(ROOT, 'fixtures', 'dcp', 'row-sharded');
    const keys = ['scale', 'steps', 'embed.weight', 'fc1.weight', 'fc1.bias', 'norm.weight', 'norm.bias', 'fc2.weight', 'fc2.bias'];
    const err = folder.at('dcp-err.txt');
    const list = (ks: readonly string[]) => ks.map((k) => `"${k}"`).join(', ');
    writeFileSync(err, `Error(s) in loading state_dict for Net:\n\tMissing key(s) in state_dict: ${list(keys.map((k) => `net.${k}`))}. \n\tUnexpected key(s) in state_dict: ${list(keys)}. \n`);
    const r = await runCli(['explain', dcp, err, '--min-confidence', '0.3', '--no-color']);
    const step = /# or in one step: (.*) merges it/.exec(r.stdout)?.[1];
    expect(step, r.stdout).toContain('--min-confidence 0.3 -o plan.json');
    const cwd = folder.at('explain-run');
    mkdirSync(cwd);
    expect(bash(step!, cwd)).toBe(0);
    const direct = folder.at('explain-direct.json');
    expect((await runCli(['plan', dcp, err, '--min-confidence', '0.3', '-o', direct])).code).toBe(0);
    expect(ops(join(cwd, 'plan.json'))).toEqual(ops(direct));
  });
});
