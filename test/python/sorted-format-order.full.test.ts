import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runCli } from '../cli/capture-main.js';
import { describeWithTorch, runPython } from '../helpers/torch.js';
import { torchFolder } from '../helpers/torch-folder.js';

/**
 * Review 26 F4, judged by real PyTorch: one checkpoint, saved by torch.save (module order) and as a .safetensors
 * file (laid out by dtype, then by name, as every safetensors writer does: python/safetensors_io.py), gives the
 * same plan. An nn.Sequential of 12 conv+BN units (`body.{0,3,…,33}` conv, `body.{1,4,…,34}` BN) into the named
 * refactor `conv1..conv12` / `bn1..bn12`: the .safetensors file's int64 counters, listed apart from its floats,
 * hid the sort, and the file's order (`body.10` before `body.2`) was read as module order: 77 of 84 tensors
 * crossed at exit 0. Both files now: plan, apply, strict=True, every tensor its own.
 */
const MAKE_PY = `
import os, sys, json, collections, torch, torch.nn as nn
d = sys.argv[1]
sys.path.insert(0, sys.argv[2])
import safetensors_io
torch.manual_seed(26)
class Named12(nn.Module):
    def __init__(s, C=8):
        super().__init__()
        for i in range(1, 13): setattr(s, f'conv{i}', nn.Conv2d(C, C, 3, padding=1)); setattr(s, f'bn{i}', nn.BatchNorm2d(C))
seq = nn.Sequential(*[m for i in range(12) for m in (nn.Conv2d(8, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU())])
with torch.no_grad():
    for t in seq.state_dict().values(): t.copy_(torch.randint(0, 1000, t.shape) if t.dtype == torch.int64 else torch.randn_like(t))
sd = collections.OrderedDict(('body.' + k, v) for k, v in seq.state_dict().items())
torch.save(sd, os.path.join(d, 'src.pt'))
safetensors_io.save_file(sd, os.path.join(d, 'src.safetensors'))
torch.save(Named12().state_dict(), os.path.join(d, 'model.pt'))
`;

const VERIFY_PY = `
import sys, re, torch, torch.nn as nn
sys.path.insert(0, sys.argv[3])
class Named12(nn.Module):
    def __init__(s, C=8):
        super().__init__()
        for i in range(1, 13): setattr(s, f'conv{i}', nn.Conv2d(C, C, 3, padding=1)); setattr(s, f'bn{i}', nn.BatchNorm2d(C))
src, out = torch.load(sys.argv[1]), torch.load(sys.argv[2])
m = Named12()
m.load_state_dict(out, strict=True)
now = m.state_dict()
def home(k):
    n, rest = re.match(r'body\\.(\\d+)\\.(.*)', k).groups()
    n = int(n)
    return (f'conv{n // 3 + 1}.' if n % 3 == 0 else f'bn{n // 3 + 1}.') + rest
bad = [k for k, v in src.items() if not torch.equal(now[home(k)], v)]
print('equal %d' % len(src) if not bad else 'WRONG %d: %s' % (len(bad), ' '.join(bad[:6])))
`;

describeWithTorch('one checkpoint as .pt and as .safetensors gives one plan, judged by PyTorch (review 26 F4)', () => {
  const folder = torchFolder('sorted-format-order', MAKE_PY.replace('sys.argv[2]', JSON.stringify(join(__dirname, '../../python'))));
  const planOf = async (src: string) => {
    const planPath = folder.at(`${src}.plan.json`);
    const r = await runCli(['plan', folder.at(src), folder.at('model.pt'), '-o', planPath]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    return { planPath, ops: JSON.parse(readFileSync(planPath, 'utf8')).ops };
  };

  it('the same ops from both files; applied, each loads strict=True with every tensor its own', async () => {
    const pt = await planOf('src.pt');
    const st = await planOf('src.safetensors');
    expect(st.ops).toEqual(pt.ops);
    for (const [src, plan] of [['src.pt', pt.planPath], ['src.safetensors', st.planPath]] as const) {
      const out = folder.at(`${src}.out.pt`);
      const r = await runCli(['apply', folder.at(src), plan, '-o', out]);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(runPython(VERIFY_PY, [folder.at('src.pt'), out, join(__dirname, '../../python')]).trim()).toBe('equal 84');
    }
  });
});
