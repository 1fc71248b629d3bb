import { describe, expect, it } from 'vitest';
import { errorHints, outputLayers } from '../../src/analysis/error-hints.js';
import { rowsWithoutBias } from '../../src/analysis/rows-without-bias.js';
import { parseErrorText } from '../../src/formats/error-text.js';
import { runCli } from '../cli/capture-main.js';

// MinfengZhu/DM-GAN#19, as posted (0.4-era wording): the RNN text encoder's nn.Embedding, a dictionary built from other captions
const DM_GAN = '`RuntimeError: Error(s) in loading state_dict for RNN_ENCODER:\n        size mismatch for encoder.weight: copying a param of torch.Size([26835, 300]) from checkpoint, where the shape is torch.Size([27297, 300]) in current model.`';
// songyouwei/ABSA-PyTorch#96: the word table of a tokenizer built from the inference data
const ABSA = 'RuntimeError: Error(s) in loading state_dict for ATAE_LSTM:\n\tsize mismatch for embed.weight: copying a param with shape torch.Size([2882, 300]) from checkpoint, the shape in current model is torch.Size([3787, 300]).\n"""';
// DinoMan/speech-driven-animation#70: a ConvTranspose2d (weight [in, out, kh, kw], no bias) of another input width, and an auxiliary branch the weights lack
const SDA = `RuntimeError: Error(s) in loading state_dict for Generator:
        Missing key(s) in state_dict: "aux_dcl.0.weight", "aux_dcl.1.weight", "aux_dcl.1.bias", "aux_dcl.1.running_mean", "aux_dcl.1.running_var".
        size mismatch for dcl.0.0.weight: copying a param with shape torch.Size([394, 1024, 4, 3]) from checkpoint, the shape in current model is torch.Size([384, 1024, 4, 3]).`;
// FactoDeepLearning/DAN#7: an output layer over a charset, its bias listed beside it (a head: stays one)
const DAN = `Error(s) in loading state_dict for GlobalHTADecoder:
        size mismatch for end_conv.weight: copying a param with shape torch.Size([89, 256, 1]) from checkpoint, the shape in current model is torch.Size([100, 256, 1]).
        size mismatch for end_conv.bias: copying a param with shape torch.Size([89]) from checkpoint, the shape in current model is torch.Size([100]).`;
// ajbrock/BigGAN-PyTorch#32: a class-conditional GAN's class table, ImageNet's 1000 rows: a head of classes, dropped to fine-tune
const BIGGAN = 'RuntimeError: Error(s) in loading state_dict for Generator:\nsize mismatch for shared.weight: copying a param with shape torch.Size([1000, 128]) from checkpoint, the shape in current model is torch.Size([2, 128]).';

// ruotianluo/ImageCaptioning.pytorch#74, as posted: a captioner's word table and output layer, both 9488 → 1557 words
const CAPTIONING = `\`RuntimeError: Error(s) in loading state_dict for Att2in2Model:
        size mismatch for embed.0.weight: copying a param of torch.Size([1557, 512]) from checkpoint, , where the shape is torch.Size([9488, 512]) in current model.
        size mismatch for logit.bias: copying a param of torch.Size([1557]) from checkpoint, where the shape is torch.Size([9488]) in current model.
        size mismatch for logit.weight: copying a param of torch.Size([1557, 512]) from checkpoint, where the shape is torch.Size([9488, 512]) in current model.
Terminating BlobFetcher\``;

const explainJson = async (text: string) => JSON.parse((await runCli(['explain', '-', '--json'], { stdin: text })).stdout) as { fixable: boolean; plan: { ops: { op: string }[] } };

describe('a weight whose rows alone differ, without a bias (rows-without-bias.ts)', () => {
  it('is no output layer: an embedding table or transposed convolution is a setting, never a head to drop', () => {
    for (const text of [DM_GAN, ABSA, SDA]) {
      const r = parseErrorText(text, 'e.txt');
      expect(outputLayers(r.sizeMismatch).size).toBe(0);
      const h = errorHints(r);
      expect(h.drops).toEqual([]);
      expect(h.blockers.map((b) => b.code)).toEqual(['layer_setting']);
    }
  });

  it('explain calls them unfixable and pairs nothing (no rename of the layer onto a missing branch)', async () => {
    for (const text of [DM_GAN, ABSA, SDA]) {
      const j = await explainJson(text);
      expect(j.fixable).toBe(false);
      expect(j.plan.ops).toEqual([]);
    }
    const text = (await runCli(['explain', '-'], { stdin: SDA })).stdout;
    expect(text).toContain('transposed convolution');
    expect(text).not.toMatch(/strict\s*=\s*False/);
  });

  it('while an output layer whose bias is listed, and a class table, stay heads', async () => {
    expect(errorHints(parseErrorText(ABSA, 'e.txt')).blockers.map((b) => b.code)).toEqual(['layer_setting']);
    expect(rowsWithoutBias(parseErrorText(DAN, 'e.txt'), () => false)).toEqual([]);
    expect(outputLayers(parseErrorText(DAN, 'e.txt').sizeMismatch).size).toBe(2);
    for (const text of [DAN, BIGGAN]) {
      const j = await explainJson(text);
      expect(j.fixable).toBe(true);
      expect(j.plan.ops.map((o) => o.op)).toEqual(['drop']);
    }
  });

  it('not on a cut text, or a library loader\'s report', () => {
    expect(rowsWithoutBias(parseErrorText(SDA, 'e.txt'), () => false)).toHaveLength(1);
    const cut = SDA.replace('[384, 1024, 4, 3]).', '[384, 10');
    expect(rowsWithoutBias(parseErrorText(cut, 'e.txt'), () => false)).toEqual([]);
    const lenient = 'Some weights of BertModel were not initialized from the model checkpoint at x and are newly initialized because the shapes did not match:\n- embed.weight: found shape torch.Size([2882, 300]) in the checkpoint and torch.Size([3787, 300]) in the model instantiated\nYou should probably TRAIN this model on a down-stream task to be able to use it for predictions and inference.';
    expect(parseErrorText(lenient, 'e.txt').sizeMismatch).toHaveLength(1);
    expect(rowsWithoutBias(parseErrorText(lenient, 'e.txt'), () => false)).toEqual([]);
  });

  it('a bias-free table whose rows change as a dropped head\'s is that head\'s word set on the input side: dropped with it', async () => {
    const h = errorHints(parseErrorText(CAPTIONING, 'e.txt'));
    expect(h.blockers).toEqual([]);
    expect(h.drops.map((d) => d.key).sort()).toEqual(['embed.0.weight', 'logit.bias', 'logit.weight']);
    const j = await explainJson(CAPTIONING);
    expect(j.fixable).toBe(true);
  });
});
