import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/capture-main.js';
import { tuningCaseText } from '../helpers/diagnosis-case.js';
import { parseErrorText } from '../../src/formats/error-text.js';

interface Out {
  fixable: boolean;
  causes: { code: string }[];
  plan: { ops: { op: string }[] };
}
const explain = async (text: string): Promise<Out> => JSON.parse((await runCli(['explain', '-', '--json'], { stdin: text })).stdout) as Out;

describe('tuning17: the poster says the load ran a demo, an inference or an evaluation', () => {
  const ICDAR = tuningCaseText('longshangbang-ICDAR2019-ArT-Recognition-Alchemy-14');

  it('ICDAR2019-ArT-Recognition-Alchemy#14: "when ran the demo" reads as an evaluation run', () => {
    expect(parseErrorText(ICDAR, 'e.txt').evaluationRun).toBe('ran the demo');
  });

  it('a head of another size in a demo is the checkpoint\'s own configuration (a label map of 91 symbols), not a head to re-initialise', async () => {
    const r = await explain(ICDAR);
    expect(r.fixable).toBe(false);
  });

  it('prose that also speaks of training, or mentions a demo without running it, is no evaluation run', () => {
    const line = 'size mismatch for rec_head.decoder.tgt_embedding.weight: copying a param with shape torch.Size([91, 256]) from checkpoint, the shape in current model is torch.Size([72, 256]).';
    expect(parseErrorText(`I fine-tune on my own charset, then I ran the demo:\n${line}`, 'e.txt').evaluationRun).toBeUndefined();
    expect(parseErrorText(`when I start training I get:\n${line}\nI want to run the demo later`, 'e.txt').evaluationRun).toBeUndefined();
    expect(parseErrorText(`the demo works, but my model gives:\n${line}`, 'e.txt').evaluationRun).toBeUndefined();
    expect(parseErrorText(`when running inference:\n${line}`, 'e.txt').evaluationRun).toBe('running inference');
    // a frame's file is where code lives (a demo calls into train.py's helpers), not words of training
    expect(parseErrorText(`when I ran the demo:\nTraceback (most recent call last):\n  File "/home/me/proj/train.py", line 64, in load_model\n    model.load_state_dict(sd)\n${line}`, 'e.txt').evaluationRun).toBe('ran the demo');
  });
});
