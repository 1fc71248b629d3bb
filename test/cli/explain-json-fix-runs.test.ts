import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from './capture-main.js';
import { describeWithTorch, runPython, tempDir } from '../helpers/torch.js';
import { STRICT_EQUAL_PY } from '../helpers/torch-plan.js';

/**
 * Review 16 F14: `explain --json`'s `fix` lacked the `import re;` its text line prints, so a tool running it
 * (exec over `state_dict`) raised NameError. Now the JSON fix runs as it is: real torch loads what it gives
 * strict=True, every tensor equal; the text line is the JSON's, the same code.
 */
const MODELS = `
import torch, torch.nn as nn, sys, json
class Old(nn.Module):
    def __init__(s):
        super().__init__()
        s.features = nn.Sequential(nn.Conv2d(3, 4, 3), nn.ReLU(), nn.Conv2d(4, 4, 3))
        s.fc = nn.Linear(4, 2)
class New(nn.Module):
    def __init__(s):
        super().__init__()
        s.backbone = nn.Sequential(nn.Conv2d(3, 4, 3), nn.ReLU(), nn.Conv2d(4, 4, 3))
        s.fc = nn.Linear(4, 2)
${STRICT_EQUAL_PY}
`;
const GEN = `${MODELS}
torch.manual_seed(0)
sd = Old().state_dict()
torch.save(sd, sys.argv[1] + '/plain.pt'); torch.save({'model': sd, 'epoch': 3}, sys.argv[1] + '/nested.pt')
for name, obj in (('plain', sd), ('nested', {'model': sd, 'epoch': 3})):
    try:
        New().load_state_dict(obj)
    except RuntimeError as e:
        open(sys.argv[1] + '/' + name + '.err', 'w').write(str(e))
`;
// runs FIX (argv[2]) with `checkpoint` (what torch.load gives) and `state_dict` (what the user passed) bound
const RUN_FIX = `${MODELS}
checkpoint = torch.load(sys.argv[1], weights_only=True)
scope = {'checkpoint': checkpoint, 'state_dict': checkpoint}
exec(sys.argv[2], scope)
want = {k.replace('features.', 'backbone.', 1): v for k, v in (checkpoint.get('model') or checkpoint).items()}
print(strict_equal(New(), scope['state_dict'], want, same_keys=True))
`;

describeWithTorch('explain --json: the fix runs as it is (real torch)', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(() => {
    tmp = tempDir('f14fix');
    runPython(GEN, [tmp.dir]);
  });
  afterAll(() => tmp.cleanup());
  const at = (f: string) => join(tmp.dir, f);

  for (const [label, argv, file] of [
    ['the error alone', ['plain.err'], 'plain.pt'],
    ['the checkpoint and the error', ['plain.pt', 'plain.err'], 'plain.pt'],
    ['a nested checkpoint and the error', ['nested.pt', 'nested.err'], 'nested.pt'],
  ] as const) {
    it(`${label}: the JSON fix, exec'd on what the user passed, loads strict=True with every tensor equal; the text line says the same`, async () => {
      const r = await runCli(['explain', ...argv.map(at), '--json']);
      const j = JSON.parse(r.stdout) as { fixable: boolean; fix: string };
      expect(j.fixable).toBe(true);
      expect(j.fix).toMatch(/re\.sub/);
      expect(runPython(RUN_FIX, [at(file), j.fix]).trim()).toBe('equal');
      const t = await runCli(['explain', ...argv.map(at)]);
      expect(t.stdout.split('\n').find((l) => l.startsWith('fix: '))).toBe(`fix: ${j.fix.split('\n').join('; ')}`);
    });
  }
});
