import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { runCli } from './capture-main.js';
import { describeWithTorch, runPython } from '../helpers/torch.js';
import { moduleFolderPy, torchFolder } from '../helpers/torch-folder.js';

/**
 * Review 24 F1: an untied checkpoint (distinct `embed.weight` and `lm_head.weight`) into a model that ties them, the
 * checkpoint behind a wrapper prefix. Without a prefix, plan said the trained values are lost (review 23 F3). With
 * `_orig_mod.` or `module.` the tie check compared names literally: the plan dropped the checkpoint's `lm_head` as
 * "no counterpart (the model has no such keys)" and copied the embedding over it, exit 0; apply said "verified",
 * exit 0; plan check "exact". Every form of the names (none, `module.`, `_orig_mod.`, Lightning's `model.` inside
 * `state_dict`, a nested state dict, a prefix inside a nested one, and `module.` added for a wrapped model) must now
 * give session 23's words: plan exit 1 naming the lost tensor, apply not verified (exit 1), plan check not exact,
 * and torch must hold what the words say.
 */

const MODELS = `
import torch, torch.nn as nn
class LM(nn.Module):
    def __init__(s, tied):
        super().__init__()
        s.embed = nn.Embedding(12, 8); s.norm = nn.LayerNorm(8); s.lm_head = nn.Linear(8, 12, bias=False)
        if tied: s.lm_head.weight = s.embed.weight
def Tied(): return LM(True)
def Untied(): return LM(False)
def TiedDP(): return nn.DataParallel(LM(True))
`;

/** each form: its file, how it is written from the untied state dict `sd`, the model's manifest */
const FORMS = [
  { name: 'no prefix', file: 'plain.pt', save: 'sd', target: 'tied.json', wrapped: false },
  { name: '`module.` (DataParallel)', file: 'dp.pt', save: "pre(sd, 'module.')", target: 'tied.json', wrapped: false },
  { name: '`_orig_mod.` (torch.compile)', file: 'compiled.pt', save: "pre(sd, '_orig_mod.')", target: 'tied.json', wrapped: false },
  { name: "Lightning (`state_dict`, `model.`)", file: 'lightning.pt', save: "{'state_dict': pre(sd, 'model.'), 'epoch': 3, 'global_step': 10}", target: 'tied.json', wrapped: false },
  { name: 'a nested state dict', file: 'nested.pt', save: "{'trainer': {'net_wo_ddp': sd, 'step': 4}, 'args': 'x'}", target: 'tied.json', wrapped: false },
  { name: '`module.` inside a nested state dict', file: 'nested-dp.pt', save: "{'ckpt': {'model': pre(sd, 'module.')}, 'epoch': 2}", target: 'tied.json', wrapped: false },
  { name: '`module.` added (a DataParallel-wrapped model)', file: 'plain.pt', save: 'sd', target: 'tied-dp.json', wrapped: true },
] as const;

const MAKE_PY = `${moduleFolderPy('lmprefix', MODELS, [['Tied', 'tied.json'], ['TiedDP', 'tied-dp.json']])}
import collections
torch.manual_seed(0)
m = Untied()
for p in m.parameters(): p.data.copy_(torch.randn_like(p))
sd = m.state_dict()
def pre(sd, p): return collections.OrderedDict((p + k, v) for k, v in sd.items())
${FORMS.map((f) => `torch.save(${f.save}, os.path.join(d, '${f.file}'))`).join('\n')}
`;

/** strict=True into the tied model: whether the one tensor holds the checkpoint's embedding and its lm_head */
const HELD = `${MODELS}
import sys
src, out, wrapped = torch.load(sys.argv[1]), torch.load(sys.argv[2]), sys.argv[3] == '1'
m = TiedDP() if wrapped else Tied()
m.load_state_dict(out, strict=True)
e = (m.module if wrapped else m).embed.weight
print('embed', torch.equal(e, src['embed.weight']), 'lm_head', torch.equal(e, src['lm_head.weight']))`;

describeWithTorch('an untied checkpoint behind a prefix into a model that ties its head (review 24 F1, real torch)', () => {
  const { at } = torchFolder('tied-apart-prefixed', MAKE_PY);

  for (const [i, f] of FORMS.entries()) {
    it(`${f.name}: plan exit 1 naming the lost embedding, apply not verified (exit 1), plan check not exact; torch agrees`, async () => {
      const added = f.wrapped ? 'module\\.' : '';
      const plan = await runCli(['plan', at(f.file), at(f.target), '-o', at(`p${i}.json`), '--no-color']);
      expect(plan.code, plan.stdout).toBe(1);
      const first = plan.stdout.split('\n')[0]!;
      expect(first).toMatch(new RegExp(`trained weights are lost: the model ties \`${added}embed\\.weight\` and \`${added}lm_head\\.weight\` \\(one tensor\\).*the trained values of \`${added}embed\\.weight\` are lost`));
      expect(plan.stdout).not.toMatch(/no counterpart|explains every difference|succeeds/);
      const written = JSON.parse(readFileSync(at(`p${i}.json`), 'utf8'));
      expect(written.ops.some((op: { op: string }) => op.op === 'copy' || op.op === 'drop')).toBe(false);

      const applied = await runCli(['apply', at(f.file), at(`p${i}.json`), '-o', at(`o${i}.pt`), '--no-color']);
      expect(applied.code, applied.stdout + applied.stderr).toBe(1);
      expect(applied.stdout).not.toMatch(/^verified/m);
      expect(applied.stdout.trim().split('\n').at(-1)).toMatch(new RegExp(`^exit 1: .*\`${added}embed\\.weight\`'s trained values are lost`));

      const check = await runCli(['plan', 'check', at(`p${i}.json`), at(f.target), '--no-color']);
      expect(check.code, check.stdout).toBe(1);
      expect(check.stdout).toMatch(/^not exact: .*1 tie of the model written from separate tensors/);

      // the words are what torch does: the model keeps the checkpoint's lm_head, its embedding's values are gone
      expect(runPython(HELD, [at('plain.pt'), at(`o${i}.pt`), f.wrapped ? '1' : '0']).trim()).toBe('embed False lm_head True');
    });
  }
});
