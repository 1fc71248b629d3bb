import { describe, expect, it } from 'vitest';
import { parseErrorText } from '../../../src/formats/error-text.js';

/**
 * Paste forms paste-variants.ts broke on real tuning texts (s18-diag): a structured log record holding a
 * one-line message with no escape in it, a line glued to the one above by the wrap-undoing squash (a shell
 * command before a printed key list), a page's or notebook's fold in the middle of a list (`Show more`, VS
 * Code's `Output is truncated`), the same paste twice in a row, and a cut text followed by the poster's words.
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

// czczup/ViT-Adapter#51 (tuning2): mmcv's missing list, cut by the excerpt inside a key
const VIT_CUT =
  'load checkpoint from local path: released/mask2former_beit_adapter_large_512_40k_cocostuff10k.pth.tar\nThe model and loaded state dict do not match exactly\n\nmissing keys in source state_dict: backbone.blocks.0.attn.relative_position_index, backbone.blocks.1.attn.relative_position_index, backbone.blocks.2.attn.relati';

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

  it("a log viewer's `... 120 lines omitted` under a list is no part of its last key", () => {
    for (const fold of ['... 120 lines omitted', '[... 120 lines omitted ...]', '... (120 more)']) {
      expect(read(`${SEGFORMER}\n${fold}`).truncated).toBe(true);
      expect(read(`${SEGFORMER}\n${fold}`).missing).toEqual(read(SEGFORMER).missing);
    }
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

// DLR-RM/stable-baselines3#1438 (tuning): torch's missing list (its middle left out here), then the unexpected
// heading, where the excerpt stops
const SB3 =
  'RuntimeError: Error(s) in loading state_dict for SACPolicy:\n        Missing key(s) in state_dict: "actor.latent_pi.0.weight", "actor.latent_pi.0.bias", "actor.latent_pi.2.weight", "actor.latent_pi.2.bias", "actor.mu.weight", "actor.mu.bias", "actor.log_std.weight", "actor.log_std.bias", "critic_target.qf1.2.weight", "critic_target.qf1.2.bias", "critic_target.qf1.4.weight", "critic_target.qf1.4.bias". \n        Unexpected key(s) in state_dict';
// facebookresearch/unbiased-teacher#29 (tuning): fvcore's groups, the last one cut inside its name
const TEACHER =
  'roi_heads.box_predictor.bbox_pred.{bias, weight}\nroi_heads.box_predictor.cls_score.{bias, weight}\nThe checkpoint state_dict contains keys that are not used by the model:\n  modelTeacher.backbone.fpn_lateral2.{bias, weight}\n  modelTeacher.backbone.fpn_output2.{bias, weight}\n  modelTeacher.backbone.fpn_late';
const WORDS = '\n\nAny idea what is wrong here? Thanks.';

describe("a text cut short, then the poster's words after a blank line", () => {
  it('is still cut: the block above the blank line ended there, however it ended', () => {
    expect(read(`${VIT_CUT}${WORDS}`)).toEqual(read(VIT_CUT));
    expect(read(`${VIT_CUT}${WORDS}`).truncated).toBe(true);
    expect(read(`${SB3}${WORDS}`)).toEqual(read(SB3));
    expect(read(`${TEACHER}${WORDS}`)).toEqual(read(TEACHER));
    expect(read(`${TEACHER}${WORDS}`).unexpected).not.toContain('modelTeacher.backbone.fpn_late');
  });

  it('a whole list before the words stays whole, and a message heading after a blank line is no sentence', () => {
    expect(read(`${SEGFORMER}${WORDS}`)).toEqual(read(SEGFORMER));
    expect(read(`${SEGFORMER}${WORDS}`).truncated).toBe(false);
    const two = `${MMPOSE.replace('[Bug] ', '')}\n\n${SEGFORMER}`;
    expect(read(two).unexpected).toEqual(['data_preprocessor.mean', 'data_preprocessor.std']);
    expect(read(two).truncated).toBe(false);
  });
});

// awsm-research/LineVul#11 (tuning5): torch's message under its traceback
const LINEVUL =
  'Traceback (most recent call last):\n  File "linevul_main.py", line 1253, in <module>\n    main()\n  File "linevul_main.py", line 1246, in main\n    model.load_state_dict(torch.load(output_dir, map_location=args.device))\n  File "/home/xxx/.local/lib/python3.8/site-packages/torch/nn/modules/module.py", line 2041, in load_state_dict\n    raise RuntimeError(\'Error(s) in loading state_dict for {}:\\n\\t{}\'.format(\nRuntimeError: Error(s) in loading state_dict for Model:\n        Unexpected key(s) in state_dict: "roberta.embeddings.position_ids", "encoder.roberta.embeddings.position_ids".';

describe('every line break lost (a single-line field, a page without <pre>)', () => {
  it("torch's source line and the raised message on one line: the message after the source is read", () => {
    const flat = LINEVUL.split('\n').map((l) => l.trim()).join(' ');
    expect(read(flat)).toEqual(read(LINEVUL));
    expect(read(flat).unexpected).toEqual(['roberta.embeddings.position_ids', 'encoder.roberta.embeddings.position_ids']);
  });

  it('the message pasted above its traceback, all on one line with the source at its end: the message is read', () => {
    // dingsheng-ong/ipr-gan#3 (tuning14): the error first, then the traceback ending at torch's source line
    const IPR_GAN =
      'When run"attack_dcgan"\nRuntimeError: Error(s) in loading state_dict for Generator:\n\tMissing key(s) in state_dict: "network.1.bitmask", "network.4.bitmask", "network.7.bitmask".\nTraceback (most recent call last):\n  File "C:/Users/DELL/Downloads/ipr-gan-master/ipr-gan-master/attack_dcgan.py", line 230, in <module>\n    main()\n  File "C:/Users/DELL/Downloads/ipr-gan-master/ipr-gan-master/attack_dcgan.py", line 147, in main\n    generator_bef.load_state_dict(torch.load(os.path.join(args.path, \'checkpoint/generator.pt\')))\n  File "D:\\anaconda3\\lib\\site-packages\\torch\\nn\\modules\\module.py", line 1051, in load_state_dict\n    raise RuntimeError(\'Error(s) in loading state_dict for {}:\\n\\t{}\'.format(';
    const flat = IPR_GAN.split('\n').map((l) => l.trim()).join(' ');
    expect(read(IPR_GAN).missing).toEqual(['network.1.bitmask', 'network.4.bitmask', 'network.7.bitmask']);
    expect(read(flat)).toEqual(read(IPR_GAN));
  });

  it('the source line alone is still code, not a message', () => {
    const source = "    raise RuntimeError('Error(s) in loading state_dict for {}:\\n\\t{}'.format(";
    expect(read(`${source}\n${SEGFORMER}`)).toEqual(read(SEGFORMER));
  });
});
