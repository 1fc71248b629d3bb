import { expect, it } from 'vitest';
import { runCli } from './capture-main.js';
import { describeWithTorch, runPython } from '../helpers/torch.js';
import { manifestIn, moduleFolderPy, torchFolder } from '../helpers/torch-folder.js';

/**
 * Review 23 F1 (probe f1-square-sibling): a checkpoint whose Linear weights are stored [in, out] under plain names,
 * `proj` (Linear(8, 8), square) and `out` (Linear(8, 4)). plan transposed `out.weight` (its shape shows it) and said
 * "the plan explains every difference", exit 0; apply said "verified"; torch loaded `proj.weight` untransposed (3/4
 * right, no error). A square of the kind the plan transposes on its shapes is now listed, whatever its name: plan exits
 * 1 naming it, apply's first line says its values are not verified, and every tensor torch loads wrong is one listed.
 */

const MODELS = `
import torch, torch.nn as nn
class Sq(nn.Module):
    def __init__(s):
        super().__init__(); s.proj = nn.Linear(8, 8); s.out = nn.Linear(8, 4)
`;

// the folder: the model as a module (the manifest writer records its classes), its manifest, the [in, out] checkpoint
const MAKE_PY = `${moduleFolderPy('sqmod', MODELS, [['Sq', 'target.json']])}
torch.manual_seed(0)
m = Sq()
for p in m.parameters(): p.data.copy_(torch.randn_like(p))
torch.save({k: (v.t().contiguous() if k.endswith('weight') else v) for k, v in m.state_dict().items()}, os.path.join(d, 'src.pt'))
torch.save(Sq().state_dict(), os.path.join(d, 'model.pt'))
`;

/** strict=True into the model, each tensor against the reference conversion (every weight transposed): the wrong keys */
const WRONG = `${MODELS}
import sys
src, out = torch.load(sys.argv[1]), torch.load(sys.argv[2])
m = Sq()
m.load_state_dict(out, strict=True)
for k, v in m.state_dict().items():
    want = src[k].t() if k.endswith('weight') else src[k]
    if not torch.equal(v, want): print('wrong', k)
print('loaded')`;

describeWithTorch('a square weight beside a transposed sibling under plain names (review 23 F1, real torch)', () => {
  const folder = torchFolder('square-sibling', MAKE_PY);
  const { at } = folder;

  for (const manifest of ['target.json (classes recorded)', 'a manifest of a state dict (no classes)'] as const) {
    it(`against ${manifest}: plan lists proj.weight, exit 1; apply does not call its values verified; torch: only listed keys wrong`, async () => {
      const target = manifest.startsWith('target') ? at('target.json') : await manifestIn(folder, 'model.pt', 'plain.json');
      const plan = await runCli(['plan', at('src.pt'), target, '--json', '-o', at('p.json')]);
      expect(plan.code, plan.stderr).toBe(1);
      const report = JSON.parse(plan.stdout);
      expect(report.plan.loadsAsStored).toEqual(['proj.weight']);
      expect(report.ambiguities.map((a: { keys: string[] }) => a.keys)).toEqual([['proj.weight']]);
      expect(report.ambiguities[0].reason).toMatch(/^values unverified: transpose\? square \[8, 8\]/);
      const text = await runCli(['plan', at('src.pt'), target, '--no-color']);
      expect(text.stdout.split('\n')[0]).not.toMatch(/explains every difference/);
      expect(text.stdout.split('\n')[0]).toMatch(/layout is undecided: it loads as stored, which may be transposed/);
      const applied = await runCli(['apply', at('src.pt'), at('p.json'), '-o', at('out.pt'), '--no-color']);
      // exit 1 as plan's (review 24 F3: apply said 0 while plan said 1), the last line saying why
      expect(applied.code, applied.stdout + applied.stderr).toBe(1);
      expect(applied.stdout.trim().split('\n').at(-1)).toMatch(/^exit 1: load_state_dict\(strict=True\) into .* accepts the output, but one weight's layout is undecided \(proj\.weight\): written as stored, it may be transposed/);
      const first = applied.stdout.split('\n')[0]!;
      expect(first).not.toMatch(/^verified/);
      expect(first).toMatch(/not verified: one weight written as stored although nothing decided its layout \(proj\.weight: may be transposed\)/);
      const out = runPython(WRONG, [at('src.pt'), at('out.pt')]);
      expect(out).toMatch(/loaded/);
      const wrong = out.split('\n').filter((l) => l.startsWith('wrong ')).map((l) => l.slice(6));
      // the one tensor torch loads wrong is the one the plan listed (the transpose of out.weight is right)
      expect(wrong).toEqual(['proj.weight']);
    });
  }
});
