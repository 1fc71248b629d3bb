import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from './capture-main.js';
import { describeWithTorch, runPython, tempDir } from '../helpers/torch.js';

/**
 * Review 16 F16: torch's error for the module state dict of a DeepSpeed ZeRO-3 checkpoint (every parameter an
 * empty torch.Size([0]) placeholder) was read as "another model size or configuration, which no key transform
 * fixes" by explain and plan, and diff had no finding but a fix line for a plan of no ops. Now: one finding,
 * ZeRO-3's placeholders, where the weights are; diff prints no fix line.
 */
const MODEL = `
import torch, torch.nn as nn, sys
class Net(nn.Module):
    def __init__(s):
        super().__init__()
        s.embed = nn.Embedding(11, 6); s.block = nn.Linear(6, 12); s.norm = nn.LayerNorm(12); s.head = nn.Linear(12, 3)
# what ZeRO-3 saves under 'module': every parameter an empty placeholder
sd = {k: torch.empty(0, dtype=v.dtype) for k, v in Net().state_dict().items()}
torch.save({'module': sd}, sys.argv[1] + '/states.pt')
try:
    Net().load_state_dict(sd)
except RuntimeError as e:
    open(sys.argv[1] + '/err.txt', 'w').write(str(e))
`;

describeWithTorch('ZeRO-3 placeholders in torch\'s error (real torch)', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(() => {
    tmp = tempDir('zero3ph');
    runPython(MODEL, [tmp.dir]);
  });
  afterAll(() => tmp.cleanup());

  it('explain (text alone and with the file) and plan: ZeRO-3 placeholders, not another model size; exit 1', async () => {
    const err = join(tmp.dir, 'err.txt');
    expect(readFileSync(err, 'utf8')).toMatch(/copying a param with shape torch\.Size\(\[0\]\) from checkpoint/);
    for (const argv of [['explain', err], ['explain', join(tmp.dir, 'states.pt'), err], ['plan', join(tmp.dir, 'states.pt'), err]]) {
      const r = await runCli([...argv, '--json']);
      expect(r.code, argv.join(' ')).toBe(1);
      const j = JSON.parse(r.stdout) as { causes: { code: string; message: string }[] };
      expect(j.causes[0]!.code).toBe('zero3_placeholder');
      expect(j.causes[0]!.message).toMatch(/all 7 keys of another shape are empty .*DeepSpeed ZeRO-3's placeholders.*not another model size.*read the whole checkpoint folder/);
      expect(JSON.stringify(j.causes)).not.toMatch(/another model size or configuration/);
    }
  });

  it('diff with the error: the placeholder finding and no fix line', async () => {
    const r = await runCli(['diff', join(tmp.dir, 'states.pt'), join(tmp.dir, 'err.txt')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/all 7 tensors of another shape are empty in the checkpoint .*DeepSpeed ZeRO-3/);
    expect(r.stdout).not.toMatch(/^fix:/m);
    const j = JSON.parse((await runCli(['diff', join(tmp.dir, 'states.pt'), join(tmp.dir, 'err.txt'), '--json'])).stdout) as { diagnosis: { code: string }[] };
    expect(j.diagnosis.map((d) => d.code)).toEqual(['zero3-placeholder']);
  });
});
