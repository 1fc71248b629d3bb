import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/capture-main.js';

/**
 * review13 F8 / issue 10: a head larger in the model than in a checkpoint trained on a public dataset is
 * said to be a config error where the weights are used on that dataset. The texts are torch 1.13's own
 * (`Net(2000).load_state_dict(Net(1000).state_dict())`, a conv stem and an `fc` head).
 */
const torchText = (ckpt: number, model: number) => [
  'Error(s) in loading state_dict for Net:',
  `\tsize mismatch for fc.weight: copying a param with shape torch.Size([${ckpt}, 8]) from checkpoint, the shape in current model is torch.Size([${model}, 8]).`,
  `\tsize mismatch for fc.bias: copying a param with shape torch.Size([${ckpt}]) from checkpoint, the shape in current model is torch.Size([${model}]).`,
].join('\n');

async function headFinding(text: string): Promise<string> {
  const r = await runCli(['explain', '-', '--json'], { stdin: text });
  const j = JSON.parse(r.stdout) as { causes: { code: string; message: string }[] };
  return j.causes.find((c) => c.code === 'head')!.message;
}

describe('a head larger in the model than an ImageNet checkpoint\'s: a config error on ImageNet itself, said', () => {
  it('1000 classes in the checkpoint, 2000 in the model: build it with 1000 to use the trained head', async () => {
    const m = await headFinding(torchText(1000, 2000));
    expect(m).toMatch(/ImageNet-1k's class count\): if you use the weights on ImageNet-1k itself, a head with more outputs than the dataset has classes is a config error: build the model with 1000 classes/);
    expect(m).toMatch(/fine-tune on a label set of 2000/);
    // a smaller model head (1000 → 50), or a larger one over a count of no public dataset (9 → 15): nothing of the kind
    expect(await headFinding(torchText(1000, 50))).not.toMatch(/config error/);
    expect(await headFinding(torchText(9, 15))).not.toMatch(/config error/);
  });
});
