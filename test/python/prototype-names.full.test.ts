import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runCli } from '../cli/capture-main.js';
import { describeWithTorch, runPython } from '../helpers/torch.js';
import { torchFolder } from '../helpers/torch-folder.js';

/**
 * Keys whose segments are spelled like Object.prototype members (`constructor`, `toString`, `__proto__`,
 * `hasOwnProperty`, `valueOf`): torch takes any attribute name as a module or parameter name, so a checkpoint
 * may hold them. Every command reads them as names (s19-speedp's note; s20-mend's grep of src/): inspect,
 * diff, plan, apply to .pt and .safetensors, explain with the checkpoint and from the error text alone; the
 * output loads strict=True with every tensor equal. Before, explain stopped on an internal error (exit 3:
 * the abbreviation table answered `constructor` with Object's constructor).
 */

const NAMES = "['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf']";

const MODEL_PY = `
import torch, torch.nn as nn, sys, os, json
d = sys.argv[1]
NAMES = ${NAMES}
def build(outer, inner):
    root = nn.Module()
    enc = nn.Module()
    root.add_module(outer, enc)
    for i, n in enumerate(NAMES):
        blk = nn.Module()
        blk.add_module(inner, nn.Linear(4 + i, 4 + i))
        blk.add_module('norm', nn.LayerNorm(4 + i))
        enc.add_module(n, blk)
        root.register_parameter(n, nn.Parameter(torch.zeros(2 + i)))
    return root
`;

const MAKE_PY = `${MODEL_PY}
torch.manual_seed(20)
old = build('encoder', 'fc')
with torch.no_grad():
    for t in old.state_dict().values(): t.copy_(torch.randn_like(t))
sd = {'module.' + k: v for k, v in old.state_dict().items()}
torch.save(sd, os.path.join(d, 'old.pt'))
new = build('backbone', 'proj')
torch.save(new.state_dict(), os.path.join(d, 'model.pt'))
try:
    new.load_state_dict(sd)
except RuntimeError as e:
    open(os.path.join(d, 'err.txt'), 'w').write(str(e))
`;

// where each old tensor belongs in the new model
const VERIFY_PY = `${MODEL_PY}
sys.path.insert(0, sys.argv[3])
import safetensors_io
out = sys.argv[2]
got = safetensors_io.load_file(out)[0] if out.endswith('.safetensors') else torch.load(out, weights_only=True)
m = build('backbone', 'proj')
m.load_state_dict(got, strict=True)
old = torch.load(os.path.join(d, 'old.pt'))
now = m.state_dict()
bad = [k for k, v in old.items() if not torch.equal(now[k[len('module.'):].replace('encoder.', 'backbone.').replace('.fc.', '.proj.')], v)]
print('equal %d' % len(now) if not bad else 'WRONG ' + ' '.join(bad))
`;

describeWithTorch('keys named like Object.prototype members, end to end in torch (s20-mend)', () => {
  const folder = torchFolder('prototype-names', MAKE_PY);
  // the project's own safetensors reader (python/safetensors_io.py): Debian's torch comes without the package
  const verify = (out: string) => runPython(VERIFY_PY, [folder.dir, out, join(__dirname, '../../python')]).trim();

  it('inspect, diff, plan and apply read them as names; the output loads strict=True, every tensor equal', async () => {
    const old = folder.at('old.pt');
    const model = folder.at('model.pt');
    const inspect = await runCli(['inspect', old, '--json']);
    expect(inspect.code, inspect.stderr).toBe(0);
    for (const n of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf']) {
      expect(inspect.stdout).toContain(`"module.encoder.${n}.fc.weight"`);
      expect(inspect.stdout).toContain(`"module.${n}"`);
    }
    const diff = await runCli(['diff', old, model, '--json']);
    expect(diff.code, diff.stderr).toBe(1);
    expect(JSON.parse(diff.stdout).missing).toContain('backbone.__proto__.proj.weight');
    const plan = folder.at('plan.json');
    const p = await runCli(['plan', old, model, '-o', plan]);
    expect(p.code, p.stdout + p.stderr).toBe(0);
    for (const out of ['new.pt', 'new.safetensors']) {
      const a = await runCli(['apply', old, plan, '-o', folder.at(out)]);
      expect(a.code, a.stdout + a.stderr).toBe(0);
      expect(verify(folder.at(out))).toBe('equal 25');
    }
  });

  it('explain, with the checkpoint and from the error text alone, plans the same keys (no internal error)', async () => {
    const withCkpt = await runCli(['explain', folder.at('old.pt'), folder.at('err.txt'), '--json']);
    expect(withCkpt.stderr).toBe('');
    expect([0, 1]).toContain(withCkpt.code);
    const alone = await runCli(['explain', folder.at('err.txt'), '--json']);
    expect(alone.stderr).toBe('');
    expect([0, 1]).toContain(alone.code);
    const mapping = JSON.parse(withCkpt.stdout).plan.mapping as Record<string, string>;
    expect(mapping['module.encoder.constructor.norm.weight']).toBe('backbone.constructor.norm.weight');
    expect(mapping['module.__proto__']).toBe('__proto__');
    expect(JSON.parse(alone.stdout).plan.mapping['module.encoder.toString.norm.weight']).toBe('backbone.toString.norm.weight');
  });
});
