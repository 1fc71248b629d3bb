import { existsSync, readdirSync, readFileSync } from 'node:fs';
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
