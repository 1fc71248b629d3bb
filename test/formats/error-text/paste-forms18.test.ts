import { describe, expect, it } from 'vitest';
import { parseErrorText } from '../../../src/formats/error-text.js';

/**
 * Paste forms paste-variants.ts broke on real tuning texts (s18-diag): a structured log record holding a
 * one-line message with no escape in it, a line glued to the one above by the wrap-undoing squash (a shell
 * command before a printed key list), a page's or notebook's fold in the middle of a list (`Show more`, VS
 * Code's `Output is truncated`), and the same paste twice in a row.
 */

// open-mmlab/mmpose#2363 (tuning3): MMEngine's unexpected list, unquoted, one line
const MMPOSE = '[Bug] unexpected key in source state_dict: data_preprocessor.mean, data_preprocessor.std';
// ymzis69/HybridSORT#4 (tuning): fvcore's size line, one line, no escape
const HYBRIDSORT =
  "Skip loading parameter 'heads.weight' to the model due to incompatible shapes: (12353, 2048) in the checkpoint but (0, 2048) in the model! You might want to double check if this is expected.";
// wl-zhao/VPD#15 (tuning12): the lists load_state_dict(strict=False) returned, printed by the script, then torch's error
const VPD =
  "Unexpected Keys: ['model_ema.decay', 'model_ema.num_updates']\nTraceback (most recent call last):\n  File \"test.py\", line 173, in <module>\n    main()\n  File \"test.py\", line 47, in main\n    model.load_state_dict(model_weight, strict=False)\n  File \"/home/jslee/anaconda3/envs/ldm/lib/python3.8/site-packages/torch/nn/modules/module.py\", line 1604, in load_state_dict\n    raise RuntimeError('Error(s) in loading state_dict for {}:\\n\\t{}'.format(\nRuntimeError: Error(s) in loading state_dict for VPDDepth:\n\tsize mismatch for decoder.deconv_layers.3.weight: copying a param with shape torch.Size([32, 32, 2, 2]) from checkpoint, the shape in current model is torch.Size([32, 32, 3, 3]).\n\tsize mismatch for decoder.deconv_layers.6.weight: copying a param with shape torch.Size([32, 32, 2, 2]) from checkpoint, the shape in current model is torch.Size([32, 32, 4, 4]).\n\nwhat's my problem? Why are the pretrained weights different from the NYU input images?";
// cheerss/CrossFormer#9 (tuning10): `print('unexpected keys:', unexpected_keys)`, cut by the poster
const CROSSFORMER =
  "unexpected keys: ['norm.weight', 'norm.bias', 'head.weight', 'head.bias', 'layers.0.blocks.0.attn.biases', 'layers.0.blocks.0.attn.relative_position_index', 'layers.0.blocks.1.attn.biases', .....";
// camlaedtke/segmentation_pytorch#3 (tuning9): MMEngine's missing list, whole
const SEGFORMER =
  'missing keys in source state_dict: linear_c4.proj.weight, linear_c4.proj.bias, linear_c3.proj.weight, linear_c3.proj.bias, linear_c2.proj.weight, linear_c2.proj.bias, linear_c1.proj.weight, linear_c1.proj.bias, linear_fuse.weight, linear_fuse.bias, linear_pred.weight, linear_pred.bias';
// zengqunzhao/EfficientFace#2 (tuning3), its start and end: the excerpt starts and ends inside a key
const EFFICIENTFACE =
  'eight", "modulator.spatial_att.gate_s.gate_s_conv_final.weight", "modulator.spatial_att.gate_s.gate_s_conv_final.bias", "conv5.0.weight", "conv5.1.wei\nght", "conv5.1.bias", "conv5.1.running_mean", "conv5.1.running_var", "fc.weight", "fc.bias". \n\tUnexpected key(s) in state_dict: "module.conv1.0.weight", "module.conv1.1.weight", "module.conv1.1.bias", "module.conv1.1.running_mean", "module.conv1.1.running_var", "module.conv1.1.num_batches_tracked", "module.stage2.0.';

const read = (t: string) => {
  const r = parseErrorText(t, 't');
  return { missing: r.missing, unexpected: r.unexpected, sizes: r.sizeMismatch, truncated: r.truncated };
};

describe('a structured log record holding a message with no escape in it', () => {
  it('is read as its message (the record\'s quotes and brace are the log\'s)', () => {
    const record = (t: string) => `{"time": "2024-01-01T12:00:00Z", "level": "ERROR", "logger": "train", "message": ${JSON.stringify(t)}}`;
    expect(read(record(MMPOSE))).toEqual(read(MMPOSE));
    expect(read(record(MMPOSE)).unexpected).toEqual(['data_preprocessor.mean', 'data_preprocessor.std']);
    expect(read(record(HYBRIDSORT))).toEqual(read(HYBRIDSORT));
    expect(read(record(HYBRIDSORT)).truncated).toBe(false);
  });

  it('a line of JSON that holds no message, or is no object, is left as it is', () => {
    const text = `{"epoch": 3, "lr": 0.001}\n${SEGFORMER}`;
    expect(read(text)).toEqual(read(SEGFORMER));
  });
});

describe('a printed key list right under a line of other words', () => {
  it('is read though the squashed text glues the two lines (`…model.yamlUnexpected Keys: [`)', () => {
    const command = 'python run.py --config configs/model.yaml';
    expect(read(`${command}\n${VPD}`).unexpected).toEqual(['model_ema.decay', 'model_ema.num_updates']);
    expect(read(`${command}\n${VPD}`)).toEqual(read(VPD));
    expect(read(`${command}\n${CROSSFORMER}`)).toEqual(read(CROSSFORMER));
  });

  it('a name glued inside a word on one line is still no list heading', () => {
    expect(() => parseErrorText("the loader printed somemissing_keys=['a.weight'] here", 't')).toThrow();
  });
});

describe("a page's or a notebook's fold where lines were hidden", () => {
  const at = SEGFORMER.indexOf(' linear_c1.proj.weight');
  it('`Show more` in the middle of a list: the text is cut', () => {
    expect(read(SEGFORMER).truncated).toBe(false);
    expect(read(`${SEGFORMER.slice(0, at)}\nShow more\n${SEGFORMER.slice(SEGFORMER.indexOf('linear_fuse.weight'))}`).truncated).toBe(true);
  });

  it("VS Code's `Output is truncated` after the list: the text is cut", () => {
    const cut = `${SEGFORMER.slice(0, at - 1)}\nOutput is truncated. View as a scrollable element or open in a text editor. Adjust cell output settings...`;
    expect(read(cut).truncated).toBe(true);
    expect(read(`${SEGFORMER}\n[output truncated]`).truncated).toBe(true);
  });

  it('the same words as prose above the message cut nothing', () => {
    expect(read(`Show more\n${SEGFORMER}`).truncated).toBe(false);
  });
});

describe('the same paste twice in a row', () => {
  it('is read once: a copy that ends cut keeps its cut, and its end is not glued to the next copy', () => {
    expect(read(`${EFFICIENTFACE}\n${EFFICIENTFACE}`)).toEqual(read(EFFICIENTFACE));
    expect(read(`${CROSSFORMER}\n\n${CROSSFORMER}`)).toEqual(read(CROSSFORMER));
    expect(read(`${VPD}\n${VPD}`)).toEqual(read(VPD));
  });
});
