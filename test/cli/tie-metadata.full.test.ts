import { expect, it } from 'vitest';
import { describeWithTorch, runPython } from '../helpers/torch.js';
import { torchFolder } from '../helpers/torch-folder.js';
import { runCli } from './capture-main.js';

/**
 * s20-verify's side note: `plan … --tie lm_head.weight=emb.weight` then apply wrote `emb.weight` unchanged but
 * dropped `emb`'s `_metadata` entry ("2 dropped ('emb', …)"): the tie writes emb's tensor under two names, and the
 * entry's new name was read from its tensors' names alone. A module whose tensors stay where the name ops put
 * it keeps its entry (its version: what load_state_dict passes its _load_from_state_dict as local_metadata).
 */

const MODEL_PY = `
import torch, torch.nn as nn, sys, os
class Tied(nn.Module):
    def __init__(s, tie=True):
        super().__init__(); s.emb = nn.Embedding(10, 4); s.body = nn.Linear(4, 4); s.norm = nn.BatchNorm1d(4)
        s.lm_head = nn.Linear(4, 10, bias=False)
        if tie: s.lm_head.weight = s.emb.weight
d = sys.argv[1]
`;

const MAKE_PY = `${MODEL_PY}
torch.manual_seed(2)
m = Tied()
sd = m.state_dict()
del sd['lm_head.weight']  # saved without the tied copy; the OrderedDict keeps its _metadata
torch.save(sd, os.path.join(d, 'ckpt.pt'))
# the model as the user's code builds it records no tie (the head set equal at load): the user says it with --tie
torch.save(Tied(tie=False).state_dict(), os.path.join(d, 'model.pt'))
`;

const VERIFY_PY = `${MODEL_PY}
out = torch.load(os.path.join(d, 'out.pt'))
src = torch.load(os.path.join(d, 'ckpt.pt'))
m = Tied()
m.load_state_dict(out, strict=True)
same = all(torch.equal(m.state_dict()[k], v) for k, v in src.items()) and torch.equal(m.lm_head.weight, src['emb.weight'])
meta = getattr(out, '_metadata', {})
print('equal' if same else 'WRONG', sorted(k for k in src._metadata if meta.get(k) != src._metadata[k]))
`;

describeWithTorch('--tie keeps the tied-from module\'s _metadata entry (s20-verify)', () => {
  const folder = torchFolder('tie-metadata', MAKE_PY);

  it('plan --tie lm_head.weight=emb.weight, apply: every _metadata entry of the checkpoint is in the output, values equal', async () => {
    const plan = folder.at('plan.json');
    const p = await runCli(['plan', folder.at('ckpt.pt'), folder.at('model.pt'), '--tie', 'lm_head.weight=emb.weight', '-o', plan]);
    expect(p.code, p.stdout + p.stderr).toBe(0);
    const r = await runCli(['apply', folder.at('ckpt.pt'), plan, '-o', folder.at('out.pt')]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/dropped \(.*'emb'/);
    expect(runPython(VERIFY_PY, [folder.dir]).trim()).toBe('equal []');
  });
});
