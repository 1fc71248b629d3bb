import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { tuningCaseText } from '../helpers/diagnosis-case.js';
import { describe, expect, it } from 'vitest';
import { looksLikeErrorText, parseErrorText, type ErrorReport } from '../../src/formats/error-text.js';
import { FormatError } from '../../src/formats/errors.js';

/**
 * Real error texts, quoted as the reporters pasted them (long lists are as far as the thread shows them;
 * where a thread shows a cut list the cut is part of the test). The thread is named above each one.
 */

// hou-yz/MVDet#7: a renamed module, no traceback, blank line between the two lists
const MVDET = `Missing key(s) in state_dict: "map_classifier.0.weight", "map_classifier.0.bias", "map_classifier.2.weight", "map_classifier.2.bias", "map_classifier.4.weight". 

Unexpected key(s) in state_dict: "world_classifier.0.weight", "world_classifier.0.bias", "world_classifier.2.weight", "world_classifier.2.bias", "world_classifier.4.weight".`;

// aks2203/deep-thinking#5: DataParallel checkpoint, text after a prose prefix, tab-indented
const DEEP_THINKING = `actual error: RuntimeError: Error(s) in loading state_dict for DTNet:
\tMissing key(s) in state_dict: "projection.0.weight", "recur_block.0.0.conv1.weight", "recur_block.0.0.conv2.weight", "recur_block.0.1.conv1.weight", "recur_block.0.1.conv2.weight", "head.0.weight", "head.2.weight", "head.4.weight". 
\tUnexpected key(s) in state_dict: "module.projection.0.weight", "module.recur_block.0.0.conv1.weight", "module.recur_block.0.0.conv2.weight", "module.recur_block.0.1.conv1.weight", "module.recur_block.0.1.conv2.weight", "module.head.0.weight", "module.head.2.weight", "module.head.4.weight".`;

// rasbt/LLMs-from-scratch#580: torch.compile checkpoint; the thread's excerpt ends inside the list
const LLMS_FROM_SCRATCH = `(llms) dk@Eclipse:/mnt/c/Users/dk/Desktop/LLMs-from-scratch/ch05/10_llm-training-speed$ python 01_opt_single_gpu.py 
Traceback (most recent call last):
  File "/mnt/c/Users/dk/Desktop/LLMs-from-scratch/ch05/10_llm-training-speed/01_opt_single_gpu.py", line 507, in <module>
    model.load_state_dict(torch.load("model.pth", weights_only=True))
  File "/home/dk/miniconda3/envs/llms/lib/python3.12/site-packages/torch/nn/modules/module.py", line 2581, in load_state_dict
    raise RuntimeError(
RuntimeError: Error(s) in loading state_dict for GPTModel:
        Missing key(s) in state_dict: "tok_emb.weight", "pos_emb.weight", "trf_blocks.0.att.qkv.weight", "trf_blocks.0.att.proj.weight"`;

// huggingface/pytorch-image-models#2003: elided lists written as [...]
const TIMM_COMPILE = `Missing key(s) in state_dict: "stem.conv1.c.weight", [...] Unexpected key(s) in state_dict: "_orig_mod.stem.conv1.c.weight", [...]`;

// jianbo909/efficientFCN#5: size mismatches only
const EFFICIENTFCN = `size mismatch for conv1.0.weight: copying a param with shape torch.Size([64, 3, 3, 3]) from checkpoint, the shape in current model is torch.Size([32, 3, 3, 3]).
\tsize mismatch for conv1.1.weight: copying a param with shape torch.Size([64]) from checkpoint, the shape in current model is torch.Size([32]).
\tsize mismatch for conv1.1.bias: copying a param with shape torch.Size([64]) from checkpoint, the shape in current model is torch.Size([32]).`;

// YtongXie/X-RGen#3: vocabulary-sized embedding and logit layer
const XRGEN = `size mismatch for encoder_decoder.att_embed.0.weight: copying a param with shape torch.Size([512, 2048]) from checkpoint, the shape in current model is torch.Size([512, 768]).
size mismatch for encoder_decoder.model.tgt_embed.0.lut.weight: copying a param with shape torch.Size([3054, 512]) from checkpoint, the shape in current model is torch.Size([722, 512]).
size mismatch for encoder_decoder.logit.weight: copying a param with shape torch.Size([3054, 512]) from checkpoint, the shape in current model is torch.Size([722, 512]).
size mismatch for encoder_decoder.logit.bias: copying a param with shape torch.Size([3054]) from checkpoint, the shape in current model is torch.Size([722]).
size mismatch for visual_extractor.projection_head.weight: copying a param with shape torch.Size([512, 2048]) from checkpoint, the shape in current model is torch.Size([512, 768]).
size mismatch for topic_head.weight: copying a param with shape torch.Size([2048, 768]) from checkpoint, the shape in current model is torch.Size([768, 768]).`;

// lancopku/SGM#3: torch 0.3 (Python 3.5): no quotes, model shape first, chained traceback
const SGM = `Traceback (most recent call last):
  File "/usr/local/lib/python3.5/dist-packages/torch/nn/modules/module.py", line 482, in load_state_dict
    own_state[name].copy_(param)
RuntimeError: invalid argument 2: sizes do not match at /pytorch/torch/lib/THC/generic/THCTensorCopy.c:101

During handling of the above exception, another exception occurred:

Traceback (most recent call last):
  File "predict.py", line 91, in <module>
    model.load_state_dict(checkpoints['model'])
  File "/usr/local/lib/python3.5/dist-packages/torch/nn/modules/module.py", line 487, in load_state_dict
    .format(name, own_state[name].size(), param.size()))
RuntimeError: While copying the parameter named decoder.embedding.weight, whose dimensions in the model are torch.Size([58, 256]) and whose dimensions in the checkpoint are torch.Size([107, 256]).`;

// IntelLabs/distiller#26: torch 0.4 (quoted names inside "Error(s) in loading state_dict")
const DISTILLER = `RuntimeError: Error(s) in loading state_dict for ResNetCifar:
\tWhile copying the parameter named "layer1.0.conv1.weight", whose dimensions in the model are torch.Size([16, 16, 3, 3]) and whose dimensions in the checkpoint are torch.Size([11, 16, 3, 3]).
\tWhile copying the parameter named "layer1.0.bn1.running_mean", whose dimensions in the model are torch.Size([16]) and whose dimensions in the checkpoint are torch.Size([11]).`;

// jwyang/faster-rcnn.pytorch#254: Python 2.7, the message printed by a wrapper with a trailing comma
const FASTER_RCNN = `load checkpoint data/vgg16/vg/faster_rcnn_1_19_48611.pth
While copying the parameter named RCNN_cls_score.weight, whose dimensions in the model are torch.Size([21, 4096]) and whose dimensions in the checkpoint are torch.Size([2501, 4096]), 
Traceback (most recent call last):
  File "demo.py", line 194, in <module>
    fasterRCNN.load_state_dict(checkpoint['model'])
  File "/home/chenjinchang/anaconda2/lib/python2.7/site-packages/torch/nn/modules/module.py", line 360, in load_state_dict
    own_state[name].copy_(param)`;

// chenxinpeng/ARNet#6: torch 0.3's KeyError holding a set repr with escaped quotes
const ARNET = `KeyError: 'missing keys in state_dict: "{\\'rcst_lstm.h2h.bias\\', \\'rcst_lstm.h2h.weight\\', \\'h_2_pre_h.weight\\', \\'rcst_lstm.i2h.bias\\', \\'h_2_pre_h.bias\\', \\'rcst_lstm.i2h.weight\\'}"'`;

// carpedm20/DiscoGAN-pytorch#6: torch 0.1's KeyError for one unexpected key
const DISCOGAN = `I also encountered this error "KeyError: 'unexpected key "module.layer_module.0.weight" in state_dict'". Have you solved the probelm?`;

// dddzg/up-detr#31: strict=False result printed
const UPDETR = `_IncompatibleKeys(missing_keys=['class_embed.weight', 'class_embed.bias'], unexpected_keys=['patch2query.weight', 'patch2query.bias', 'feature_align.layers.0.weight', 'feature_align.layers.0.bias', 'feature_align.layers.1.weight', 'feature_align.layers.1.bias'])`;

// zhangzilongc/MMR#9: the same inside a log line with a timestamp, level and source position
const MMR = `- [03/25 15:01:11][INFO] train.py:   73: train the decoder FPN of MMR from scratch!
- [03/25 15:01:11][INFO] train.py:   76: MAE load meg: _IncompatibleKeys(missing_keys=['decoder_FPN_mask_token', 'decoder_FPN_pos_embed', 'simfp_2.0.weight', 'simfp_2.0.bias'], unexpected_keys=[])`;

// YutaroOgawa/pytorch_advanced#2: torch 1.1's repr had no underscore
const OGAWA = `IncompatibleKeys(missing_keys=[], unexpected_keys=[])`;

// alexandrainst/danlp#167: transformers, checkpoint weights unused (Windows path with backslashes)
const DANLP = `> Some weights of the model checkpoint at C:\\Users\\Jakob\\.danlp\\bert.botxo.pytorch were not used when initializing BertModel: ['cls.seq_relationship.weight', 'cls.predictions.transform.LayerNorm.bias', 'cls.predictions.bias', 'cls.predictions.transform.dense.bias', 'cls.predictions.decoder.weight', 'cls.predictions.transform.dense.weight', 'cls.seq_relationship.bias', 'cls.predictions.transform.LayerNorm.weight']
> \\- This IS expected if you are initializing BertModel from the checkpoint of a model trained on another task or with another architecture (e.g. initializing a BertForSequenceClassification model from a BertForPreTraining model).`;

// huggingface/transformers#6780: transformers, newly initialized weights
const GPT2 = `Some weights of GPT2LMHeadModel were not initialized from the model checkpoint at gpt2 and are newly initialized: ['h.0.attn.masked_bias', 'h.1.attn.masked_bias', 'h.2.attn.masked_bias', 'h.3.attn.masked_bias', 'h.4.attn.masked_bias', 'h.5.attn.masked_bias', 'h.6.attn.masked_bias', 'h.7.attn.masked_bias', 'h.8.attn.masked_bias', 'h.9.attn.masked_bias', 'h.10.attn.masked_bias', 'h.11.attn.masked_bias', 'lm_head.weight']
You should probably TRAIN this model on a down-stream task to be able to use it for predictions and inference.`;

// intel/intel-extension-for-transformers#152: the transformers logger's own prefix; the excerpt is cut mid-list
const INTEL = `[WARNING|modeling_utils.py:3297] 2023-08-11 13:16:23,325 >> Some weights of BertForSequenceClassification were not initialized from the model checkpoint at ./output and are newly initialized: ['bert.encoder.layer.2.attention.self.query.bias', 'bert.encoder.layer.2.attention.self.key.weight', 'classifier.weight', 'classifier.bias', 'bert.encoder.lay`;

// transformers docs (MMS, Wav2Vec2ForCTC) as quoted in huggingface/transformers: shapes that did not match
const MMS = `Some weights of Wav2Vec2ForCTC were not initialized from the model checkpoint at facebook/mms-1b-all and are newly initialized because the shapes did not match:
- lm_head.bias: found shape torch.Size([154]) in the checkpoint and torch.Size([314]) in the model instantiated
- lm_head.weight: found shape torch.Size([154, 1280]) in the checkpoint and torch.Size([314, 1280]) in the model instantiated
You should probably TRAIN this model on a down-stream task to be able to use it for predictions and inference.`;

// openseg-group/openseg.pytorch#86: the whole checkpoint dict passed to load_state_dict
const OPENSEG = `And get this crash:-
Unexpected key(s) in state_dict: "config_dict", "state_dict".`;

// 12wang3/rrl#17: an empty key "", and the raise line of the traceback that quotes the format string
const RRL = `-packages/torch/nn/modules/module.py", line 2152, in load_state_dict
    raise RuntimeError('Error(s) in loading state_dict for {}:\\n\\t{}'.format(
RuntimeError: Error(s) in loading state_dict for Net:
        Missing key(s) in state_dict: "t", "layer_list.0.cl", "layer_list.1.con_layer.W", "layer_list.1.dis_layer.W", "layer_list.2.fc1.weight", "layer_list.2.fc1.bias", "binary1.cl", "union2.con_layer.W", "union2.dis_layer.W", "lr3.fc1.weight", "lr3.fc1.bias". 
        Unexpected key(s) in state_dict: "", "ist.0.cl", "ist.1.con_layer.W", "ist.1.dis_layer.W", "ist.2.fc1.weight", "ist.2.fc1.bias", ".cl", "con_layer.W", "dis_layer.W", ".weight", ".bias". `;

// iVMCL/AOGNet-v2#3: pasted up to the middle of the first key
const AOGNET = `Error(s) in loading state_dict for AOGNet:
\tMissing key(s) in state_dict: "stem.0.`;

// ZunhaiSu/Super-Experts-Profilling#3: a transformers list elided by hand with "..."
const DEEPSEEK = `Some weights of the model checkpoint at XXX were not used when initializing DeepseekV3ForCausalLM: 

['model.layers.61.eh_proj.weight' ...
... 'model.layers.61.shared_head.norm.weight']

- This IS expected if you are initializing DeepseekV3ForCausalLM from the checkpoint of a model trained on another task or with another architecture `;

// neptune-ai/open-solution-mapping-challenge#192: a terminal paste hard-wrapped at 132 columns, inside
// keys, and ended with "..."
const NEPTUNE = `RuntimeError: Error(s) in loading state_dict for DataParallel:
        Missing key(s) in state_dict: "module.encoder.conv1.weight", "module.encoder.bn1.weight", "module.encoder.bn1.bias", "module
.encoder.bn1.running_mean", "module.encoder.bn1.running_var", "module.encoder.layer1.0.conv1.weight", "module.encoder.layer1.0.bn1.w
eight", "module.encoder.layer1.0.bn1.bias", "module.encoder.layer1.0.bn1.running_mean", "module.encoder.layer1.0.bn1.running_var", "
module.encoder.layer1.0.conv2.weight", "module.encoder.layer1.0.bn2.weight", "module.encoder.layer1.0.bn2.bias", "module.encoder.lay
er1.0.bn2.running_mean", "module.encoder.layer1.0.bn2.running_var", "module.encoder.layer1.0.conv3.weight", "module.encoder.layer1.0
.bn3.weight", "module.encoder.layer1.0.bn3.bias", "module.encoder.layer1.0.bn3.running_mean", "module.encoder.layer1.0.bn3.running_v
ar", "module.encoder.layer1.0.downsample.0.weight"...`;

// NiFangBaAGe/Explicit-Visual-Prompt#21: mmcv/mmseg's lenient loader, after a timestamped log line
const MMSEG = `2024-09-10 21:42:00,371 - mmseg - INFO - load checkpoint from local path: ./mit_b4.pth
2024-09-10 21:42:03,151 - mmseg - WARNING - The model and loaded state dict do not match exactly
unexpected key in source state_dict: head.weight, head.bias
missing keys in source state_dict: prompt_generator.handcrafted_generator1.proj.weight, prompt_generator.handcrafted_generator1.proj.bias, ...`;

// InternRobotics/InternNav#250: transformers 5's LOAD REPORT table, layer runs collapsed as {0...11}
const INTERNNAV = `InternVLAN1ForCausalLM LOAD REPORT from: checkpoints/InternVLA-N1-DualVLN
Key                                                                                                     | Status     |
--------------------------------------------------------------------------------------------------------+------------+-
model.language_model.traj_dit.model.language_model.layers.{0...11}.attn1.norm_q.bias                    | UNEXPECTED |
model.language_model.traj_dit.model.language_model.layers.{0...11}.attn2.to_k.weight                    | UNEXPECTED |
.....
model.action_decoder.weight                                                                             | MISSING    |
model.action_encoder.weight                                                                             | MISSING`;

// guanghuixu/AnchorCaptioner#4: an ISO timestamp and level in front of the error
const ANCHOR = `2021-07-11T09:31:47 ERROR: Error(s) in loading state_dict for M4CCaptioner:
        Missing key(s) in state_dict: "graph_proposal_net.t2t.encoder.layer.0.attention.self.query.weight", "graph_proposal_net.t2t.encoder.layer.0.attention.self.query.bias". `;

// ansleliu/LightNetPlusPlus#3: a model wrapped in DataParallel at load time
const LIGHTNET = `Traceback (most recent call last):
  File "deploy/cityscapes/evaluation/ss.py", line 253, in <module>
    model.load_state_dict(pre_weight)
  File "/home/ben/LightNetPlusPlus/env/lib/python3.6/site-packages/torch/nn/modules/module.py", line 777, in load_state_dict
    self.__class__.__name__, "\\n\\t".join(error_msgs)))
RuntimeError: Error(s) in loading state_dict for DataParallel:
\tMissing key(s) in state_dict: "module.usm.norm_act.weight", "module.usm.norm_act.bias", "module.usm.norm_act.running_mean", "module.usm.norm_act.running_var". 
`;

// justchenhao/SILI_CD#2: a torch.compile'd model at load time (its title names OptimizedModule; the
// thread's excerpt of the body starts at the unexpected list and is cut)
const SILI = `RuntimeError: Error(s) in loading state_dict for OptimizedModule:
\tUnexpected key(s) in state_dict: "backbone.backbone.conv1.weight", "backbone.backbone.bn1.weight", "backbone.backbone.bn1.bias", "backbone.backbone.bn1.running_mean", "backbone.backbone.bn1.running_var", "backbone.backbone.bn1.num_batches_tracked", "backbon`;

/** Hard-wrap every line at `width` columns, as a terminal copy does. */
function wrap(text: string, width: number): string {
  return text
    .split('\n')
    .flatMap((line) => {
      const out: string[] = [];
      for (let i = 0; i < line.length; i += width) out.push(line.slice(i, i + width));
      return out.length ? out : [''];
    })
    .join('\n');
}

function lists(r: ErrorReport) {
  return { missing: r.missing, unexpected: r.unexpected, sizeMismatch: r.sizeMismatch };
}

describe('parseErrorText on real pastes', () => {
  it('reads both lists of a strict load error (MVDet)', () => {
    const r = parseErrorText(MVDET, 'e.txt');
    expect(r.kind).toBe('load_state_dict');
    expect(r.modelName).toBeNull();
    expect(r.missing).toEqual([
      'map_classifier.0.weight', 'map_classifier.0.bias', 'map_classifier.2.weight', 'map_classifier.2.bias', 'map_classifier.4.weight',
    ]);
    expect(r.unexpected).toHaveLength(5);
    expect(r.unexpected[0]).toBe('world_classifier.0.weight');
    expect(r.truncated).toBe(false);
  });

  it('reads the model name and the module.-prefixed keys (deep-thinking)', () => {
    const r = parseErrorText(DEEP_THINKING, 'e.txt');
    expect(r.modelName).toBe('DTNet');
    expect(r.missing).toHaveLength(8);
    expect(r.unexpected).toEqual(r.missing.map((k) => `module.${k}`));
    expect(r.truncated).toBe(false);
  });

  it('flags a list that ends without its full stop as truncated (LLMs-from-scratch)', () => {
    const r = parseErrorText(LLMS_FROM_SCRATCH, 'e.txt');
    expect(r.modelName).toBe('GPTModel');
    expect(r.missing).toEqual(['tok_emb.weight', 'pos_emb.weight', 'trf_blocks.0.att.qkv.weight', 'trf_blocks.0.att.proj.weight']);
    expect(r.truncated).toBe(true);
    expect(r.notes.join(' ')).toMatch(/cut short/);
  });

  it('treats [...] as an elision (timm)', () => {
    const r = parseErrorText(TIMM_COMPILE, 'e.txt');
    expect(r.missing).toEqual(['stem.conv1.c.weight']);
    expect(r.unexpected).toEqual(['_orig_mod.stem.conv1.c.weight']);
    expect(r.truncated).toBe(true);
  });

  it('reads size mismatches with both shapes, checkpoint first (efficientFCN, X-RGen)', () => {
    const r = parseErrorText(EFFICIENTFCN, 'e.txt');
    expect(r.sizeMismatch).toEqual([
      { key: 'conv1.0.weight', source: [64, 3, 3, 3], expected: [32, 3, 3, 3] },
      { key: 'conv1.1.weight', source: [64], expected: [32] },
      { key: 'conv1.1.bias', source: [64], expected: [32] },
    ]);
    const x = parseErrorText(XRGEN, 'e.txt');
    expect(x.sizeMismatch).toHaveLength(6);
    expect(x.sizeMismatch[3]).toEqual({ key: 'encoder_decoder.logit.bias', source: [3054], expected: [722] });
    expect(x.truncated).toBe(false);
  });

  it("reads the side of a transformers list whose heading the paste cut from the words that follow it", () => {
    const keys = "module.bert.encoder.layer.11.output.LayerNorm.bias', 'module.bert.pooler.dense.weight', 'module.bert.pooler.dense.bias', 'module.classifier.weight']";
    const notUsed = parseErrorText(`${keys}\n- This IS expected if you are initializing BertForSequenceClassification from the checkpoint of a model trained on another task or with another architecture.\n`, 'e.txt');
    expect(notUsed.unexpected).toEqual(['module.bert.pooler.dense.weight', 'module.bert.pooler.dense.bias', 'module.classifier.weight']);
    expect(notUsed.unsided).toBeUndefined();
    expect(notUsed.truncated).toBe(true);
    const newInit = parseErrorText(`${keys}\nYou should probably TRAIN this model on a down-stream task to be able to use it for predictions and inference.`, 'e.txt');
    expect(newInit.missing).toHaveLength(3);
    expect(newInit.unexpected).toEqual([]);
    // other words after the list say nothing of its side
    expect(parseErrorText(`${keys}\nTraceback (most recent call last):`, 'e.txt').unsided).toHaveLength(3);
  });

  it('reads a checkpoint shape printed as a `(name, torch.Size)` pair by a patched loader (SegDINO3D, sparse-conv kernels)', () => {
    const text = [
      '[rank0]: RuntimeError: Error(s) in loading state_dict for Baseline3D:',
      "[rank0]: \tsize mismatch for backbone.blocks.block0.conv_branch.2.weight: copying a param with shape ('backbone.blocks.block0.conv_branch.2.weight', torch.Size([32, 32, 3, 3, 3])) from checkpoint,the shape in current model is torch.Size([32, 3, 3, 3, 32]).",
      "[rank0]: \tsize mismatch for backbone.blocks.block1.conv_branch.2.weight: copying a param with shape ('backbone.bl",
    ].join('\n');
    const r = parseErrorText(text, 'e.txt');
    expect(r.sizeMismatch).toEqual([{ key: 'backbone.blocks.block0.conv_branch.2.weight', source: [32, 32, 3, 3, 3], expected: [32, 3, 3, 3, 32] }]);
    expect(r.sizeMismatchCut?.map((c) => c.key)).toEqual(['backbone.blocks.block1.conv_branch.2.weight']);
    expect(r.truncated).toBe(true);
  });

  it("reads torch ≤ 1.0's While copying (model shape first) through a chained traceback (SGM, distiller, faster-rcnn)", () => {
    expect(parseErrorText(SGM, 'e.txt').sizeMismatch).toEqual([
      { key: 'decoder.embedding.weight', source: [107, 256], expected: [58, 256] },
    ]);
    const d = parseErrorText(DISTILLER, 'e.txt');
    expect(d.modelName).toBe('ResNetCifar');
    expect(d.sizeMismatch.map((s) => s.key)).toEqual(['layer1.0.conv1.weight', 'layer1.0.bn1.running_mean']);
    expect(d.sizeMismatch[0]).toEqual({ key: 'layer1.0.conv1.weight', source: [11, 16, 3, 3], expected: [16, 16, 3, 3] });
    expect(parseErrorText(FASTER_RCNN, 'e.txt').sizeMismatch).toEqual([
      { key: 'RCNN_cls_score.weight', source: [2501, 4096], expected: [21, 4096] },
    ]);
  });

  it("reads torch 0.1–0.3's KeyErrors (ARNet, DiscoGAN)", () => {
    const a = parseErrorText(ARNET, 'e.txt');
    expect(a.kind).toBe('load_state_dict');
    expect(a.missing).toEqual([
      'rcst_lstm.h2h.bias', 'rcst_lstm.h2h.weight', 'h_2_pre_h.weight', 'rcst_lstm.i2h.bias', 'h_2_pre_h.bias', 'rcst_lstm.i2h.weight',
    ]);
    expect(parseErrorText(DISCOGAN, 'e.txt').unexpected).toEqual(['module.layer_module.0.weight']);
  });

  it('reads the _IncompatibleKeys repr, bare or in a log line, old and new spelling (up-detr, MMR, Ogawa)', () => {
    const u = parseErrorText(UPDETR, 'e.txt');
    expect(u.kind).toBe('incompatible_keys');
    expect(u.missing).toEqual(['class_embed.weight', 'class_embed.bias']);
    expect(u.unexpected).toHaveLength(6);
    expect(u.truncated).toBe(false);
    const m = parseErrorText(MMR, 'e.txt');
    expect(m.missing).toEqual(['decoder_FPN_mask_token', 'decoder_FPN_pos_embed', 'simfp_2.0.weight', 'simfp_2.0.bias']);
    expect(m.unexpected).toEqual([]);
    const o = parseErrorText(OGAWA, 'e.txt');
    expect(o.kind).toBe('incompatible_keys');
    expect(lists(o)).toEqual({ missing: [], unexpected: [], sizeMismatch: [] });
  });

  it("reads transformers' warnings (danlp, GPT-2, Intel, MMS)", () => {
    const d = parseErrorText(DANLP, 'e.txt');
    expect(d.kind).toBe('transformers');
    expect(d.modelName).toBe('BertModel');
    expect(d.unexpected).toHaveLength(8);
    expect(d.unexpected).toContain('cls.predictions.decoder.weight');
    expect(d.missing).toEqual([]);
    const g = parseErrorText(GPT2, 'e.txt');
    expect(g.modelName).toBe('GPT2LMHeadModel');
    expect(g.missing).toHaveLength(13);
    expect(g.missing.at(-1)).toBe('lm_head.weight');
    expect(g.truncated).toBe(false);
    const i = parseErrorText(INTEL, 'e.txt');
    expect(i.modelName).toBe('BertForSequenceClassification');
    expect(i.missing).toEqual([
      'bert.encoder.layer.2.attention.self.query.bias', 'bert.encoder.layer.2.attention.self.key.weight', 'classifier.weight', 'classifier.bias',
    ]);
    expect(i.truncated).toBe(true);
    const s = parseErrorText(MMS, 'e.txt');
    expect(s.modelName).toBe('Wav2Vec2ForCTC');
    expect(s.sizeMismatch).toEqual([
      { key: 'lm_head.bias', source: [154], expected: [314] },
      { key: 'lm_head.weight', source: [154, 1280], expected: [314, 1280] },
    ]);
  });

  it('keeps odd keys exactly, including the empty one (openseg, rrl)', () => {
    expect(parseErrorText(OPENSEG, 'e.txt').unexpected).toEqual(['config_dict', 'state_dict']);
    const r = parseErrorText(RRL, 'e.txt');
    expect(r.modelName).toBe('Net');
    expect(r.missing).toHaveLength(11);
    expect(r.unexpected).toHaveLength(11);
    expect(r.unexpected[0]).toBe('');
    expect(r.unexpected).toContain('.cl');
    expect(r.truncated).toBe(false);
  });

  it('drops a key cut in half and says the text was cut (AOGNet, neptune)', () => {
    const a = parseErrorText(AOGNET, 'e.txt');
    expect(a.modelName).toBe('AOGNet');
    expect(a.missing).toEqual([]);
    expect(a.truncated).toBe(true);
    const n = parseErrorText(NEPTUNE, 'e.txt');
    expect(n.modelName).toBe('DataParallel');
    expect(n.missing).toContain('module.encoder.bn1.running_mean');
    expect(n.missing).toContain('module.encoder.layer1.0.bn1.weight');
    expect(n.missing).toContain('module.encoder.layer1.0.bn3.running_var');
    expect(n.missing.at(-1)).toBe('module.encoder.layer1.0.downsample.0.weight');
    expect(n.missing).toHaveLength(21);
    expect(n.truncated).toBe(true);
    expect(n.notes.join(' ')).toMatch(/DataParallel/);
  });

  it('reads a hand-elided transformers list (DeepSeek)', () => {
    const r = parseErrorText(DEEPSEEK, 'e.txt');
    expect(r.modelName).toBe('DeepseekV3ForCausalLM');
    expect(r.unexpected).toEqual(['model.layers.61.eh_proj.weight', 'model.layers.61.shared_head.norm.weight']);
    expect(r.truncated).toBe(true);
  });

  it("reads mmcv's unquoted lists after a logger prefix (mmseg)", () => {
    const r = parseErrorText(MMSEG, 'e.txt');
    expect(r.kind).toBe('incompatible_keys');
    expect(r.unexpected).toEqual(['head.weight', 'head.bias']);
    expect(r.missing).toEqual(['prompt_generator.handcrafted_generator1.proj.weight', 'prompt_generator.handcrafted_generator1.proj.bias']);
    expect(r.truncated).toBe(true);
  });

  it("reads transformers 5's LOAD REPORT, expanding {0...11} (InternNav)", () => {
    const r = parseErrorText(INTERNNAV, 'e.txt');
    expect(r.kind).toBe('transformers');
    expect(r.modelName).toBe('InternVLAN1ForCausalLM');
    expect(r.unexpected).toHaveLength(24);
    expect(r.unexpected[0]).toBe('model.language_model.traj_dit.model.language_model.layers.0.attn1.norm_q.bias');
    expect(r.unexpected[11]).toBe('model.language_model.traj_dit.model.language_model.layers.11.attn1.norm_q.bias');
    expect(r.missing).toEqual(['model.action_decoder.weight', 'model.action_encoder.weight']);
  });

  it('strips timestamps and levels (AnchorCaptioner) and notes wrapper models (LightNet, SILI_CD)', () => {
    const a = parseErrorText(ANCHOR, 'e.txt');
    expect(a.modelName).toBe('M4CCaptioner');
    expect(a.missing).toHaveLength(2);
    expect(a.truncated).toBe(false);
    const l = parseErrorText(LIGHTNET, 'e.txt');
    expect(l.missing).toHaveLength(4);
    expect(l.notes.join(' ')).toMatch(/DataParallel.*`module\.`/);
    const s = parseErrorText(SILI, 'e.txt');
    expect(s.unexpected).toHaveLength(6);
    expect(s.truncated).toBe(true);
    expect(s.notes.join(' ')).toMatch(/torch\.compile.*`_orig_mod\.`/);
  });

  it('merges several errors in one paste and says so', () => {
    const r = parseErrorText(`${DEEP_THINKING}\n\nThen with the other model:\n${DISTILLER}`, 'e.txt');
    expect(r.modelName).toBe('DTNet');
    expect(r.missing).toHaveLength(8);
    expect(r.sizeMismatch).toHaveLength(2);
    expect(r.notes.join(' ')).toMatch(/2 models \(DTNet, ResNetCifar\)/);
    const mixed = parseErrorText(`${UPDETR}\n${GPT2}`, 'e.txt');
    expect(mixed.kind).toBe('mixed');
  });
});

const ALL = {
  MVDET, DEEP_THINKING, LLMS_FROM_SCRATCH, TIMM_COMPILE, EFFICIENTFCN, XRGEN, SGM, DISTILLER, FASTER_RCNN, ARNET, DISCOGAN,
  UPDETR, MMR, OGAWA, DANLP, GPT2, INTEL, MMS, OPENSEG, RRL, AOGNET, DEEPSEEK, NEPTUNE, MMSEG, ANCHOR, LIGHTNET,
};

describe('parseErrorText is robust to how the text was captured', () => {
  for (const [name, text] of Object.entries(ALL)) {
    it(`${name}: same lists when wrapped at 80 and 120 columns, with CRLF, colours and rank prefixes`, () => {
      const base = lists(parseErrorText(text, 'e.txt'));
      expect(lists(parseErrorText(wrap(text, 80), 'e.txt'))).toEqual(base);
      expect(lists(parseErrorText(wrap(text, 120), 'e.txt'))).toEqual(base);
      expect(lists(parseErrorText(text.replace(/\n/g, '\r\n'), 'e.txt'))).toEqual(base);
      const coloured = text.split('\n').map((l) => `\x1b[31m${l}\x1b[0m`).join('\n');
      expect(lists(parseErrorText(coloured, 'e.txt'))).toEqual(base);
      const ranked = wrap(text, 100).split('\n').map((l) => `[rank0]:${l}`).join('\n');
      expect(lists(parseErrorText(ranked, 'e.txt'))).toEqual(base);
    });
  }

  it('strips Python logging prefixes on every line', () => {
    const logged = DEEP_THINKING.split('\n')
      .map((l) => `2024-01-01 12:00:00,000 - INFO - ${l}`)
      .join('\n');
    expect(lists(parseErrorText(logged, 'e.txt'))).toEqual(lists(parseErrorText(DEEP_THINKING, 'e.txt')));
  });

  it("accepts single-quoted PyTorch lists", () => {
    const r = parseErrorText(`Unexpected key(s) in state_dict: 'module.fc.weight', 'module.fc.bias'. `, 'e.txt');
    expect(r.unexpected).toEqual(['module.fc.weight', 'module.fc.bias']);
    expect(r.truncated).toBe(false);
  });

  it('accepts Python 2 unicode reprs in _IncompatibleKeys', () => {
    const r = parseErrorText(`_IncompatibleKeys(missing_keys=[u'fc.weight'], unexpected_keys=[u'classifier.weight'])`, 'e.txt');
    expect(lists(r)).toEqual({ missing: ['fc.weight'], unexpected: ['classifier.weight'], sizeMismatch: [] });
  });

  it('notes a copy failure whose shapes agree instead of calling it a size mismatch', () => {
    const r = parseErrorText(
      `Error(s) in loading state_dict for Net:\n\tWhile copying the parameter named "fc.weight", whose dimensions in the model are torch.Size([10, 4]) and whose dimensions in the checkpoint are torch.Size([10, 4]), an exception occurred : ('some error',).`,
      'e.txt',
    );
    expect(r.sizeMismatch).toEqual([]);
    expect(r.notes.join(' ')).toMatch(/copying `fc.weight` failed/);
  });
});

describe('looksLikeErrorText and rejection', () => {
  it('recognises every real text, even wrapped', () => {
    for (const text of [...Object.values(ALL), INTERNNAV, SILI]) {
      expect(looksLikeErrorText(text)).toBe(true);
      expect(looksLikeErrorText(wrap(text, 80))).toBe(true);
    }
  });

  it('does not take a key list or a manifest for an error', () => {
    expect(looksLikeErrorText('conv1.weight\nbn1.weight\nbn1.bias\n')).toBe(false);
    expect(looksLikeErrorText('{"format": "sdmatch-manifest", "version": 1, "tensors": {}}')).toBe(false);
  });

  it('raises FormatError naming the file when nothing is recognisable', () => {
    expect(() => parseErrorText('Traceback (most recent call last):\n  File "x.py", line 1\nValueError: nope', 'log.txt')).toThrow(FormatError);
    try {
      parseErrorText('', 'empty.log');
    } catch (e) {
      expect((e as FormatError).toLine()).toMatch(/^empty\.log: no load_state_dict error found/);
    }
  });

  it('stays fast and exact on a 100,000-key error', () => {
    const keys = Array.from({ length: 100_000 }, (_, i) => `model.layers.${i}.mlp.down_proj.weight`);
    const text = `RuntimeError: Error(s) in loading state_dict for LlamaForCausalLM:\n\tMissing key(s) in state_dict: ${keys.map((k) => `"${k}"`).join(', ')}. `;
    const r = parseErrorText(wrap(text, 120), 'big.txt');
    expect(r.missing).toEqual(keys);
  });
});

/**
 * The fixture pairs' texts were produced by real torch 1.13 (fixtures/pairs.py): the strict error, the
 * full traceback and the strict=False result. Each must parse to exactly the keys the pair records.
 */
const PAIRS = new URL('../../fixtures/pairs/', import.meta.url);
interface Pair {
  strict: { error_file: string; traceback_file: string };
  non_strict: { file: string; raises: boolean; missing_keys: string[] | null; unexpected_keys: string[] | null };
  size_mismatches: { key: string; checkpoint: number[]; model: number[] }[];
}

describe.skipIf(!existsSync(PAIRS))('parseErrorText on the torch 1.13 fixture texts', () => {
  const pairs = existsSync(PAIRS) ? readdirSync(PAIRS).filter((f) => f.endsWith('.pair.json')) : [];
  it('finds the fixture pairs', () => {
    expect(pairs.length).toBeGreaterThan(0);
  });
  for (const file of pairs) {
    const pair = JSON.parse(readFileSync(new URL(file, PAIRS), 'utf8')) as Pair;
    const want = {
      missing: pair.non_strict.missing_keys ?? [],
      unexpected: pair.non_strict.unexpected_keys ?? [],
      sizeMismatch: pair.size_mismatches.map((m) => ({ key: m.key, source: m.checkpoint, expected: m.model })),
    };
    const texts = [pair.strict.error_file, pair.strict.traceback_file, pair.non_strict.file].map((f) => f.replace(/^pairs\//, ''));
    for (const t of texts) {
      it(`${t} gives the recorded keys`, () => {
        const text = readFileSync(new URL(t, PAIRS), 'utf8');
        expect(looksLikeErrorText(text)).toBe(true);
        const r = parseErrorText(text, t);
        expect(lists(r)).toEqual(want);
        expect(r.truncated).toBe(false);
        expect(lists(parseErrorText(wrap(text, 80), t))).toEqual(want);
      });
    }
  }
});

/**
 * The tuning half of the diagnosis corpus (bench/diagnosis/cases.json): texts exactly as the threads
 * posted them. Only tuning cases are read here; the held-out half measures generalisation.
 */
const CORPUS = JSON.parse(readFileSync(new URL('../../bench/diagnosis/cases.json', import.meta.url), 'utf8')) as {
  id: string;
  half: string;
  text: string;
}[];
function tuning(id: string): string {
  const c = CORPUS.find((x) => x.id === id);
  if (!c || c.half !== 'tuning') throw new Error(`${id} is not a tuning case`);
  return c.text;
}
const sizeOf = (r: ErrorReport, key: string) => r.sizeMismatch.find((s) => s.key === key);
const odd = (r: ErrorReport) => [...r.missing, ...r.unexpected].filter((k) => /\.\.|…|["'\s:()[\]{},]/.test(k));

describe('torch messages of every version (tuning corpus)', () => {
  it('BatsResearch-csp-3: a size line retyped with a comma after the key', () => {
    const r = parseErrorText(tuning('BatsResearch-csp-3'), 't');
    expect(r.sizeMismatch).toEqual([{ key: 'positional_embedding', source: [77, 768], expected: [8, 768] }]);
    expect(r.truncated).toBe(false);
  });

  it("alibaba-mmai-research-TAdaConv-24: a garbled paste ('Error (s)', 'stateudict', 'Size mismatch', 'torch Size (')", () => {
    const r = parseErrorText(tuning('alibaba-mmai-research-TAdaConv-24'), 't');
    expect(r.modelName).toBe('BaseVideoModel');
    expect(sizeOf(r, 'head.out.weight')).toEqual({ key: 'head.out.weight', source: [400, 768], expected: [5, 768] });
    expect(sizeOf(r, 'head.out.bias')).toEqual({ key: 'head.out.bias', source: [400], expected: [5] });
  });

  it("open-mmlab-mmskeleton-124: torch 0.4.1's 'copying a param of' names the model's shape first", () => {
    // module.py 0.4.1: .format(key, param.shape, input_param.shape) under "copying a param of {} from checkpoint"
    const r = parseErrorText(tuning('open-mmlab-mmskeleton-124'), 't');
    expect(r.sizeMismatch).toEqual([{ key: 'fcn.weight', source: [400, 256, 1, 1], expected: [99, 256, 1, 1] }]);
  });

  it('open-mmlab-mmdetection-10617: a size line cut before its model shape is kept apart, and flagged', () => {
    const r = parseErrorText(tuning('open-mmlab-mmdetection-10617'), 't');
    expect(r.sizeMismatch.map((s) => s.key)).toEqual(['roi_head.bbox_head.0.fc_cls.weight', 'roi_head.bbox_head.0.fc_cls.bias', 'roi_head.bbox_head.1.fc_cls.weight']);
    expect(r.sizeMismatchCut).toEqual([{ key: 'roi_head.bbox_head.1.fc_cls.bias', source: [81], expected: null }]);
    expect(r.truncated).toBe(true);
  });

  it('hiyouga-LlamaFactory-7997: a PEFT size line cut mid-word ("the shape in curre")', () => {
    const r = parseErrorText(tuning('hiyouga-LlamaFactory-7997'), 't');
    expect(sizeOf(r, 'base_model.model.model.embed_tokens.modules_to_save.default.weight')?.expected).toEqual([128256, 4096]);
    expect(r.sizeMismatchCut).toEqual([{ key: 'base_model.model.lm_head.modules_to_save.default.weight', source: [128320, 4096], expected: null }]);
    expect(r.truncated).toBe(true);
  });

  it('DLR-RM-stable-baselines3-1438: the text ends at the Unexpected heading', () => {
    const r = parseErrorText(tuning('DLR-RM-stable-baselines3-1438'), 't');
    expect(r.missing).toHaveLength(32);
    expect(r.unexpected).toEqual([]);
    expect(r.truncated).toBe(true);
  });

  it('s6juncheng-BERTMHC-2: the paste starts inside the missing list; the cut first key is not read', () => {
    const r = parseErrorText(tuning('s6juncheng-BERTMHC-2'), 't');
    expect(r.unexpected).toEqual(['state', 'param_groups']);
    expect(r.missing[0]).toBe('bert.encoder.layer.10.output.LayerNorm.bias');
    // a hard wrap inside `classi\nfy.classify...` is undone
    expect(r.missing).toContain('classify.classify.main.0.weight_v');
    expect(r.missing).toHaveLength(25);
    expect(r.truncated).toBe(true);
  });

  it('mingcv-DSRNet-12: an elision glued to a key ends the list without inventing a key', () => {
    const r = parseErrorText(tuning('mingcv-DSRNet-12'), 't');
    expect(odd(r)).toEqual([]);
    expect(r.unexpected).toEqual(['weight', 'epoch', 'iterations', 'opt_g']);
    expect(r.missing).toHaveLength(18);
    expect(r.truncated).toBe(true);
  });

  it('JaidedAI-EasyOCR-808: a list ended by "Etc" is cut; the nested-checkpoint fields are read', () => {
    const r = parseErrorText(tuning('JaidedAI-EasyOCR-808'), 't');
    expect(r.missing).toEqual(['basenet.slice1.0.weight', 'basenet.slice1.0.bias', 'basenet.slice1.1.weight']);
    expect(r.unexpected).toEqual(['iter', 'craft', 'optimizer', 'scaler']);
    expect(r.truncated).toBe(true);
  });

  it('huggingface-pytorch-image-models-948: a line behind a timestamp, without its full stop', () => {
    const r = parseErrorText(tuning('huggingface-pytorch-image-models-948'), 't');
    expect(r.sizeMismatch).toEqual([{ key: 'classifier.weight', source: [1000, 2560], expected: [4530, 2560] }]);
  });

  it.each([
    ['VITA-Group-EnlightenGAN-30', 'module.conv1_1.weight'],
    ['cvlab-tohoku-Dense-CoAttention-Network-3', 'lang_extract.rnn.weight_ih_l1'],
    ['ruotianluo-self-critical.pytorch-39', 'conv1.weight'],
    ['layumi-Person_reID_baseline_pytorch-51', 'model.fc.0.weight'],
    ['pytorch-pytorch-3805', 'module.features.conv0.weight'],
  ])("%s: torch 0.1–0.3's single-key KeyError, in a traceback or in prose", (id, key) => {
    const r = parseErrorText(tuning(id), 't');
    expect(r.unexpected).toEqual([key]);
    expect(r.missing).toEqual([]);
    expect(r.families).toEqual(['torch-keyerror']);
  });

  it('the pre-0.4 missing-keys set, Python 2 and 3, whole or cut (ARNet above; these are its shapes)', () => {
    const py2 = parseErrorText(`KeyError: 'missing keys in state_dict: "set([\\'fc.weight\\', \\'fc.bias\\'])"'`, 't');
    expect(py2.missing).toEqual(['fc.weight', 'fc.bias']);
    expect(py2.truncated).toBe(false);
    const cut = parseErrorText(`KeyError: 'missing keys in state_dict: "{\\'fc.weight\\', \\'fc.bias\\', \\'fc.ru`, 't');
    expect(cut.missing).toEqual(['fc.weight', 'fc.bias']);
    expect(cut.truncated).toBe(true);
  });
});

describe('mmcv / MMEngine (tuning corpus)', () => {
  it('SwinTransformer-Swin-Transformer-Object-Detection-26: both unquoted lists inside a code fence', () => {
    const r = parseErrorText(tuning('SwinTransformer-Swin-Transformer-Object-Detection-26'), 't');
    expect(r.unexpected).toHaveLength(15);
    expect(r.unexpected.slice(0, 4)).toEqual(['norm.weight', 'norm.bias', 'head.weight', 'head.bias']);
    expect(r.missing).toEqual(['norm0.weight', 'norm0.bias', 'norm1.weight', 'norm1.bias', 'norm2.weight', 'norm2.bias', 'norm3.weight', 'norm3.bias']);
    expect(r.truncated).toBe(false);
    expect(r.families).toEqual(['mmcv']);
  });

  it('open-mmlab-mmfewshot-73: a list quoted inside prose, elided with "......"', () => {
    const r = parseErrorText(tuning('open-mmlab-mmfewshot-73'), 't');
    expect(r.unexpected).toEqual(['backbone.conv1.weight']);
    expect(r.truncated).toBe(true);
  });

  it('open-mmlab-mmdetection-805: the last key of a list that runs to the end of the paste is cut ("bbox_head.1")', () => {
    const r = parseErrorText(tuning('open-mmlab-mmdetection-805'), 't');
    expect(r.unexpected).toHaveLength(20);
    expect(r.missing).toHaveLength(15);
    expect(r.missing).not.toContain('bbox_head.1');
    expect(r.truncated).toBe(true);
  });

  it('open-mmlab-mmtracking-633: flat keys, "...." elision', () => {
    const r = parseErrorText(tuning('open-mmlab-mmtracking-633'), 't');
    expect(r.unexpected).toEqual(['ema_backbone_stem_conv_conv_weight', 'ema_backbone_stem_conv_bn_weight', 'ema_backbone_stem_conv_bn_bias', 'ema_backbone_stem_conv_bn_running_mean', 'ema_backbone_stem_conv_bn_running_var']);
    expect(r.truncated).toBe(true);
  });

  it("open-mmlab-mmdetection-1837: mmcv's older mismatched-shape table (model first), cut inside a row", () => {
    const r = parseErrorText(tuning('open-mmlab-mmdetection-1837'), 't');
    expect(r.sizeMismatch).toHaveLength(6);
    expect(sizeOf(r, 'bbox_head.0.fc_cls.weight')).toEqual({ key: 'bbox_head.0.fc_cls.weight', source: [81, 1024], expected: [9, 1024] });
    expect(sizeOf(r, 'mask_head.0.conv_logits.weight')).toBeUndefined();
    expect(r.truncated).toBe(true);
  });

  it('open-mmlab-mmsegmentation-3778: two loads in one MMEngine log (a list, then size lines)', () => {
    const r = parseErrorText(tuning('open-mmlab-mmsegmentation-3778'), 't');
    expect(r.unexpected).toEqual(['fc.weight', 'fc.bias']);
    expect(r.sizeMismatch.map((s) => s.key)).toEqual(['decode_head.conv_seg.weight', 'decode_head.conv_seg.bias', 'auxiliary_head.conv_seg.weight', 'auxiliary_head.conv_seg.bias']);
  });
});

describe('fvcore / Detectron2 (tuning corpus)', () => {
  it('SysCV-transfiner-24: brace groups expand to keys; "......" marks the cut', () => {
    const r = parseErrorText(tuning('SysCV-transfiner-24'), 't');
    expect(r.missing).toHaveLength(26);
    expect(r.missing.slice(0, 2)).toEqual(['backbone.fpn_lateral2.bias', 'backbone.fpn_lateral2.weight']);
    expect(r.missing).toContain('proposal_generator.rpn_head.objectness_logits.weight');
    expect(r.unexpected).toEqual([]);
    expect(r.truncated).toBe(true);
    expect(r.families).toEqual(['fvcore']);
  });

  it('facebookresearch-unbiased-teacher-29: lines under a lost heading keep no side (unsided, for analysis to side); the cut last line is dropped', () => {
    const r = parseErrorText(tuning('facebookresearch-unbiased-teacher-29'), 't');
    expect(r.missing).toEqual([]);
    // s22: read as a list whose heading the paste cut (readings.ts sideOfHeadless sides it), no longer thrown away
    expect(r.unsided).toHaveLength(48);
    expect(r.unsided).toContain('roi_heads.box_predictor.cls_score.bias');
    expect(r.unexpected).toEqual([
      'modelTeacher.backbone.fpn_lateral2.bias',
      'modelTeacher.backbone.fpn_lateral2.weight',
      'modelTeacher.backbone.fpn_output2.bias',
      'modelTeacher.backbone.fpn_output2.weight',
    ]);
    expect(r.truncated).toBe(true);
    expect(r.notes.join(' ')).toMatch(/heading the paste cut/);
  });

  it("ymzis69-HybridSORT-4 (fastreid): 'Skip loading parameter' with tuple shapes, checkpoint first", () => {
    const r = parseErrorText(tuning('ymzis69-HybridSORT-4'), 't');
    expect(r.sizeMismatch).toEqual([{ key: 'heads.weight', source: [12353, 2048], expected: [0, 2048] }]);
  });

  it('SysCV-transfiner-24 hard-wrapped inside a brace group reads the same', () => {
    const text = tuning('SysCV-transfiner-24').replace('backbone.fpn_lateral3.{bias, weight}', 'backbone.fpn_lateral3.{bias,\n    weight}');
    expect(parseErrorText(text, 't').missing).toEqual(parseErrorText(tuning('SysCV-transfiner-24'), 't').missing);
  });
});

describe('transformers, PEFT, Lightning, timm (tuning corpus)', () => {
  it("huggingface-transformers-3799: pytorch-transformers 1.x's 'Weights of X not initialized from pretrained model'", () => {
    const r = parseErrorText(tuning('huggingface-transformers-3799'), 't');
    expect(r.missing).toEqual(['lm_head.weight']);
    expect(r.modelName).toBe('GPT2LMHeadModel');
    // that loader listed the weights it tied afterwards; transformers >= 3's wording does not set it
    expect(r.missingListsTied).toBe(true);
    const modern = parseErrorText("Some weights of LlamaForCausalLM were not initialized from the model checkpoint at meta-llama/Llama-3.2-1B and are newly initialized: ['lm_head.weight']", 't');
    expect(modern.missing).toEqual(['lm_head.weight']);
    expect(modern.missingListsTied).toBeUndefined();
  });

  it('lucidrains-imagen-pytorch-33: the warning without its list is recognised, reads no key, and is flagged', () => {
    const r = parseErrorText(tuning('lucidrains-imagen-pytorch-33'), 't');
    expect([r.missing, r.unexpected, r.sizeMismatch]).toEqual([[], [], []]);
    expect(r.truncated).toBe(true);
    expect(r.modelName).toBe('T5EncoderModel');
  });

  it('huggingface-transformers-15216: both warnings, the second list cut', () => {
    const r = parseErrorText(tuning('huggingface-transformers-15216'), 't');
    expect(r.unexpected).toHaveLength(6);
    expect(r.missing).toEqual(['cls.predictions.bias', 'cls.predictions.transform.dense.weight', 'cls.predictions.transform.LayerNorm.weight']);
    expect(r.truncated).toBe(true);
  });

  it('huggingface-transformers-38927: PEFT "Found missing adapter keys", cut inside the second key', () => {
    const r = parseErrorText(tuning('huggingface-transformers-38927'), 't');
    expect(r.missing).toEqual(['base_model.model.model.language_model.layers.0.self_attn.q_proj.lora_A.default.weight']);
    expect(r.truncated).toBe(true);
    expect(r.families).toEqual(['peft']);
  });

  it('Frankluox-LightningFSL-18: a Lightning model, cut mid-key ("backbo")', () => {
    const r = parseErrorText(tuning('Frankluox-LightningFSL-18'), 't');
    expect(r.modelName).toBe('COSOC');
    expect(r.missing.at(-1)).toBe('backbone.layer2.conv2.weight');
    expect(r.truncated).toBe(true);
  });

  it('mims-harvard-UniTS-14 and ByteDance-Seed-Bagel-68: _IncompatibleKeys reprs', () => {
    const a = parseErrorText(tuning('mims-harvard-UniTS-14'), 't');
    expect(a.missing).toEqual(['category_tokens.CLS_dataset1', 'category_tokens.CLS_dataset2']);
    expect(a.unexpected).toHaveLength(10);
    const b = parseErrorText(tuning('ByteDance-Seed-Bagel-68'), 't');
    expect(b.missing).toEqual(['latent_pos_embed.pos_embed', 'vit_pos_embed.pos_embed']);
    expect(b.unexpected).toEqual([]);
    expect(b.truncated).toBe(false);
  });
});

describe('how the text was pasted (tuning corpus)', () => {
  it('pytorch-pytorch-18668: each line wrapped in ``double backticks``', () => {
    const r = parseErrorText(tuning('pytorch-pytorch-18668'), 't');
    expect(r.modelName).toBe('Inception3');
    expect(r.unexpected).toHaveLength(12);
    expect(r.truncated).toBe(false);
  });

  it('huggingface-pytorch-image-models-232 and castorini-pygaggle-132: Markdown "> " quotes', () => {
    expect(parseErrorText(tuning('huggingface-pytorch-image-models-232'), 't').unexpected.at(-1)).toBe('classifier.bias');
    expect(parseErrorText(tuning('castorini-pygaggle-132'), 't').unexpected).toEqual(['decoder.block.0.layer.1.EncDecAttention.relative_attention_bias.weight']);
  });

  it('kohya-ss-sd-scripts-687: inside `code` in a sentence with **bold**', () => {
    expect(parseErrorText(tuning('kohya-ss-sd-scripts-687'), 't').unexpected).toEqual(['text_model.embeddings.position_ids']);
  });

  it('Ming-er-MGA-CLAP-3 with typographic quotes, bold, _**emphasis**_ and HTML entities reads as the plain paste', () => {
    const plain = tuning('Ming-er-MGA-CLAP-3');
    const smart = `**${plain.replace(/"([^"]*)"/g, '“$1”')}**`;
    const html = plain.replace(/"/g, '&quot;');
    const emphasised = `_**${plain.trim()}**_`;
    for (const t of [smart, html, emphasised]) {
      expect(looksLikeErrorText(t)).toBe(true);
      expect(parseErrorText(t, 't').unexpected).toEqual(['text_encoder.text_encoder.embeddings.position_ids']);
    }
  });

  it('huggingface-transformers-29725: "....." between keys is an elision, the keys around it are kept', () => {
    const r = parseErrorText(tuning('huggingface-transformers-29725'), 't');
    expect(r.unexpected).toEqual(['model.h.0.attn.bias', 'lm.model.h.0.attn.masked_bias', 'model.h.1.attn.bias', 'model.h.1.attn.masked_bias', 'model.h.11.attn.bias', 'model.h.11.attn.masked_bias']);
    expect(r.truncated).toBe(true);
  });

  it('every tuning text is recognised, none yields a misread key', () => {
    for (const c of CORPUS.filter((x) => x.half === 'tuning')) {
      expect(looksLikeErrorText(c.text), c.id).toBe(true);
      expect(odd(parseErrorText(c.text, c.id)), c.id).toEqual([]);
    }
  });
});

/**
 * Families the tuning half has no text of: each message as the library's source writes it (named
 * above each), so the reader is checked against the real wording. A held-out text may exercise them.
 */
describe('messages as the libraries write them', () => {
  it("fvcore's nested and repeated groups; the older 'Unable to load' and '... Skipped.' shape lines", () => {
    // fvcore/common/checkpoint.py get_missing_parameters_message / _load_model
    const text = `[12/01 10:00:00 fvcore.common.checkpoint]: Some model parameters or buffers are not found in the checkpoint:
roi_heads.box_predictor.{bbox_pred, cls_score}.{bias, weight}
roi_heads.mask_head.{deconv.{bias, weight}, predictor.weight}
Unable to load 'roi_heads.box_predictor.cls_score.weight' to the model due to incompatible shapes: (81, 1024) in the checkpoint but (2, 1024) in the model!
'roi_heads.box_predictor.bbox_pred.bias' has shape (320,) in the checkpoint but (4,) in the model! Skipped.`;
    const r = parseErrorText(text, 't');
    expect(r.missing).toEqual([
      'roi_heads.box_predictor.bbox_pred.bias', 'roi_heads.box_predictor.bbox_pred.weight',
      'roi_heads.box_predictor.cls_score.bias', 'roi_heads.box_predictor.cls_score.weight',
      'roi_heads.mask_head.deconv.bias', 'roi_heads.mask_head.deconv.weight', 'roi_heads.mask_head.predictor.weight',
    ]);
    expect(sizeOf(r, 'roi_heads.box_predictor.cls_score.weight')).toEqual({ key: 'roi_heads.box_predictor.cls_score.weight', source: [81, 1024], expected: [2, 1024] });
    expect(sizeOf(r, 'roi_heads.box_predictor.bbox_pred.bias')).toEqual({ key: 'roi_heads.box_predictor.bbox_pred.bias', source: [320], expected: [4] });
  });

  it("diffusers: all unused keys in one quoted string; the missing list; the meta-loader's shape error", () => {
    // diffusers/models/modeling_utils.py
    const unused = parseErrorText("Some weights of the model checkpoint were not used when initializing UNet2DConditionModel: \n ['conv_norm_out.bias, conv_norm_out.weight, time_embedding.cond_proj.weight']", 't');
    expect(unused.unexpected).toEqual(['conv_norm_out.bias', 'conv_norm_out.weight', 'time_embedding.cond_proj.weight']);
    expect(unused.families).toEqual(['transformers', 'diffusers']);
    const missing = parseErrorText("Cannot load <class 'diffusers.models.unet_2d_condition.UNet2DConditionModel'> from ./unet because the following keys are missing: \n conv_in.bias, conv_in.weight. \n Please make sure to pass `low_cpu_mem_usage=False` and `device_map=None` if you want to randomly initialize those weights or else make sure your checkpoint file is correct.", 't');
    expect(missing.missing).toEqual(['conv_in.bias', 'conv_in.weight']);
    const shape = parseErrorText('ValueError: Cannot load ./vae because decoder.conv_in.bias expected shape torch.Size([512]), but got torch.Size([256]). If you want to instead overwrite randomly initialized weights, please make sure to pass both `low_cpu_mem_usage=False` and `ignore_mismatched_sizes=True`.', 't');
    expect(shape.sizeMismatch).toEqual([{ key: 'decoder.conv_in.bias', source: [256], expected: [512] }]);
  });

  it("Lightning's strict=False warnings, timm's builder log, transformers' load_adapter", () => {
    // lightning/pytorch/core/saving.py _load_state; timm/models/_builder.py load_pretrained; transformers/integrations/peft.py
    const lightning = parseErrorText("UserWarning: Found keys that are in the model state dict but not in the checkpoint: ['head.weight', 'head.bias']\nUserWarning: Found keys that are not in the model state dict but in the checkpoint: ['model.head.weight']", 't');
    expect([lightning.missing, lightning.unexpected]).toEqual([['head.weight', 'head.bias'], ['model.head.weight']]);
    expect(lightning.families).toEqual(['lightning']);
    const timm = parseErrorText('INFO:timm.models._builder:Missing keys (head.fc.weight, head.fc.bias) discovered while loading pretrained weights. This is expected if model is being adapted.\nWARNING:timm.models._builder:Unexpected keys (head.weight) found while loading pretrained weights. This may be expected if model is being adapted.', 't');
    expect([timm.missing, timm.unexpected]).toEqual([['head.fc.weight', 'head.fc.bias'], ['head.weight']]);
    const adapter = parseErrorText("Loading adapter weights from ./ckpt/checkpoint-500 led to unexpected keys not found in the model:  ['classifier.dense.bias', 'classifier.dense.weight']. ", 't');
    expect(adapter.unexpected).toEqual(['classifier.dense.bias', 'classifier.dense.weight']);
  });

  it("TensorFlow transformers models say 'layers'", () => {
    const r = parseErrorText("Some layers of TFBertForSequenceClassification were not initialized from the model checkpoint at bert-base-uncased and are newly initialized: ['classifier']", 't');
    expect(r.missing).toEqual(['classifier']);
    expect(r.modelName).toBe('TFBertForSequenceClassification');
  });
});

describe('detection in openKeySource', () => {
  it('a pasted fvcore, timm, PEFT or Lightning warning is an error text, not a key list', async () => {
    const { openKeySource } = await import('../../src/checkpoint/key-source.js');
    for (const id of ['SysCV-transfiner-24', 'huggingface-transformers-38927', 'open-mmlab-mmdetection-1837', 'ymzis69-HybridSORT-4']) {
      expect(openKeySource('-', tuning(id)).kind, id).toBe('error-text');
    }
    expect(openKeySource('-', 'Found keys that are in the model state dict but not in the checkpoint: [\'head.weight\']').kind).toBe('error-text');
    expect(openKeySource('-', 'INFO:timm.models._builder:Missing keys (head.weight) discovered while loading pretrained weights.').kind).toBe('error-text');
  });
});

describe('more wordings as the libraries write them', () => {
  it("fvcore groups on the heading's line (a page that lost the line breaks)", () => {
    const r = parseErrorText('Some model parameters or buffers are not found in the checkpoint: roi_heads.box_predictor.{bbox_pred, cls_score}.{bias, weight} backbone.stem.conv1.weight ...', 't');
    expect(r.missing).toEqual([
      'roi_heads.box_predictor.bbox_pred.bias', 'roi_heads.box_predictor.bbox_pred.weight',
      'roi_heads.box_predictor.cls_score.bias', 'roi_heads.box_predictor.cls_score.weight', 'backbone.stem.conv1.weight',
    ]);
    expect(r.truncated).toBe(true);
  });

  it("torch.distributed.checkpoint's planner names one missing key", () => {
    // torch/distributed/checkpoint/default_planner.py create_default_local_load_plan
    const r = parseErrorText('  File "default_planner.py", line 371, in create_default_local_load_plan\n    raise RuntimeError(f"Missing key in checkpoint state_dict: {fqn}.")\nRuntimeError: Missing key in checkpoint state_dict: model.layers.0.self_attn.q_proj.weight.', 't');
    expect(r.missing).toEqual(['model.layers.0.self_attn.q_proj.weight']);
  });

  // review19 F6/F7: the reviewer's texts (dcp.load into a renamed model, and into one whose embedding shrank)
  it('DCP\'s missing key is the first of an unknown number: a cut-short text (review19 F6)', () => {
    const r = parseErrorText("Traceback (most recent call last):\n  File \"/home/u/train.py\", line 88, in <module>\n    dcp.load({\"model\": model.state_dict()}, checkpoint_id=\"ckpt\")\n  File \"/usr/lib/python3/dist-packages/torch/distributed/checkpoint/state_dict_loader.py\", line 177, in _load_state_dict\n    central_plan: LoadPlan = distW.reduce_scatter(\"plan\", local_step, global_step)\n  File \"/usr/lib/python3/dist-packages/torch/distributed/checkpoint/utils.py\", line 197, in reduce_scatter\n    raise result\ntorch.distributed.checkpoint.api.CheckpointException: CheckpointException ranks:dict_keys([0])\nTraceback (most recent call last): (RANK 0)\n  File \"/usr/lib/python3/dist-packages/torch/distributed/checkpoint/utils.py\", line 170, in reduce_scatter\n    local_data = map_fun()\n  File \"/usr/lib/python3/dist-packages/torch/distributed/checkpoint/state_dict_loader.py\", line 166, in local_step\n    local_plan = planner.create_local_plan()\n  File \"/usr/lib/python3/dist-packages/torch/distributed/checkpoint/default_planner.py\", line 241, in create_local_plan\n    return create_default_local_load_plan(\n  File \"/usr/lib/python3/dist-packages/torch/distributed/checkpoint/default_planner.py\", line 365, in create_default_local_load_plan\n    raise RuntimeError(f\"Missing key in checkpoint state_dict: {fqn}.\")\nRuntimeError: Missing key in checkpoint state_dict: model.layers.0.ln.weight.\n", 'S09.txt');
    expect(r.missing).toEqual(['model.layers.0.ln.weight']);
    expect(r.truncated).toBe(true);
  });
  it('DCP\'s size mismatch is read, saved shape first, cut short at the first key (review19 F7)', () => {
    const r = parseErrorText("Traceback (most recent call last):\n  File \"/home/u/train.py\", line 91, in <module>\n    dcp.load({\"model\": model.state_dict()}, checkpoint_id=\"ckpt\")\ntorch.distributed.checkpoint.api.CheckpointException: CheckpointException ranks:dict_keys([0, 1])\nTraceback (most recent call last): (RANK 0)\n  File \"/usr/lib/python3/dist-packages/torch/distributed/checkpoint/default_planner.py\", line 365, in create_default_local_load_plan\n    requests += _create_read_items(fqn, md, obj)\n  File \"/usr/lib/python3/dist-packages/torch/distributed/checkpoint/planner_helpers.py\", line 270, in _create_read_items\n    raise ValueError(\nValueError: Size mismatch between saved torch.Size([50, 16]) and current: torch.Size([40, 16]) for model.embed.weight\nTraceback (most recent call last): (RANK 1)\nValueError: Size mismatch between saved torch.Size([50, 16]) and current: torch.Size([40, 16]) for model.embed.weight\n", 'S08.txt');
    expect(r.sizeMismatch).toEqual([{ key: 'model.embed.weight', source: [50, 16], expected: [40, 16] }]);
    expect(r.truncated).toBe(true);
  });
});

describe('no keys from prose', () => {
  it('a quoted file name before an Unexpected heading is not a headless missing list', () => {
    const r = parseErrorText('I loaded "best.pth". Unexpected key(s) in state_dict: "fc.weight", "fc.bias".', 't');
    expect(r.missing).toEqual([]);
    expect(r.unexpected).toEqual(['fc.weight', 'fc.bias']);
    expect(r.truncated).toBe(false);
  });
});

describe('the last key of a list at the end of the paste', () => {
  it('is kept when it ends in a common leaf no other key has', () => {
    const r = parseErrorText('missing keys in source state_dict: a.weight, a.bias, b.num_batches_tracked', 't');
    expect(r.missing).toEqual(['a.weight', 'a.bias', 'b.num_batches_tracked']);
    expect(r.truncated).toBe(false);
  });
  it('is dropped when another key starts with it', () => {
    const r = parseErrorText('missing keys in source state_dict: head.1.fc.weight, head.1.fc.bias, head.1', 't');
    expect(r.missing).toEqual(['head.1.fc.weight', 'head.1.fc.bias']);
    expect(r.truncated).toBe(true);
  });
});

describe('the last key of a list at the end of the paste, continued', () => {
  it('is kept when another key only extends its name (`a.weight` beside `a.weight_g`)', () => {
    const r = parseErrorText('unexpected key in source state_dict: a.weight_g, a.weight_v, a.weight', 't');
    expect(r.unexpected).toEqual(['a.weight_g', 'a.weight_v', 'a.weight']);
  });
});

describe('parseErrorText: formats read since session 4', () => {
  it('reads both mmcv lists from one line joined by a fullwidth comma and "and" (an issue title)', () => {
    const r = parseErrorText('unexpected key in source state_dict: backbone.conv1.weight, backbone.bn1.weight，and missing keys in source state_dict: conv1.weight, bn1.weight, bn1.bias', 'e.txt');
    expect(r.unexpected).toEqual(['backbone.conv1.weight', 'backbone.bn1.weight']);
    expect(r.missing).toEqual(['conv1.weight', 'bn1.weight', 'bn1.bias']);
  });

  it('reads the shapes of a transformers LOAD REPORT MISMATCH row, ranges expanded', () => {
    const r = parseErrorText(
      'embeddings.patch_embeddings.bias        | MISMATCH   | Reinit due to size mismatch - ckpt: torch.Size([1024]) vs model:torch.Size([384])\n' +
      'layer.{0...1}.mlp.down_proj.weight     | MISMATCH   | Reinit due to size mismatch - ckpt: torch.Size([1024, 4096]) vs model:torch.Size([384, 1536])',
      'e.txt',
    );
    expect(r.sizeMismatch).toEqual([
      { key: 'embeddings.patch_embeddings.bias', source: [1024], expected: [384] },
      { key: 'layer.0.mlp.down_proj.weight', source: [1024, 4096], expected: [384, 1536] },
      { key: 'layer.1.mlp.down_proj.weight', source: [1024, 4096], expected: [384, 1536] },
    ]);
  });

  it('an _IncompatibleKeys with both lists empty reports a load where every key matched', () => {
    expect(parseErrorText('IncompatibleKeys(missing_keys=[], unexpected_keys=[])', 'e.txt').allMatched).toBe(true);
    expect(parseErrorText("_IncompatibleKeys(missing_keys=['fc.weight'], unexpected_keys=[])", 'e.txt').allMatched).toBeUndefined();
  });
});

describe('one field of _IncompatibleKeys on its own (session 5)', () => {
  it('`unexpected_keys=[...` pasted without the rest of the repr, cut inside a key', () => {
    const text = "```\nunexpected_keys=['head.mlp.0.weight', 'head.mlp.0.bias', 'head.mlp.2.weight', 'head.last_layer.weight_v\n```";
    expect(looksLikeErrorText(text)).toBe(true);
    const r = parseErrorText(text, 'e.txt');
    expect(r.kind).toBe('incompatible_keys');
    expect(r.unexpected).toEqual(['head.mlp.0.weight', 'head.mlp.0.bias', 'head.mlp.2.weight']);
    expect(r.truncated).toBe(true);
  });

  it('the fields printed as a dict', () => {
    const r = parseErrorText("{'missing_keys': ['fc.weight', 'fc.bias'], 'unexpected_keys': []}", 'e.txt');
    expect(r.missing).toEqual(['fc.weight', 'fc.bias']);
    expect(r.unexpected).toEqual([]);
    expect(r.truncated).toBe(false);
  });

  it('inside a whole repr, the fields are read once, by the repr reader', () => {
    const r = parseErrorText("_IncompatibleKeys(missing_keys=['a.weight'], unexpected_keys=['b.weight'])", 'e.txt');
    expect(r.missing).toEqual(['a.weight']);
    expect(r.unexpected).toEqual(['b.weight']);
  });

  it('prose that names the field is not a list', () => {
    expect(looksLikeErrorText('I checked missing_keys = [] in my notebook')).toBe(false);
  });
});

describe('a bare name cut at the end of an fvcore list (session 5)', () => {
  it('`sem_seg_hea` after `sem_seg_head.…` lines is a cut key, not a root parameter', () => {
    const text = 'Some model parameters or buffers are not found in the checkpoint:\nsem_seg_head.pixel_decoder.adapter_1.norm.{bias, weight}\nsem_seg_head.pixel_decoder.mask_features.{bias, weight}\nsem_seg_hea';
    const r = parseErrorText(text, 'e.txt');
    expect(r.missing).not.toContain('sem_seg_hea');
    expect(r.truncated).toBe(true);
  });
  it('a whole root parameter at the end stays (`test_class_weight`)', () => {
    const r = parseErrorText('Some model parameters or buffers are not found in the checkpoint:\nadapter.fc.{bias, weight}\ntest_class_weight', 'e.txt');
    expect(r.missing).toContain('test_class_weight');
  });
});

describe('torchreid load_pretrained_weights (session 5)', () => {
  it('its "layers are discarded" line is a lenient report of checkpoint keys not loaded', () => {
    const text = "** The following layers are discarded due to unmatched keys or layer size: ['classifier.weight', 'classifier.bias']";
    expect(looksLikeErrorText(text)).toBe(true);
    const r = parseErrorText(text, 'e.txt');
    expect(r).toMatchObject({ kind: 'incompatible_keys', families: ['torchreid'], unexpected: ['classifier.weight', 'classifier.bias'], missing: [], truncated: false });
  });
});

describe('a loader that says the checkpoint\'s weight format is older (cases3 tuning3 Mask2Former-95; OneFormer-10)', () => {
  it('reads the module it names', () => {
    const r = parseErrorText('WARNING [11/26 23:57:35 oneformer.modeling.meta_arch.oneformer_head]: Weight format of OneFormerHead have changed! Please upgrade your models. Applying automatic conversion now ...\nWARNING [11/26 23:57:35 fvcore.common.checkpoint]: Some model parameters or buffers are not found in the checkpoint:\nsem_seg_head.pixel_decoder.adapter_1.weight\n', 'e.txt');
    expect(r.olderFormat).toBe('OneFormerHead');
    expect(r.missing).toEqual(['sem_seg_head.pixel_decoder.adapter_1.weight']);
  });

  it('not said: not set', () => {
    const r = parseErrorText('WARNING [05/12 17:01:40 fvcore.common.checkpoint]: Some model parameters or buffers are not found in the checkpoint:\nsem_seg_head.pixel_decoder.adapter_1.weight\n', 'e.txt');
    expect(r.olderFormat).toBeUndefined();
  });
});

describe('what shows an evaluation or inference run (cases6 tuning6 PathGeneration-2, NeuralSVB-18, hover_net-122)', () => {
  const PG = tuningCaseText('Yunkai-Ma-PathGeneration-2');
  it('the user\'s test script in the traceback', () => {
    expect(parseErrorText(PG, 'e.txt').evaluationRun).toBe('test_partseg_showweldpointcloud.py');
  });

  it('a command line flag, and a script run by name', () => {
    expect(parseErrorText('CUDA_VISIBLE_DEVICES=0 python tasks/run.py --config x.yaml --exp_name 1012_hifigan_all_songs_nsf --reset --infer\nRuntimeError: Error(s) in loading state_dict for HifiGanGenerator:\n\tUnexpected key(s) in state_dict: "m_source.l_linear.weight". ', 'e.txt').evaluationRun).toBe('--infer');
    expect(parseErrorText('python run_infer.py --gpu=0 --model_path=HVN_original_consep.tar\nRuntimeError: Error(s) in loading state_dict for HoVerNet:\n\tUnexpected key(s) in state_dict: "decoder.tp.u0.conv.weight". ', 'e.txt').evaluationRun).toBe('run_infer.py');
  });

  it('a library\'s own files (site-packages) or a training script: not set', () => {
    const lib = '  File "/usr/lib/python3.10/site-packages/transformers/testing_utils.py", line 3, in f\nRuntimeError: Error(s) in loading state_dict for Net:\n\tMissing key(s) in state_dict: "fc.weight". ';
    expect(parseErrorText(lib, 'e.txt').evaluationRun).toBeUndefined();
    expect(parseErrorText(PG.replaceAll('test_partseg_showweldpointcloud.py', 'train_partseg.py'), 'e.txt').evaluationRun).toBeUndefined();
    // an evaluation that trains a head of its own (DINO's linear probe)
    expect(parseErrorText(PG.replaceAll('test_partseg_showweldpointcloud.py', 'eval_linear.py'), 'e.txt').evaluationRun).toBeUndefined();
  });
});

describe('what shows a framework restoring the module that saved the checkpoint (cases4 tuning4 human-gaze-7; public RAVE-65, LaMa-308)', () => {
  // francescotonini/human-gaze-target-detection-transformer#7, as posted
  const HG = `  File "/home2020/home/icube/keqichen/miniconda3/envs/ptcu117/lib/python3.9/site-packages/pytorch_lightning/trainer/trainer.py", line 961, in _restore_modules_and_callbacks
    self._checkpoint_connector.restore_model()
  File "/home2020/home/icube/keqichen/miniconda3/envs/ptcu117/lib/python3.9/site-packages/pytorch_lightning/trainer/connectors/checkpoint_connector.py", line 271, in restore_model
    self.trainer.strategy.load_model_state_dict(self._loaded_checkpoint)
RuntimeError: Error(s) in loading state_dict for HGTTRLitModule:
	Missing key(s) in state_dict: "net.gaze_watch_outside_embed.layers.0.weight", "net.gaze_watch_outside_embed.layers.0.bias". `;
  it('Lightning\'s trainer restore in the traceback', () => {
    expect(parseErrorText(HG, 'e.txt').restoreRun).toBe('_restore_modules_and_callbacks');
    // the older call chain (resume_from_checkpoint): the connector's restore_weights
    const old = '  File "/usr/local/lib/python3.10/dist-packages/pytorch_lightning/trainer/connectors/checkpoint_connector.py", line 73, in restore_weights\n    self.restore(self.trainer.resume_from_checkpoint)\nRuntimeError: Error(s) in loading state_dict for M:\n\tMissing key(s) in state_dict: "generator.model.15.weight". ';
    expect(parseErrorText(old, 'e.txt').restoreRun).toBe('restore_weights');
    expect(parseErrorText(`0: Restoring states from the checkpoint path at runs/rave/last.ckpt\n${HG.split('\n').slice(-2).join('\n')}`, 'e.txt').restoreRun).toBe('Restoring states from the checkpoint');
  });

  it('a function of the user\'s own called restore_model, or no such call: not set', () => {
    const own = '  File "train.py", line 12, in restore_model\n    net.load_state_dict(ckpt)\nRuntimeError: Error(s) in loading state_dict for M:\n\tMissing key(s) in state_dict: "fc.weight". ';
    expect(parseErrorText(own, 'e.txt').restoreRun).toBeUndefined();
    expect(parseErrorText(HG.split('\n').slice(-2).join('\n'), 'e.txt').restoreRun).toBeUndefined();
  });
});

describe('a dict KeyError on a BatchNorm counter from a loop copying tensors by key (cases7 tuning7 transferlearning-58)', () => {
  // jindongwang/transferlearning#58, as posted (an IPython traceback)
  const TL = `KeyError                                  Traceback (most recent call last)
<ipython-input-14-c438d9ae2c55> in load_pretrain(model)
     48     for k, v in model_dict.items():
     49         if not "cls_fc" in k:
---> 50             model_dict[k] = pretrained_dict[k[k.find(".") + 1:]]
     51     model.load_state_dict(model_dict)
     52     return model

KeyError: 'bn1.num_batches_tracked'`;
  it('is an error text naming the counter on the model\'s side (the checkpoint predates PyTorch 0.4.1)', () => {
    expect(looksLikeErrorText(TL)).toBe(true);
    const r = parseErrorText(TL, 'e.txt');
    expect(r.missing).toEqual(['bn1.num_batches_tracked']);
    expect(r.unexpected).toEqual([]);
    // any other key of such a KeyError names no side: not read, and no error text by itself
    expect(looksLikeErrorText(TL.replace("'bn1.num_batches_tracked'", "'bn1.weight'"))).toBe(false);
    // torch 0.3's own KeyError stays the checkpoint's unexpected key
    expect(parseErrorText('KeyError: \'unexpected key "bn1.num_batches_tracked" in state_dict\'', 'e.txt').unexpected).toEqual(['bn1.num_batches_tracked']);
  });
});
