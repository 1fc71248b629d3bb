import { describe, expect, it } from 'vitest';
import { parseErrorText } from '../../../src/formats/error-text.js';
import { pasted, readPaste } from '../../helpers/pasted-form.js';

/**
 * Real tuning texts pasted as users paste them (bench/diagnosis/paste-variants.ts), session 20 (s20-paste): each
 * pasted form must read as the clean text does. What broke: a terminal's wrap inside a bracketed list (or inside a
 * quoted key) taken for a paste that starts inside a list; a wrap at the same place of a key twice; an issue title
 * and a headless list on one line; a YAML scalar's escaped line breaks.
 */

const read = readPaste;

// RLinf/RLinf#119 (tuning15)
const RLINF =
  "AssertionError: FSDP assumes _fsdp_wrapped_module.base_model.model.vision_backbone.featurizer._fsdp_wrapped_module.blocks.23.mlp.fc2.lora_B.default.weight is in the state_dict but the state_dict only has odict_keys(['_fsdp_wrapped_module.base_model.model.vision_backbone.featurizer._fsdp_wrapped_module.patch_embed.proj.lora_A.default.weight', '_fsdp_wrapped_module.base_model.model.vision_backbone.featurizer._fsdp_wrapped_module.patch_embed.proj.lora_B.default.weight', '_fsdp_wrapped_module.base_model.model.vision_backbone.featurizer._fsdp_wrapped_module.blocks.0.attn.qkv.lora_A.default.weight', '_fsdp_wrapped_module.base_model.model.vision_backbone.featurizer._fsdp_wrapped_module.blocks.0.attn.qkv.lora_B.default.weight', '_fsdp_wrapped_module.base_model.model.vision_backbone.featurizer._fsdp_wrapped_module.blocks.0.attn.proj.lora_A.default.weight', '_fsdp_wrapped_module.base_model.model.vision_backbone.featurizer._fsdp_wrapped_module.blocks.0.attn.proj.lora_B.default.weight', '_fsdp_wra\npped_module.base_model.model.vision_backbone.featurizer._fsdp_wrapped_module.blocks.0.mlp.fc1.lora_A.default.weight', '_fsdp_wrapped_module.base_model.model.vision_backbone.featurizer._fsdp_wrapped_module.blocks.0.mlp.fc1.lora_B.default.weight', '_fsdp_wrapped_module.base_mode";
// OpenGVLab/HumanBench#12 (tuning15)
const HUMANBENCH =
  "The keys names can not adapt to the model state dict keys in PATH\n\nBut the keys for the model in PATH are as follows:\n```\nodict_keys(['module.backbone_module.pos_embed', 'module.backbone_module.patch_embed.proj.weight', 'module.backbone_module.patch_embed.proj.bias', 'module.backbone_module.blocks.0.norm1.weight', 'module.backbone_module.blocks.0.norm1.bias', 'module.backbone_module.blocks.0.attn.qkv.weight', 'module.backbone_module.blocks.0.attn.qkv.bias', 'module.backbone_module.blocks.0.attn.proj.weight', 'module.backbone_module.blocks.0.attn.proj.bias', 'module.backbone_module.blocks.0.norm2.weight', 'module.backbone_module.blocks.0.norm2.bias', 'module.backbone_module.blocks.0.mlp.fc1.weight', 'module.backbone_module.blocks.0.mlp.fc1.bias', 'module.backbone_module.blocks.0.mlp.fc2.weight', 'module.backbone_module.blocks.0.mlp.fc2.bias', 'module.backbone_module.blocks.1.norm1.weight', 'module.backbone_module.blocks.1.norm1.bias', 'module.backbone_module.blocks.1.attn.qkv.weight', 'module.backbone_module.blocks.1.attn.proj.bias', 'module.backbone_module.blocks.1.norm2.weight', 'module.backbone_module.blocks.1.norm2.bias', 'module.backbone_module.blocks.1.mlp.fc1.weight', 'module.backbone_module.blocks.1.mlp.fc1.bias', 'module.backbone_module.blocks.1.mlp.fc2.weight', 'module.backbone_mo";
// Horizon2333/imagenet-autoencoder#4 (tuning13)
const HORIZON =
  "```sh\natches_tracked\", \"module.decoder.conv4.01 EncoderLayer.weight_layer3.2.weight\", \"module.decoder.conv4.02 EncoderLayer.weight_layer1.0.weight\", \"module.decoder.conv4.02 EncoderLayer.weight_layer1.0.bias\", \"module.decoder.conv4.02 EncoderLayer.weight_layer1.0.running_mean\", \"module.decoder.conv4.02 EncoderLayer.weight_layer1.0.running_var\", \"module.decoder.conv4.02 EncoderLayer.weight_layer1.0.num_batches_tracked\", \"module.decoder.conv4.02 EncoderLayer.weight_layer1.2.weight\", \"module.decoder.conv4.02 EncoderLayer.weight_layer2.0.weight\", \"module.decoder.conv4.02 EncoderLayer.weight_layer2.0.bias\", \"module.decoder.conv4.02 EncoderLayer.weight_layer2.0.running_mean\", \"module.decoder.conv4.02 EncoderLayer.weight_layer2.0.running_var\", \"module.decoder.conv4.02 EncoderLayer.weight_layer2.0.num_batches_tracked\", \"module.decoder.conv4.02 EncoderLayer.weight_layer2.2.weight\", \"module.decoder.conv4.02 EncoderLayer.weight_layer3.0.weight\", \"module.decoder.conv4.02 EncoderLayer.weight_layer3.0.bia\ns\", \"module.decoder.conv4.02 EncoderLayer.weight_layer3.0.running_mean\", \"module.decoder.conv4.02 EncoderLayer.weight_layer3.0.running_var\", \"module.decoder.conv4.02 EncoderLayer.weight_layer3.0.num_batches_tracked\", \"module.decoder.conv4.02 EncoderLayer.weight_layer3.2.weight\", \"module.decoder.conv4.02 EncoderLayer.upsample.0.weight\", \"module.decoder.conv4.02 EncoderLayer";
// bytedance/fc-clip#34 (tuning15)
const FCCLIP =
  "`(fcclip) ga@test-4U-GPU-Server:~/code/fc-clip$ python demo/demo.py --input 000741.jpg 000860.jpg --opts MODEL.WEIGHTS fcclip_cocopan.pth\n[07/15 15:09:43 detectron2]: Arguments: Namespace(confidence_threshold=0.5, config_file='configs/coco/panoptic-segmentation/fcclip/fcclip_convnext_large_eval_ade20k.yaml', input=['000741.jpg', '000860.jpg'], opts=['MODEL.WEIGHTS', 'fcclip_cocopan.pth'], output=None, video_input=None, webcam=False)\n[07/15 15:10:11 d2.checkpoint.detection_checkpoint]: [DetectionCheckpointer] Loading from fcclip_cocopan.pth ...\n[07/15 15:10:11 fvcore.common.checkpoint]: [Checkpointer] Loading from fcclip_cocopan.pth ...\nWARNING [07/15 15:10:11 fvcore.common.checkpoint]: Some model parameters or buffers are not found in the checkpoint:\nbackbone.clip_model.ln_final.{bias, weight}\nbackbone.clip_model.token_embedding.weight\nbackbone.clip_model.transformer.resblocks.0.attn.out_proj.{bias, weight}\nbackbone.clip_model.transformer.resblocks.0.attn.{in_proj_bias, in_proj_weight}\nbackbone.clip_model.transformer.resblocks.0.ln_1.{bias, weight}\nbackbone.clip_model.transformer.resblocks.0.ln_2.{bias, weight}\nbackbone.clip_model.transformer.resblocks.0.mlp.c_fc.{bias, weight}\nbackbone.clip_model.transformer.resblocks.0.mlp.c_proj.{bias, weight}\nbackbone.clip_model.transformer.resblocks.1.attn.out_proj.{bias, weight}\nbackbone.clip_model.transformer.resblocks.1.attn.{in_proj_bias,";
// tdrussell/qlora-pipe#30 (tuning15)
const QLORA =
  "KeyError for lm_head.weight when trying to fine tune on L3.2-3B\n\nlayernorm.weight', 'model.layers.10.self_attn.k_proj.weight', 'model.layers.10.self_attn.o_proj.weight', 'model.layers.10.self_attn.q_proj.weight', 'model.layers.10.self_attn.v_proj.weight', 'model.layers.11.input_layernorm.weight', 'model.layers.11.mlp.down_proj.weight', 'model.layers.11.mlp.gate_proj.weight', 'model.layers.11.mlp.up_proj.weight', 'model.layers.11.post_attention_layernorm.weight', 'model.layers.11.self_attn.k_proj.weight', 'model.layers.11.self_attn.o_proj.weight', 'model.layers.11.self_attn.q_proj.weight', 'model.layers.11.self_attn.v_proj.weight', 'model.layers.12.input_layernorm.weight', 'model.layers.12.mlp.down_proj.weight', 'model.layers.12.mlp.gate_proj.weight', 'model.layers.12.mlp.up_proj.weight', 'model.layers.12.post_attention_layernorm.weight', 'model.layers.12.self_attn.k_proj.weight', 'model.layers.12.self_attn.o_proj.weight', 'model.layers.12.self_attn.q_proj.weight', 'model.layers.12.self_attn.v_proj.weight', 'model.layers.13.input_layernorm.weight', '\nmodel.layers.13.mlp.down_proj.weight', 'model.layers.13.mlp.gate_proj.weight', 'model.layers.13.mlp.up_proj.weight', 'model.layers.13.post_attention_layernorm.weight', 'model.layers.13.self_attn.k_proj.weight', 'model.layers.13.self_attn.o_proj.weight', 'model.layers.13.self_attn.q_proj.weight', 'model.layers.13.self_attn.v_proj.weight', 'mod";
// AIMO-CMU-MATH/CMU_MATH-AIMO#2 (tuning15)
const AIMO =
  "Error in loading FT model (key mismatch)\n\n\"layers.7.feed_forward.w2.weight\", \"layers.7.ffn_norm.weight\", \"layers.7.attention_norm.weight\", \"layers.8.attention.wqkv.weight\", \"layers.8.attention.wo.weight\",\n\"layers.8.feed_forward.w1.weight\", \"layers.8.feed_forward.w3.weight\", \"layers.8.feed_forward.w2.weight\", \"layers.8.ffn_norm.weight\", \"layers.8.attention_norm.weight\",\n\"layers.9.attention.wqkv.weight\", \"layers.9.attention.wo.weight\", \"layers.9.feed_forward.w1.weight\", \"layers.9.feed_forward.w3.weight\", \"layers.9.feed_forward.w2.weight\",\n\"layers.9.ffn_norm.weight\", \"layers.9.attention_norm.weight\", \"layers.10.attention.wqkv.weight\", \"layers.10.attention.wo.weight\", \"layers.10.feed_forward.w1.weight\",\n\"layers.10.feed_forward.w3.weight\", \"layers.10.feed_forward.w2.weight\", \"layers.10.ffn_norm.weight\", \"layers.10.attention_norm.weight\", \"layers.11.attention.wqkv.weight\",\n\"layers.11.attention.wo.weight\", \"layers.11.feed_forward.w1.weight\", \"layers.11.feed_forward.w3.weight\", \"layers.11.feed_forward.w2.weight\", \"layers.11.ffn_norm.weight\",\n\"layers.11.attention_norm.weight\", \"layers.12.attention.wqkv.weight\", \"layers.12.attention.wo.weight\", \"layers.12.feed_forward.w1.weight\", \"layers.12.feed_forward.w3.weight\",\n\"layers.12.feed_forward.w2.weight\", \"layers.12.ffn_norm.weight\", \"layers.12.attention_norm.weight\", \"layers.13.attention.wqkv.weight\", \"layers.13.attention.wo.weight\",\n\"layers.13";
// meta-pytorch/torchsnapshot#141 (tuning15)
const TORCHSNAPSHOT =
  "Hello , I am working on training a pretrained hf model \"t5-small\". Using the  torchsnpashot examples provided I am able to save/load  checkpoint for LOCAL_STATE_DICT type, I am also able to save the model checkpoint for FULL_STATE_DICT. But, when loading the full statedict checkpoint I am facing the below issue.\n\n   message: \"RuntimeError: Error(s) in loading state_dict for FullyShardedDataParallel:\\n\\\n        \\tMissing key(s) in state_dict: \\\"_fsdp_wrapped_module.shared.weight\\\", \\\"\\\n        _fsdp_wrapped_module.encoder.embed_tokens.weight\\\", \\\"_fsdp_wrapped_module.encoder.block.0._fsdp_wrapped_module.layer.0.SelfAttention.q.weight\\\"\\\n        , \\\"_fsdp_wrapped_module.encoder.block.0._fsdp_wrapped_module.layer.0.SelfAttention.k.weight\\\"\\\n        \n       Does anyone know how to resolve this ? thanks!";

// IDEA-Research/DINO#239 (tuning6)
const DINO =
  "RuntimeError: Error(s) in loading state_dict for DINO:\n        size mismatch for transformer.decoder.class_embed.0.weight: copying a param with shape torch.Size([91, 256]) from checkpoint, the s\nhape in current model is torch.Size([5, 256]).\n        size mismatch for transformer.decoder.class_embed.0.bias: copying a param with shape torch.Size([91]) from checkpoint, the shape in\n current model is torch.Size([5]).\n        size mismatch for transformer.decoder.class_embed.1.weight: copying a param with shape torch.Size([91, 256]) from checkpoint, the s\nhape in current model is torch.Size([5, 256]).\n        size mismatch for transformer.decoder.class_embed.1.bias: copying a param with shape torch.Size([91]) from checkpoint, the shape in\n current model is torch.Size([5]).\n        size mismatch for transformer.decoder.class_embed.2.weight: copying a param with shape torch.Size([91, 256]) from checkpoint, the s\nhape in current model is torch.Size([5, 256]).\n        size mismatch for transformer.decoder.class_embed.2.bias: copying a param with shape torch.Size([91]) from checkpoint, the shape in\n current model is torch.Size([5]).\n        size mismatch for transformer.decoder.class_embed.3.weight: copying a param with shape torch.Size([91, 256]) from checkpoint, the s\nhape in current model is torch.Size([5,";
// MandyMo/pytorch_HMR#17 (tuning11)
const HMR =
  "\"finished create the encoder modules...\nparameter smpl.v_template not found\nparameter smpl.shapedirs not found\nparameter smpl.J_regressor not found\nparameter smpl.posedirs not found\nparameter smpl.joint_regressor not found\nparameter smpl.weight not found\nparameter smpl.e3 not found\"";

// routineLife1/MultiPassDedup#6 (tuning6)
const MULTIPASS =
  "interpolate_video_forward.py\", line 94, in <module>\n    model.load_state_dict(torch.load('weights/flownet.pkl'))\n  File \"/usr/local/lib/python3.10/dist-packages/torch/nn/modules/module.py\", line 2189, in load_state_dict\n    raise RuntimeError('Error(s) in loading state_dict for {}:\\n\\t{}'.format(\nRuntimeError: Error(s) in loading state_dict for IFNet:\n\tMissing key(s) in state_dict: \"block0.conv0.0.0.weight\", \"block0.conv0.0.0.bias\", \"block0.conv0.1.0.weight\", \"block0.conv0.1.0.bias\", \"block0.convblock.0.beta\", \"block0.convblock.0.conv.weight\", \"block0.convblock.0.conv.bias\", \"block0.convblock.1.beta\", \"block0.convblock.1.conv.weight\", \"block0.convblock.1.conv.bias\", \"block0.convblock.2.beta\", \"block0.convblock.2.conv.weight\", \"block0.convblock.2.conv.bias\", \"block0.convblock.3.beta\", \"block0.convblock.3.conv.weight\", \"block0.convblock.3.conv.bias\", \"block0.convblock.4.beta\", \"block0.convblock.4.conv.weight\", \"block0.convblock.4.conv.bias\", \"block0.convblock.5.beta\", \"block0.convblock.5.conv.weight\", \"block0.convblock.5.conv.bias\", \"block0.convblock.6.beta\", \"block0.convblock.6.conv.weight\", \"block0.convblock.6.conv.bias\", \"block0.convblock.7.beta\", \"block0.convblock.7.conv.weight\", \"block0.convblock.7.conv.bias\", \"block0.lastconv.0.weight\", \"block0.lastconv.0.bias\", \"block1.conv0.0.0.weight\", \"block1.conv0.0.0.bias\", \"block1.conv0.1\n.0.weight\", \"bloc";
// francescotonini/human-gaze-target-detection-transformer#7 (tuning4)
const GAZE =
  "```\n  File \"/home2020/home/icube/keqichen/miniconda3/envs/ptcu117/lib/python3.9/site-packages/pytorch_lightning/trainer/trainer.py\", line 961, in _restore_modules_and_callbacks\n    self._checkpoint_connector.restore_model()\n  File \"/home2020/home/icube/keqichen/miniconda3/envs/ptcu117/lib/python3.9/site-packages/pytorch_lightning/trainer/connectors/checkpoint_connector.py\", line 271, in restore_model\n    self.trainer.strategy.load_model_state_dict(self._loaded_checkpoint)\n  File \"/home2020/home/icube/keqichen/miniconda3/envs/ptcu117/lib/python3.9/site-packages/pytorch_lightning/strategies/strategy.py\", line 363, in load_model_state_dict\n    self.lightning_module.load_state_dict(checkpoint[\"state_dict\"])\n  File \"/home2020/home/icube/keqichen/miniconda3/envs/ptcu117/lib/python3.9/site-packages/torch/nn/modules/module.py\", line 1671, in load_state_dict\n    raise RuntimeError('Error(s) in loading state_dict for {}:\\n\\t{}'.format(\nRuntimeError: Error(s) in loading state_dict for HGTTRLitModule:\n\tMissing key(s) in state_dict: \"net.gaze_watch_outside_embed.layers.0.weight\", \"net.gaze_watch_outside_embed.layers.0.bias\". \n```";
// open-mmlab/mmengine/pull/507 (tuning7)
const MMENGINE_EMA =
  "```\n  File \"/opt/site-packages/mmdet/.mim/tools/train.py\", line 120, in <module>\n    main()\n  File \"/opt/site-packages/mmdet/.mim/tools/train.py\", line 116, in main\n    runner.train()\n  File \"/opt/conda/lib/python3.8/site-packages/mmengine/runner/runner.py\", line 1623, in train\n    self.load_or_resume()\n  File \"/opt/conda/lib/python3.8/site-packages/mmengine/runner/runner.py\", line 1585, in load_or_resume\n    self.load_checkpoint(self._load_from)\n  File \"/opt/conda/lib/python3.8/site-packages/mmengine/runner/runner.py\", line 1977, in load_checkpoint\n    self.call_hook('after_load_checkpoint', checkpoint=checkpoint)\n  File \"/opt/conda/lib/python3.8/site-packages/mmengine/runner/runner.py\", line 1693, in call_hook\n    getattr(hook, fn_name)(self, **kwargs)\n  File \"/opt/conda/lib/python3.8/site-packages/mmengine/hooks/ema_hook.py\", line 187, in after_load_checkpoint\n    self.ema_model.module.load_state_dict(\n  File \"/opt/conda/lib/python3.8/site-packages/torch/nn/modules/module.py\", line 1605, in load_state_dict\n    raise RuntimeError('Error(s) in loading state_dict for {}:\\n\\t{}'.format(\nRuntimeError: Error(s) in loading state_dict for YOLOX:\n        size mismatch for bbox_head.multi_level_conv_cls.0.weight: copying a param with shape torch.Size([80,";

// huggingface/diffusers#11675 (tuning4)
const DIFFUSERS_PEFT =
  "```\nLoading adapter weights from state_dict led to missing keys in the model: down_blocks.1.attentions.0.transformer_blocks.0.attn1.to_q.lora_A\n.default_0.weight, down_blocks.1.attentions.0.transformer_blocks.0.attn1.to_q.lora_B.default_0.weight, ...\n```";

describe('a line inside a list the text opened above starts no headless list', () => {
  it('wrapped inside `odict_keys([…])`: not an error text, as the clean text (RLinf-119, HumanBench-12)', () => {
    for (const text of [RLINF, HUMANBENCH]) {
      expect(read(text)).toHaveProperty('error');
      for (const kind of ['wrap-80', 'ocr', 'rich', 'combined']) expect(read(pasted(kind, text)), kind).toEqual(read(text));
    }
  });

  it('after a line that opened a quoted key a wrap split (rich folds at the spaces inside keys, Horizon2333-4)', () => {
    expect(read(HORIZON)).toHaveProperty('error');
    expect(read(pasted('rich', HORIZON))).toEqual(read(HORIZON));
  });

  it('a paste that starts inside a list is still read as one (the clean texts)', () => {
    for (const text of [QLORA, AIMO]) {
      const r = read(text) as { unsided: string[]; truncated: boolean };
      expect(r.unsided.length).toBeGreaterThan(30);
      expect(r.truncated).toBe(true);
    }
  });
});

describe('a wrap inside a key', () => {
  it('at the same place twice is still a wrap (fvcore groups `…attn.out_p` + `roj.{bias, weight}`, fc-clip-34)', () => {
    const r = read(pasted('combined', FCCLIP)) as { missing: string[] };
    expect(r).toEqual(read(FCCLIP));
    expect(r.missing).toContain('backbone.clip_model.transformer.resblocks.1.attn.out_proj.weight');
    expect(r.missing).not.toContain('roj.bias');
  });
});

describe('a paste that lost its line breaks', () => {
  it('an issue title, then a list whose heading the excerpt cut: the list is read (qlora-pipe-30, AIMO-2)', () => {
    for (const text of [QLORA, AIMO]) expect(read(pasted('flattened', text))).toEqual(read(text));
  });

  it('the words before a list hold no heading: a title with a colon or a quote is no prose before a list', () => {
    expect(read('Missing key(s) in the file: "a.b", "c.d", "e.f", "g.h"')).toHaveProperty('error');
    expect(read('The "model" key "a.weight", "b.weight", "c.weight"')).toHaveProperty('error');
  });
});

describe("a YAML scalar's escaped line breaks (torchsnapshot-141)", () => {
  it('join the message folded over indented lines: its keys are read', () => {
    const r = read(TORCHSNAPSHOT) as { missing: string[]; truncated: boolean };
    expect(r.missing).toEqual([
      '_fsdp_wrapped_module.shared.weight',
      '_fsdp_wrapped_module.encoder.embed_tokens.weight',
      '_fsdp_wrapped_module.encoder.block.0._fsdp_wrapped_module.layer.0.SelfAttention.q.weight',
      '_fsdp_wrapped_module.encoder.block.0._fsdp_wrapped_module.layer.0.SelfAttention.k.weight',
    ]);
    expect(r.truncated).toBe(true);
  });

  it('pasted other ways (flattened: a backslash before a blank where the break was; re-wrapped; prefixed), it reads the same', () => {
    for (const kind of ['flattened', 'wrap-80', 'ocr', 'rich', 'log-prefix', 'combined', 'md-quote', 'email-reply', 'smart-quotes', 'html-escape', 'nbsp']) {
      expect(read(pasted(kind, TORCHSNAPSHOT)), kind).toEqual(read(TORCHSNAPSHOT));
    }
  });

  it('a literal that closes on its line, or holds no escape, is left as it is', () => {
    const closed = 'status:\n  message: "load failed\\n" \\\n    more: "x"\nMissing key(s) in state_dict: "a.weight", "b.weight".';
    expect(read(closed)).toMatchObject({ missing: ['a.weight', 'b.weight'] });
    const plain = 'Missing key(s) in state_dict: "layer1.0.conv1.wei\nght", "layer1.0.bn1.weight".';
    expect(read(plain)).toMatchObject({ missing: ['layer1.0.conv1.weight', 'layer1.0.bn1.weight'] });
  });
});

describe("a message's fixed words a lost line break split", () => {
  it("torch's size line wrapped inside `the s` + `hape`, flattened: every size line is read whole (DINO-239)", () => {
    const flat = read(pasted('flattened', DINO)) as { sizes: unknown[] };
    expect(flat).toEqual(read(DINO));
    expect(flat.sizes).toHaveLength(6);
  });

  it('a PEFT list wrapped at a dot, flattened: `lora_A .default_0.weight` is one key, no key starts with a dot (diffusers-11675)', () => {
    const flat = read(pasted('flattened', DIFFUSERS_PEFT)) as { missing: string[] };
    expect(flat).toEqual(read(DIFFUSERS_PEFT));
    expect(flat.missing).toContain('down_blocks.1.attentions.0.transformer_blocks.0.attn1.to_q.lora_A.default_0.weight');
    expect(flat.missing).not.toContain('default_0.weight');
  });

  it("a custom loader's `parameter X not found` records on one line are each read (HMR-17)", () => {
    const flat = read(pasted('flattened', HMR)) as { missing: string[] };
    expect(flat).toEqual(read(HMR));
    expect(flat.missing).toContain('smpl.v_template');
    expect(flat.missing).toContain('smpl.e3');
  });
});

describe('a traceback that lost its line breaks', () => {
  it("a frame's path quote the paste starts after opens no string literal: the list is read as torch's (MultiPassDedup-6)", () => {
    const flat = read(pasted('flattened', MULTIPASS)) as { missing: string[]; unsided: string[] };
    expect(flat).toEqual(read(MULTIPASS));
    expect(flat.missing).toContain('block1.conv0.1.0.weight');
    expect(flat.unsided).toEqual([]);
  });

  it("keeps the frames before torch's source line: a Lightning restore, an MMEngine hook (gaze-7, mmengine-507)", () => {
    const frames = (t: string) => {
      const r = parseErrorText(t, 't');
      return { restoreRun: r.restoreRun, hookLoad: r.hookLoad };
    };
    expect(frames(pasted('flattened', GAZE))).toEqual(frames(GAZE));
    expect(frames(GAZE).restoreRun).toBe('_restore_modules_and_callbacks');
    expect(frames(pasted('flattened', MMENGINE_EMA))).toEqual(frames(MMENGINE_EMA));
    expect(frames(MMENGINE_EMA).hookLoad).toBe('ema_hook:after_load_checkpoint');
  });
});
