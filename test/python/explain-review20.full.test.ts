import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithTorch, runPython, tempDir } from '../helpers/torch.js';
import { fixPython, STRICT_EQUAL_PY } from '../helpers/torch-plan.js';
import { runCli } from '../cli/capture-main.js';

/**
 * Review 20's findings on explain's decisions (notes/review20, s20-mend3), judged by real torch: each situation built
 * in torch (random distinct weights, the buffers a module computes kept as computed), torch's own error text pasted
 * as users paste it, `sdmatch explain CHECKPOINT ERROR` run on it and its "the fix, in Python" block followed
 * literally: strict=True into the model, every tensor compared with what the model must hold.
 */

const MODELS = `${STRICT_EQUAL_PY}
import torch, torch.nn as nn, sys, os
def rnd(m, seed):
    torch.manual_seed(seed)
    with torch.no_grad():
        for k, p in m.state_dict().items():
            if p.is_floating_point() and not (k.endswith('attn_mask') or k.endswith('attn.bias') or k.endswith('masked_bias')):
                p.copy_(torch.randn_like(p))
    return m
class RelBlk(nn.Module):
    # Swin's window attention: a trained table beside two buffers computed from the window size
    def __init__(s, persistent):
        super().__init__(); s.relative_position_bias_table = nn.Parameter(torch.zeros(9, 2))
        s.register_buffer('relative_position_index', torch.arange(16).view(4, 4), persistent=persistent)
        s.register_buffer('attn_mask', torch.tril(torch.ones(1, 4, 4)), persistent=persistent)
        s.qkv = nn.Linear(8, 24); s.proj = nn.Linear(8, 8)
class Swinish(nn.Module):
    def __init__(s, persistent=True):
        super().__init__(); s.layers = nn.ModuleList([RelBlk(persistent) for _ in range(2)]); s.head = nn.Linear(8, 3)
class Attn(nn.Module):
    # GPT-2's attention: the causal mask and its fill value as buffers (newer transformers: not persistent)
    def __init__(s, persistent):
        super().__init__(); s.c_attn = nn.Linear(8, 24); s.c_proj = nn.Linear(8, 8)
        s.register_buffer('bias', torch.tril(torch.ones(1, 1, 6, 6)).bool(), persistent=persistent)
        s.register_buffer('masked_bias', torch.tensor(-1e4), persistent=persistent)
class Blk(nn.Module):
    def __init__(s, persistent):
        super().__init__(); s.attn = Attn(persistent)
class G(nn.Module):
    def __init__(s, persistent=True):
        super().__init__(); s.h = nn.ModuleList([Blk(persistent) for _ in range(2)])
def cut(text, n=3):
    # a paste that kept the first n keys of the list and an ellipsis
    head, keys = text.split(': ', 1)
    return head + ': ' + ', '.join(keys.split(', ')[:n]) + ', ... '
def case(d, model, sd):
    torch.save(sd, os.path.join(d, 'ckpt.pth')); torch.save(model, os.path.join(d, 'model.pt'))
    truth = {k: v for k, v in sd.items() if k in model.state_dict()}
    torch.save(truth, os.path.join(d, 'truth.pth'))
    try:
        model.load_state_dict(sd); raise SystemExit('loaded: no error to explain')
    except RuntimeError as e:
        lines = str(e).split('\\n')
        open(os.path.join(d, 'err.txt'), 'w').write('RuntimeError: ' + lines[0] + '\\n' + '\\n'.join(cut(l) for l in lines[1:]) + '\\n')
`;

/** Runs the report's "the fix, in Python" (its remap function) on the checkpoint, loads strict=True, compares with truth.pth. */
const FOLLOW_PY = `${MODELS}
d, code_file = sys.argv[1], sys.argv[2]
model = torch.load(os.path.join(d, 'model.pt')); ck = torch.load(os.path.join(d, 'ckpt.pth')); truth = torch.load(os.path.join(d, 'truth.pth'))
ns = {}
exec(open(code_file).read().split("if __name__ == '__main__':")[0], ns)
try:
    print(strict_equal(model, ns['remap_state_dict'](ns['select_state_dict'](ck)), truth))
except RuntimeError as e:
    print('REFUSED ' + str(e).splitlines()[0])
`;

/** The fix a report prints: its one-line Python `fix:` as the script's two functions, else "the fix, in Python". */
function followedPython(report: string): string {
  const line = report.split('\n').find((l) => l.startsWith('fix: '))?.slice(5);
  if (line === undefined || line.startsWith('sdmatch ')) return fixPython(report);
  return `def select_state_dict(checkpoint):\n    return checkpoint\ndef remap_state_dict(state_dict):\n    ns = {'state_dict': dict(state_dict)}\n    exec(${JSON.stringify(line)}, ns)\n    return ns['state_dict']\n`;
}

describeWithTorch('explain, review 20: a cut or partial paste, advice followed literally, judged by torch', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(() => {
    tmp = tempDir('review20');
  });
  afterAll(() => tmp.cleanup());

  function build(name: string, python: string): string {
    const d = join(tmp.dir, name);
    runPython(`${MODELS}\nos.makedirs(sys.argv[1], exist_ok=True)\n${python}`, [d]);
    return d;
  }
  function follow(d: string, report: string): string {
    const code = join(d, 'fix.py');
    writeFileSync(code, followedPython(report));
    return runPython(FOLLOW_PY, [d, code]).trim();
  }

  for (const [name, python, trained] of [
    ['swin-buffers', 'case(sys.argv[1], Swinish(False), rnd(Swinish(True), 1).state_dict())', 'layers.1.qkv.weight'],
    ['gpt2-masks', 'case(sys.argv[1], G(False), rnd(G(True), 2).state_dict())', 'h.1.attn.c_attn.weight'],
  ] as const) {
    it(`F4: ${name}, the unexpected list cut to 3 keys: the drop stays on the buffers, every trained weight of the blocks loads`, async () => {
      const d = build(name, python);
      const run = await runCli(['explain', join(d, 'ckpt.pth'), join(d, 'err.txt'), '--no-color']);
      expect(run.stderr).toBe('');
      // no drop reaches a trained weight (it had widened to the whole `layers.` / `h.` module list)
      for (const m of run.stdout.matchAll(/re\.(?:compile|search)\(r'([^']+)'/g)) expect(new RegExp(m[1]!).test(trained), m[1]).toBe(false);
      expect(follow(d, run.stdout)).toBe('equal');
    });
  }
});
