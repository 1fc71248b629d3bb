import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithTorch, runPython, tempDir } from '../helpers/torch.js';
import { runCli } from '../cli/capture-main.js';
import { FILE_VERDICT_PY } from '../helpers/torch-plan.js';

/**
 * TF-Slim `fully_connected` stores its `weights` [in, out] whatever their shape (review 26 F6): an MLP whose
 * matrices are all square gave the shapes nothing to show, and plan, apply and --emit python loaded every weight
 * untransposed at exit 0. The layout is the convention's (dense-conventions.ts), so every weight is transposed,
 * square or not; judged by PyTorch: strict=True, every tensor equal to the model's own. With a non-square weight
 * of the name stored as the model has it the convention does not hold: the squares are listed (exit 1).
 */

/** Python: REF = an nn.Linear MLP's state dict (argv[3] 'square': every layer 16→16; else the head 16→10); SRC = its TF-Slim variables. */
const MAKE_PY = `
import torch, sys
from collections import OrderedDict as OD
torch.manual_seed(0)
out = 16 if sys.argv[3] == 'square' else 10
ref, src = OD(), OD()
for n, o in (('fc1', 16), ('fc2', 16), ('fc3', 16), ('head', out)):
    ref[n + '.weight'] = torch.randn(o, 16); ref[n + '.bias'] = torch.randn(o)
for n in ('fc1', 'fc2', 'fc3', 'head'):
    src['mlp/' + n + '/weights'] = ref[n + '.weight'].t().contiguous().clone()
    src['mlp/' + n + '/biases'] = ref[n + '.bias'].clone()
torch.save(ref, sys.argv[1]); torch.save(src, sys.argv[2])
`;

let tmp: { dir: string; cleanup: () => void };
beforeAll(() => {
  tmp = tempDir('dense-convention-squares');
});
afterAll(() => tmp?.cleanup());

describeWithTorch('TF-Slim weights [in, out] by convention, judged by PyTorch', () => {
  it('every matrix square: plan → apply → strict=True, every tensor equal', async () => {
    const ref = join(tmp.dir, 'sq.ref.pt');
    const src = join(tmp.dir, 'sq.src.pt');
    runPython(MAKE_PY, [ref, src, 'square']);
    const planPath = join(tmp.dir, 'sq.plan.json');
    await runCli(['plan', src, ref, '-o', planPath]);
    const out = join(tmp.dir, 'sq.out.pt');
    expect((await runCli(['apply', src, planPath, '-o', out])).code).toBe(0);
    expect(runPython(FILE_VERDICT_PY, [out, ref]).trim()).toBe('equal');
  });

  it('the non-square head too (its shape shows the layout): every tensor equal', async () => {
    const ref = join(tmp.dir, 'ns.ref.pt');
    const src = join(tmp.dir, 'ns.src.pt');
    runPython(MAKE_PY, [ref, src, 'head']);
    const planPath = join(tmp.dir, 'ns.plan.json');
    await runCli(['plan', src, ref, '-o', planPath]);
    const out = join(tmp.dir, 'ns.out.pt');
    expect((await runCli(['apply', src, planPath, '-o', out])).code).toBe(0);
    expect(runPython(FILE_VERDICT_PY, [out, ref]).trim()).toBe('equal');
  });
});
