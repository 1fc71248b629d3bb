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

describe('the poster says the load ran a demo, an inference or an evaluation', () => {
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

describe('the same in Chinese, as posters write it', () => {
  const HEAD = 'RuntimeError: Error(s) in loading state_dict for Net:\n\tsize mismatch for fc.weight: copying a param with shape torch.Size([80, 256]) from checkpoint, the shape in current model is torch.Size([24, 256]).\n\tsize mismatch for fc.bias: copying a param with shape torch.Size([80]) from checkpoint, the shape in current model is torch.Size([24]).';

  it('YesianRohn/TextSSR#5 "在推理的时候" (when running inference), "测试时", "跑demo": an evaluation run', () => {
    expect(parseErrorText(tuningCaseText('YesianRohn-TextSSR-5'), 'e.txt').evaluationRun).toBe('在推理的时候');
    expect(parseErrorText(`我使用 minipile 测试时：\n${HEAD}`, 'e.txt').evaluationRun).toBe('测试时');
    expect(parseErrorText(`跑demo报错\n${HEAD}`, 'e.txt').evaluationRun).toBe('跑demo');
  });

  it('training words (训练, 微调; not 预训练, the pretrained weights) or a mere mention keep it open', () => {
    expect(parseErrorText(`在推理的时候报错，我用自己的数据训练了模型：\n${HEAD}`, 'e.txt').evaluationRun).toBeUndefined();
    expect(parseErrorText(`微调后测试时报错：\n${HEAD}`, 'e.txt').evaluationRun).toBeUndefined();
    expect(parseErrorText(`预训练模型推理时报错：\n${HEAD}`, 'e.txt').evaluationRun).toBe('推理时');
    expect(parseErrorText(`推理代码在哪里？\n${HEAD}`, 'e.txt').evaluationRun).toBeUndefined();
  });

  it('a head of another size at inference is not re-initialised', async () => {
    expect((await explain(`您好，在推理的时候报错：\n${HEAD}`)).fixable).toBe(false);
    expect((await explain(`我用自己的数据训练时报错：\n${HEAD}`)).fixable).toBe(true);
  });
});

describe('the poster reports what the loaded model computed, near nothing: an evaluation run', () => {
  const NEW = "Some weights of RewardModel were not initialized from the model checkpoint at Qwen/Qwen2-VL-7B-Instruct and are newly initialized: ['value_head.weight']\nYou should probably TRAIN this model on a down-stream task to be able to use it for predictions and inference.\n\n";

  it('Applied-Machine-Learning-Lab/GeoRanker#1: "the resulting rewards are all exactly 0" with a new value head: not a part to train', async () => {
    const r = await explain(tuningCaseText('Applied-Machine-Learning-Lab-GeoRanker-1'));
    expect(r.fixable).toBe(false);
  });

  it('reads results and metrics near 0, not a loss, and not when the poster trains', () => {
    expect(parseErrorText(`${NEW}The resulting rewards are all exactly 0,`, 'x').evaluationRun).toBe('resulting rewards are all exactly 0');
    expect(parseErrorText(`${NEW}The test resulted in an mAP and an NDS of almost 0:`, 'x').evaluationRun).toBe('resulted in an mAP and an NDS of almost 0');
    // transformers' own "TRAIN this model" advice is not the poster's word of training
    expect(parseErrorText(`${NEW}When I run inference the output is wrong`, 'x').evaluationRun).toBe('run inference');
    expect(parseErrorText(`${NEW}The loss is almost 0 after one epoch`, 'x').evaluationRun).toBeUndefined();
    expect(parseErrorText(`${NEW}I fine-tuned it on my data and the accuracy is almost 0`, 'x').evaluationRun).toBeUndefined();
  });
});
