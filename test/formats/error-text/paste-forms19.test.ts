import { describe, expect, it } from 'vitest';
import { parseErrorText } from '../../../src/formats/error-text.js';

/**
 * A paste that lost every line break (an issue title, a one-line form field, a page without <pre>: the lines
 * joined by one space, paste-variants.ts `flattened`), on real tuning texts (s19-diag). The breaks carried
 * structure the clean reading uses: a terminal's wrap inside a key (now a space inside it), an elision on its
 * own line (now after the size line's full stop), a line-based list's last key cut at the text's end.
 */

const flatten = (t: string): string => t.split(/\r?\n/).map((l) => l.trim()).filter((l) => l).join(' ');
const read = (t: string) => {
  const r = parseErrorText(t, 't');
  return { missing: r.missing, unexpected: r.unexpected, sizes: r.sizeMismatch, unsided: r.unsided ?? [], truncated: r.truncated };
};

// s6juncheng/BERTMHC#2 (tuning): the excerpt starts inside the missing list (its heading cut); a wrap splits `classi` / `fy.classify…`
const BERTMHC =
  "```\nght\", \"bert.encoder.layer.10.output.LayerNorm.bias\", \"bert.encoder.layer.11.attention.self.query.weight\", \"bert.encoder.layer.11.attention.self.query.bias\", \"bert.encoder.layer.11.attention.self.key.weight\", \"bert.encoder.layer.11.attention.self.key.bias\", \"bert.encoder.layer.11.attention.self.value.weight\", \"bert.encoder.layer.11.attention.self.value.bias\", \"bert.encoder.layer.11.attention.output.dense.weight\", \"bert.encoder.layer.11.attention.output.dense.bias\", \"bert.encoder.layer.11.attention.output.LayerNorm.weight\", \"bert.encoder.layer.11.attention.output.LayerNorm.bias\", \"bert.encoder.layer.11.intermediate.dense.weight\", \"bert.encoder.layer.11.intermediate.dense.bias\", \"bert.encoder.layer.11.output.dense.weight\", \"bert.encoder.layer.11.output.dense.bias\", \"bert.encoder.layer.11.output.LayerNorm.weight\", \"bert.encoder.layer.11.output.LayerNorm.bias\", \"bert.pooler.dense.weight\", \"bert.pooler.dense.bias\", \"classify.classify.main.0.bias\", \"classify.classify.main.0.weight_g\", \"classi\nfy.classify.main.0.weight_v\", \"classify.classify.main.3.bias\", \"classify.classify.main.3.weight_g\", \"classify.classify.main.3.weight_v\".\n\tUnexpected key(s) in state_dict: \"state\", \"param_groups\".\n```";
// MotrixLab/FineMoGen#3 (tuning14): MMEngine's missing list, a wrap inside `resblo` / `cks.0.ln_2.bias`, cut at the end (`mod`)
const FINEMOGEN =
  "missing keys in source state_dict: model.clip.positional_embedding, model.clip.text_projection, model.clip.logit_scale, model.clip.visual.class_embedding, model.clip.visual.positional_embedding, model.clip.visual.proj, model.clip.visual.conv1.weight, model.clip.visual.ln_pre.weight, model.clip.visual.ln_pre.bias, model.clip.visual.transformer.resblocks.0.attn.in_proj_weight, model.clip.visual.transformer.resblocks.0.attn.in_proj_bias, model.clip.visual.transformer.resblocks.0.attn.out_proj.weight, model.clip.visual.transformer.resblocks.0.attn.out_proj.bias, model.clip.visual.transformer.resblocks.0.ln_1.weight, model.clip.visual.transformer.resblocks.0.ln_1.bias, model.clip.visual.transformer.resblocks.0.mlp.c_fc.weight, model.clip.visual.transformer.resblocks.0.mlp.c_fc.bias, model.clip.visual.transformer.resblocks.0.mlp.c_proj.weight, model.clip.visual.transformer.resblocks.0.mlp.c_proj.bias, model.clip.visual.transformer.resblocks.0.ln_2.weight, model.clip.visual.transformer.resblo\ncks.0.ln_2.bias, model.clip.visual.transformer.resblocks.1.attn.in_proj_weight, model.clip.visual.transformer.resblocks.1.attn.in_proj_bias, model.clip.visual.transformer.resblocks.1.attn.out_proj.weight, model.clip.visual.transformer.resblocks.1.attn.out_proj.bias, model.clip.visual.transformer.resblocks.1.ln_1.weight, model.clip.visual.transformer.resblocks.1.ln_1.bias, mod";
// facebookresearch/sam-3d-body#114 (tuning11): MMEngine's list ends in an elision, then the poster's words
const SAM3D =
  "The model and loaded state dict do not match exactly\n\nmissing keys in source state_dict: backbone.encoder.mask_token, head_pose.hand_pose_comps_ori, .... \nwith the list including (I think) all the keys.";
// open-mmlab/mmdetection#4627 (tuning): one size line, then an elision line and the closing fence
const VFNET =
  "```\nimport torch, torchvision\nimport mmdet\n\nfrom mmdet.apis import inference_detector, init_detector, show_result_pyplot\n\nconfig = 'configs/vfnet/vfnet_x101_32x4d_fpn_mdconv_c3-c5_mstrain_2x_coco.py'\ncheckpoint = 'weights//vfnet_x101_64x4d_fpn_mdconv_c3-c5_mstrain_2x_coco_20201027pth-b5f6da5e.pth'\n\nmodel = init_detector(config, checkpoint, device='cuda:1')\n```\n\n```\nError: The model and loaded state dict do not match exactly\n\nsize mismatch for backbone.layer1.0.conv1.weight: copying a param with shape torch.Size([256, 64, 1, 1]) from checkpoint, the shape in current model is torch.Size([128, 64, 1, 1]).\n...\n```";
// junyanz/BicycleGAN#27 (tuning11): torch 0.3's "While copying the parameter named" lines, then an elision line
const BICYCLEGAN =
  "RuntimeError: Error(s) in loading state_dict for G_Unet_add_all:\n\tWhile copying the parameter named \"model.down.0.weight\", whose dimensions in the model are torch.Size([64, 9, 4, 4]) and whose dimensions in the checkpoint are torch.Size([64, 49, 4, 4]).\n\tWhile copying the parameter named \"model.submodule.down.1.weight\", whose dimensions in the model are torch.Size([128, 72, 4, 4]) and whose dimensions in the checkpoint are torch.Size([128, 112, 4, 4]).\n...";
// facebookresearch/unbiased-teacher#29 (tuning): fvcore's groups, one a line, cut at the end inside `modelTeacher.backbone.fpn_late`
const UNBIASED =
  "```\nbackbone.bottom_up.res5.1.conv2.norm.{bias, weight}\nbackbone.bottom_up.res5.1.conv2.weight\nbackbone.bottom_up.res5.1.conv3.norm.{bias, weight}\nbackbone.bottom_up.res5.1.conv3.weight\nbackbone.bottom_up.res5.2.conv1.norm.{bias, weight}\nbackbone.bottom_up.res5.2.conv1.weight\nbackbone.bottom_up.res5.2.conv2.norm.{bias, weight}\nbackbone.bottom_up.res5.2.conv2.weight\nbackbone.bottom_up.res5.2.conv3.norm.{bias, weight}\nbackbone.bottom_up.res5.2.conv3.weight\nbackbone.bottom_up.stem.conv1.norm.{bias, weight}\nbackbone.bottom_up.stem.conv1.weight\nbackbone.fpn_lateral2.{bias, weight}\nbackbone.fpn_lateral3.{bias, weight}\nbackbone.fpn_lateral4.{bias, weight}\nbackbone.fpn_lateral5.{bias, weight}\nbackbone.fpn_output2.{bias, weight}\nbackbone.fpn_output3.{bias, weight}\nbackbone.fpn_output4.{bias, weight}\nbackbone.fpn_output5.{bias, weight}\nproposal_generator.rpn_head.anchor_deltas.{bias, weight}\nproposal_generator.rpn_head.conv.{bias, weight}\nproposal_generator.rpn_head.objectness_logits.{bias, weight}\nroi_heads.box_head.fc1.{bias, weight}\nroi_heads.box_head.fc2.{bias, weight}\nroi_heads.box_predictor.bbox_pred.{bias, weight}\nroi_heads.box_predictor.cls_score.{bias, weight}\nThe checkpoint state_dict contains keys that are not used by the model:\n  modelTeacher.backbone.fpn_lateral2.{bias, weight}\n  modelTeacher.backbone.fpn_output2.{bias, weight}\n  modelTeacher.backbone.fpn_late";
// stochasticai/xTuring#179 (tuning): torch's missing list with two 17-dot elision lines in the middle
const XTURING =
  "RuntimeError: Error(s) in loading state_dict for LoraModel:\nMissing key(s) in state_dict: \"model.model.embed_tokens.weight\"\n.................\n.................\n\"model.model.layers.31.self_attn.v_proj.weight\", \"model.model.layers.31.self_attn.v_proj.lora_A.weight\", \n\"model.model.layers.31.self_attn.v_proj.lora_B.weight\", \"model.model.layers.31.self_attn.o_proj.weight\", \n\"model.model.layers.31.self_attn.rotary_emb.inv_freq\", \"model.model.layers.31.mlp.gate_proj.weight\", \n\"model.model.layers.31.mlp.down_proj.weight\", \"model.model.layers.31.mlp.up_proj.weight\", \n\"model.model.layers.31.input_layernorm.weight\", \"model.model.layers.31.post_attention_layernorm.weight\", \n\"model.model.norm.weight\", \"model.lm_head.weight\". \n        Unexpected key(s) in state_dict: \"base_model.model.model.embed_tokens.weight\", \n..................\n..................";
// open-mmlab/mmdetection#1837 (tuning): mmcv's mismatched-shape table, cut inside its last row
const MMCV_TABLE =
  "I get mismatch error warning obviously because of the coco trained model:\nthese keys have mismatched shape:\n+--------------------------------+----------------------------+-----------------------------+\n| key                            | expected shape             | loaded shape                |\n+--------------------------------+----------------------------+-----------------------------+\n| bbox_head.0.fc_cls.weight      | torch.Size([9, 1024])      | torch.Size([81, 1024])      |\n| bbox_head.0.fc_cls.bias        | torch.Size([9])            | torch.Size([81])            |\n| bbox_head.1.fc_cls.weight      | torch.Size([9, 1024])      | torch.Size([81, 1024])      |\n| bbox_head.1.fc_cls.bias        | torch.Size([9])            | torch.Size([81])            |\n| bbox_head.2.fc_cls.weight      | torch.Size([9, 1024])      | torch.Size([81, 1024])      |\n| bbox_head.2.fc_cls.bias        | torch.Size([9])            | torch.Size([81])            |\n| mask_head.0.conv_logits.weight | torch.Size([9, 256, 1, 1]) | torch.Size([81, 256,";

describe('a key a lost line break split with a space', () => {
  it('inside quotes, in a list whose heading the paste cut, is one key (read backwards from the next heading)', () => {
    const flat = read(flatten(BERTMHC));
    expect(flat).toEqual(read(BERTMHC));
    expect(flat.missing).toContain('classify.classify.main.0.weight_v');
    expect(flat.missing).toHaveLength(25);
    expect(flat.unsided).toEqual([]);
  });

  it('in an unquoted MMEngine list going on with keys, is one key', () => {
    const flat = read(flatten(FINEMOGEN));
    expect(flat).toEqual(read(FINEMOGEN));
    expect(flat.missing).toContain('model.clip.visual.transformer.resblocks.0.ln_2.bias');
    expect(flat.missing).not.toContain('model.clip.visual.transformer.resblo');
    expect(flat.truncated).toBe(true);
  });

  it('is not joined where the list does not go on with a dotted key (the poster\'s words after the last key)', () => {
    // the last key, then words: the list ends with that key (never `backbone.bn1.weightand`)
    const r = read('missing keys in source state_dict: backbone.conv1.weight, backbone.bn1.weight and more, see below');
    expect(r.missing).toEqual(['backbone.conv1.weight', 'backbone.bn1.weight']);
  });
});

describe('an elision the flattening put on the line before it', () => {
  it('after an unquoted list item, then the poster\'s words: the list was cut, the elision is no key', () => {
    const flat = read(flatten(SAM3D));
    expect(flat).toEqual(read(SAM3D));
    expect(flat.missing).toEqual(['backbone.encoder.mask_token', 'head_pose.hand_pose_comps_ori']);
    expect(flat.truncated).toBe(true);
  });

  it('after a size line\'s full stop (`…]). ...`): lines were left out', () => {
    expect(read(flatten(VFNET))).toEqual(read(VFNET));
    expect(read(flatten(VFNET)).truncated).toBe(true);
    expect(read(flatten(BICYCLEGAN))).toEqual(read(BICYCLEGAN));
    expect(read(flatten(BICYCLEGAN)).truncated).toBe(true);
  });

  it('a sentence ending in an elision after a whole size line is no cut list', () => {
    const whole = 'size mismatch for fc.weight: copying a param with shape torch.Size([10, 512]) from checkpoint, the shape in current model is torch.Size([2, 512]).';
    expect(read(`${whole} I changed the class count to 2 and ...`).truncated).toBe(false);
  });
});

describe('an fvcore list on the heading\'s line, cut at the text\'s end', () => {
  it('drops the cut last key, as the group-a-line reading does', () => {
    const flat = read(flatten(UNBIASED));
    expect(flat).toEqual(read(UNBIASED));
    expect(flat.unexpected).not.toContain('modelTeacher.backbone.fpn_late');
    expect(flat.truncated).toBe(true);
  });

  it('keeps a whole last key', () => {
    const text = 'The checkpoint state_dict contains keys that are not used by the model: modelTeacher.backbone.fpn_lateral2.{bias, weight} modelTeacher.backbone.fpn_output2.{bias, weight} modelTeacher.backbone.fpn_lateral3.weight';
    expect(read(text).unexpected).toContain('modelTeacher.backbone.fpn_lateral3.weight');
    expect(read(text).truncated).toBe(false);
  });
});

describe('an elision longer than eight dots inside a quoted list', () => {
  it('is passed over whole (a 17-dot run left one `.` that ended the list), flattened or not', () => {
    const flat = read(flatten(XTURING));
    expect(flat).toEqual(read(XTURING));
    expect(flat.missing).toHaveLength(13);
    expect(flat.missing).toContain('model.lm_head.weight');
    expect(read('Missing key(s) in state_dict: "a.weight", ................. "b.weight", "c.weight". ').missing).toEqual(['a.weight', 'b.weight', 'c.weight']);
  });
});

describe("mmcv's mismatched-shape table on its heading's line", () => {
  it('is read row by row, as on its own lines (it was no error text at all)', () => {
    const flat = read(flatten(MMCV_TABLE));
    expect(flat).toEqual(read(MMCV_TABLE));
    expect(flat.sizes).toHaveLength(6);
    expect(flat.sizes[0]).toEqual({ key: 'bbox_head.0.fc_cls.weight', source: [81, 1024], expected: [9, 1024] });
    expect(flat.truncated).toBe(true);
  });
});
