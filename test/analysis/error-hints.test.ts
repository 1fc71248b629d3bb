import { describe, expect, it } from 'vitest';
import { errorHints, outputLayers } from '../../src/analysis/error-hints.js';
import { looksLikeErrorText, parseErrorText } from '../../src/formats/error-text.js';
import { sideOfHeadless } from '../../src/analysis/readings.js';
import { runCli } from '../cli/capture-main.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * What an error text alone says about its keys (src/analysis/error-hints.ts), on texts as people paste
 * them: selections that lose the closing full stop, lists cut inside a key.
 */

describe('an unexpected list cut at its end, with no missing list before it', () => {
  // torch prints "Missing key(s)" before "Unexpected key(s)": a heading followed at once by the
  // unexpected list says the model lacked nothing, so a cut can only hide more unexpected keys
  const HEADLESS = 'RuntimeError: Error(s) in loading state_dict for PoolFormer: Unexpected key(s) in state_dict: "head.weight", "head.bias"';

  it('the parser says the model lacked nothing although the list lost its full stop', () => {
    const r = parseErrorText(HEADLESS, 'e.txt');
    expect(r.truncated).toBe(true);
    expect(r.nothingMissing).toBe(true);
  });

  it('a missing list before the unexpected one: not known to be empty', () => {
    const r = parseErrorText('RuntimeError: Error(s) in loading state_dict for Net:\n\tMissing key(s) in state_dict: "fc.weight".\n\tUnexpected key(s) in state_dict: "head.weight", "head.bi', 'e.txt');
    expect(r.nothingMissing).toBeUndefined();
  });

  it('the keys it shows are dropped (a head the feature model does not build)', () => {
    const h = errorHints(parseErrorText(HEADLESS, 'e.txt'));
    expect(h.blockers).toEqual([]);
    expect(h.drops.map((d) => d.key)).toEqual(['head.weight', 'head.bias']);
  });

  it('explain drops them and says the text was cut, without promising a strict load', async () => {
    const r = await runCli(['explain', '-'], { stdin: HEADLESS });
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')[0]).toMatch(/every key the text shows, but the text was cut short/);
    expect(r.stdout).not.toMatch(/strict\s*=\s*False/);
  });

  it('a list cut inside numbered blocks goes on through every block: another version of the code, never a drop', () => {
    // a bidirectional Mamba checkpoint loaded by a unidirectional mixer (the `_b` parameters in every layer)
    const h = errorHints(parseErrorText('RuntimeError: Error(s) in loading state_dict for VisionMamba:\n\tUnexpected key(s) in state_dict: "layers.0.mixer.A_b_log", "layers.0.mixer.D_b", "layers.0.mixer.conv1d_b.weight", "layers.0.mixer.conv1d_b.bias", "layers.0.mixer.x_pr', 'e.txt'));
    expect(h.drops).toEqual([]);
    expect(h.blockers.map((b) => b.code)).toEqual(['code_version']);
    expect(h.blockers[0]!.message).toMatch(/list was cut/);
  });
});

describe('diffusers quotes the model class', () => {
  it('the unused-weights warning with `"UNet2DConditionModel"` is read as a whole list', () => {
    const r = parseErrorText('Some weights of the model checkpoint were not used when initializing "UNet2DConditionModel": \n [\'conv_norm_out.weight, conv_norm_out.bias, conv_out.weight, conv_out.bias\']', 'e.txt');
    expect(r.modelName).toBe('UNet2DConditionModel');
    expect(r.families).toContain('diffusers');
    expect(r.unexpected).toEqual(['conv_norm_out.weight', 'conv_norm_out.bias', 'conv_out.weight', 'conv_out.bias']);
    expect(r.truncated).toBe(false);
  });
});

describe('output layers told by structure, whatever their name', () => {
  const sizeLine = (key: string, ckpt: number[], model: number[]) => `\tsize mismatch for ${key}: copying a param with shape torch.Size([${ckpt.join(', ')}]) from checkpoint, the shape in current model is torch.Size([${model.join(', ')}]).`;
  // YOLACT trained on 3 classes loaded into a 7-class model: class confidences and the semantic
  // segmentation conv change their rows only; nothing after them takes their outputs as inputs
  const YOLACT = ['RuntimeError: Error(s) in loading state_dict for Yolact:',
    sizeLine('prediction_layers.0.conf_layer.weight', [12, 256, 3, 3], [24, 256, 3, 3]),
    sizeLine('prediction_layers.0.conf_layer.bias', [12], [24]),
    sizeLine('semantic_seg_conv.weight', [3, 256, 1, 1], [7, 256, 1, 1]),
    sizeLine('semantic_seg_conv.bias', [3], [7])].join('\n');

  it('layers whose rows alone changed are heads of another class count: dropped, the model\'s kept', () => {
    const h = errorHints(parseErrorText(YOLACT, 'e.txt'));
    expect(h.blockers).toEqual([]);
    expect(h.drops.map((d) => d.key)).toEqual(['prediction_layers.0.conf_layer.weight', 'prediction_layers.0.conf_layer.bias', 'semantic_seg_conv.weight', 'semantic_seg_conv.bias']);
    expect(h.keepMissing.map((d) => d.key)).toEqual(h.drops.map((d) => d.key));
    // same kernels: the reason is the class count alone
    expect(h.drops[0]!.reason).not.toMatch(/kernel/);
  });

  it('a conv head whose kernel changed with its class count (3×3 → 1×1): the reason says so', () => {
    const text = ['RuntimeError: Error(s) in loading state_dict for Net:', sizeLine('head.weight', [21, 256, 3, 3], [6, 256, 1, 1]), sizeLine('head.bias', [21], [6])].join('\n');
    const h = errorHints(parseErrorText(text, 'e.txt'));
    expect(h.drops.map((d) => d.key)).toEqual(['head.weight', 'head.bias']);
    expect(h.drops[0]!.reason).toMatch(/another number of classes, and a 3×3 kernel where the model has 1×1$/);
    expect(h.drops[1]!.reason).not.toMatch(/kernel/);
  });

  it('a width change reaches the next layer\'s inputs: another configuration, not a head', () => {
    const text = ['RuntimeError: Error(s) in loading state_dict for Net:',
      sizeLine('aspp.conv_1x1_3.weight', [256, 1280, 1, 1], [128, 1280, 1, 1]),
      sizeLine('aspp.conv_1x1_3.bias', [256], [128]),
      sizeLine('aspp.conv_1x1_4.weight', [20, 256, 1, 1], [20, 128, 1, 1])].join('\n');
    expect(errorHints(parseErrorText(text, 'e.txt')).drops).toEqual([]);
  });

  it('a paste with an elided line may hide such lines: not judged', () => {
    const text = `Error: The model and loaded state dict do not match exactly\n\n${sizeLine('backbone.layer1.0.conv1.weight', [256, 64, 1, 1], [128, 64, 1, 1])}\n...\n`;
    const r = parseErrorText(text, 'e.txt');
    expect(r.truncated).toBe(true);
    expect(r.notes.join(' ')).toMatch(/only an elision/);
    expect(errorHints(r).drops).toEqual([]);
  });

  it('a head built with a default class count is still the config finding', () => {
    const text = ['RuntimeError: Error(s) in loading state_dict for Net:', sizeLine('logits_conv.weight', [12, 512, 1, 1], [1000, 512, 1, 1]), sizeLine('logits_conv.bias', [12], [1000])].join('\n');
    expect(errorHints(parseErrorText(text, 'e.txt')).blockers.map((b) => b.code)).toEqual(['class_count_config']);
  });
});

describe('a DETR head built with its code\'s default class count (cases6 tuning6 detr-pytorch-4, trackformer-62)', () => {
  const detr = (ckpt: number, model: number) => `RuntimeError: Error(s) in loading state_dict for DETR:
\tsize mismatch for class_embed.weight: copying a param with shape torch.Size([${ckpt}, 256]) from checkpoint, the shape in current model is torch.Size([${model}, 256]).
\tsize mismatch for class_embed.bias: copying a param with shape torch.Size([${ckpt}]) from checkpoint, the shape in current model is torch.Size([${model}]).`;
  const codes = (text: string) => errorHints(parseErrorText(text, 'e.txt')).blockers.map((b) => b.code);

  it('COCO\'s 91 ids and no-object (92) in the model, 6 in the checkpoint: the model kept the COCO default (detr-pytorch-4)', () => {
    expect(codes(detr(6, 92))).toEqual(['class_count_config']);
    expect(errorHints(parseErrorText(detr(6, 92), 'e.txt')).blockers[0]!.message).toMatch(/92 outputs \(COCO in DETR/);
  });

  it('DETR\'s non-COCO default (20 and no-object: 21) against 1 class and no-object (2): the default, though 2 is transformers\' default too (trackformer-62)', () => {
    expect(codes(detr(2, 21))).toEqual(['class_count_config']);
  });

  it('a public dataset\'s count in the checkpoint is a fine-tune between datasets, whatever the model has', () => {
    // COCO's 91 into a VOC model with background, COCO's 91 into 4 classes (Deformable-DETR-21's fine-tune)
    for (const [ckpt, model] of [[91, 21], [91, 4]] as const) {
      const h = errorHints(parseErrorText(detr(ckpt, model), 'e.txt'));
      expect(h.blockers.map((b) => b.code)).toEqual([]);
      expect(h.drops.map((d) => d.key)).toEqual(['class_embed.weight', 'class_embed.bias']);
    }
  });
});

describe('20/21/92 are DETR\'s defaults only: another family\'s head of that size was set by its user (review9 A #3)', () => {
  const sizeLine = (key: string, ckpt: number[], model: number[]) => `\tsize mismatch for ${key}: copying a param with shape torch.Size([${ckpt.join(', ')}]) from checkpoint, the shape in current model is torch.Size([${model.join(', ')}]).`;
  const mismatch = (model: string, w: string, b: string, ckpt: number, n: number, width: number) => [
    `RuntimeError: Error(s) in loading state_dict for ${model}:`,
    sizeLine(w, [ckpt, width], [n, width]),
    sizeLine(b, [ckpt], [n]),
  ].join('\n');
  for (const [what, text] of [
    ['BERT, 2 labels (SST-2) into 20 (p01)', mismatch('BertForSequenceClassification', 'classifier.weight', 'classifier.bias', 2, 20, 768)],
    ['RoBERTa-large MNLI, 3 labels into 21 (p06)', mismatch('RobertaForSequenceClassification', 'classifier.out_proj.weight', 'classifier.out_proj.bias', 3, 21, 1024)],
    ['a ResNet fc, 7 classes into 20 (p07)', mismatch('ResNet', 'fc.weight', 'fc.bias', 7, 20, 2048)],
    ['a ResNet fc, 5 classes into 92', mismatch('ResNet', 'fc.weight', 'fc.bias', 5, 92, 2048)],
  ] as const) {
    it(`${what}: the head is dropped and re-initialised, no config blocker`, () => {
      const h = errorHints(parseErrorText(text, 'e.txt'));
      expect(h.blockers.map((b) => b.code)).toEqual([]);
      expect(h.drops.length).toBe(2);
    });
  }
  it('outside DETR, a checkpoint of transformers\' default 2 labels into an ImageNet default is a fine-tune, not the default', () => {
    const h = errorHints(parseErrorText(mismatch('ResNet', 'fc.weight', 'fc.bias', 2, 1000, 2048), 'e.txt'));
    expect(h.blockers.map((b) => b.code)).toEqual([]);
  });
});

describe('a larger model saved whole, loaded into the part it held', () => {
  // an NLI network (encoder + classifier) saved with torch.save(net.state_dict()), loaded into the encoder
  const NLI = `RuntimeError: Error(s) in loading state_dict for SentenceEncoder:
\tMissing key(s) in state_dict: "enc_lstm.weight_ih_l0", "enc_lstm.weight_hh_l0", "enc_lstm.bias_ih_l0", "enc_lstm.bias_hh_l0".
\tUnexpected key(s) in state_dict: "encoder.enc_lstm.weight_ih_l0", "encoder.enc_lstm.weight_hh_l0", "encoder.enc_lstm.bias_ih_l0", "encoder.enc_lstm.bias_hh_l0", "classifier.0.weight", "classifier.0.bias", "classifier.2.weight", "classifier.2.bias".`;

  it('strips the holder\'s prefix and drops its other parts, saying why', async () => {
    const r = await runCli(['explain', '-', '--json'], { stdin: NLI });
    const j = JSON.parse(r.stdout) as { fixable: boolean; complete: boolean; plan: { ops: { op: string }[]; mapping: Record<string, string | null> }; causes: { code: string }[] };
    expect(j.fixable).toBe(true);
    expect(j.complete).toBe(true);
    expect(j.plan.ops.map((o) => o.op)).toEqual(['strip_prefix', 'drop']);
    expect(j.plan.mapping['classifier.0.weight']).toBeNull();
    expect(j.plan.mapping['encoder.enc_lstm.weight_ih_l0']).toBe('enc_lstm.weight_ih_l0');
    expect(j.causes.map((c) => c.code)).toContain('outside_submodule');
  });

  it('keys outside the prefix that are adapter weights are a fine-tune, never dropped', async () => {
    const text = NLI.replace('"classifier.0.weight", "classifier.0.bias"', '"classifier.0.lora_A.weight", "classifier.0.lora_B.weight"');
    const r = await runCli(['explain', '-', '--json'], { stdin: text });
    const j = JSON.parse(r.stdout) as { plan: { mapping: Record<string, string | null> } };
    expect(Object.keys(j.plan.mapping)).toContain('classifier.0.lora_A.weight');
    expect(j.plan.mapping['classifier.0.lora_A.weight']).not.toBeNull();
  });
});

describe('a size line cut before its shapes', () => {
  it('a head\'s line alone (an MMEngine log pasted in the issue title): the head is re-initialised, not "nothing to explain"', async () => {
    const text = 'Loading mobilenet_v3_small-8427ecf0.pth The model and loaded state dict do not match exactly size mismatch for head.layers.1.fc.weight: copying a param with shape torch.Size([1';
    const r = await runCli(['explain', '-', '--json'], { stdin: text });
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout) as { fixable: boolean; plan: { mapping: Record<string, string | null> } };
    expect(j.plan.mapping['head.layers.1.fc.weight']).toBeNull();
    expect(j.fixable).toBe(true);
  });

  it('an embedding cut after the checkpoint\'s shape: a vocabulary resize, never "already matches"', () => {
    const h = errorHints(parseErrorText('RuntimeError: Error(s) in loading state_dict for PeftModelForCausalLM:\n\tsize mismatch for base_model.model.model.embed_tokens.base_layer.weight: copying a param with shape torch.Size([32005, 2048]) from checkpoint, the shap', 'e.txt'));
    expect(h.blockers.map((b) => b.code)).toEqual(['vocab_size']);
    expect(h.blockers[0]!.message).toMatch(/resize_token_embeddings\(32005\)/);
    expect(h.drops).toEqual([]);
  });

  it('any other layer: the shapes differ, which no key edit fixes', () => {
    const h = errorHints(parseErrorText('RuntimeError: Error(s) in loading state_dict for Net:\n\tsize mismatch for backbone.layer1.0.conv1.weight: copying a param with sha', 'e.txt'));
    expect(h.blockers.map((b) => b.code)).toEqual(['size_line_cut']);
    expect(h.untouched).toEqual(['backbone.layer1.0.conv1.weight']);
  });
});

describe('a size line cut before its shapes beside other findings (review 7a: p3, p7)', () => {
  const heads = ['cls_score.weight', 'cls_score.bias'].map((k) => `roi_heads.box_predictor.${k}`);
  const texts = {
    fvcore: `WARNING:fvcore.common.checkpoint:Skip loading parameter '${heads[0]}' to the model due to incompatible shapes: (81, 1024) in the checkpoint but (3, 1024) in the model! You might want to double check if this is expected.
WARNING:fvcore.common.checkpoint:Skip loading parameter '${heads[1]}' to the model due to incompatible shapes: (81,) in the checkpoint but (3,) in the model! You might want to double check if this is expected.
WARNING:fvcore.common.checkpoint:Skip loading parameter 'roi_heads.box_predictor.bbox_pred.weight' to the model due to incompatible shapes: (320, 1024) in the checkpoint but (8, 1024)`,
    torch: `RuntimeError: Error(s) in loading state_dict for GeneralizedRCNN:
\tsize mismatch for ${heads[0]}: copying a param with shape torch.Size([81, 1024]) from checkpoint, the shape in current model is torch.Size([3, 1024]).
\tsize mismatch for ${heads[1]}: copying a param with shape torch.Size([81]) from checkpoint, the shape in current model is torch.Size([3]).
\tsize mismatch for roi_heads.box_predictor.bbox_pred.weight: copying a param with shape torch.Size([320, 1024]) from checkpoint, the shape in`,
  };
  for (const [name, text] of Object.entries(texts)) {
    it(`${name}: the cut key is named, the plan is no fix, and explain never says only kept-missing keys stay missing`, async () => {
      const h = errorHints(parseErrorText(text, 'e.txt'));
      expect(h.untouched).toEqual(['roi_heads.box_predictor.bbox_pred.weight']);
      expect(h.blockers.map((b) => b.message).join(' ')).toMatch(/`roi_heads\.box_predictor\.bbox_pred\.weight` also has another shape/);
      const r = await runCli(['explain', '-', '--json'], { stdin: text });
      const j = JSON.parse(r.stdout) as { fixable: boolean; summary: string; sizeMismatches: { target: string }[] };
      expect(j.fixable).toBe(false);
      expect(j.sizeMismatches.map((m) => m.target)).toEqual(['roi_heads.box_predictor.bbox_pred.weight']);
      expect(j.summary).not.toMatch(/only the keys kept missing/);
      const plain = await runCli(['explain', '-'], { stdin: text });
      expect(plain.stdout).not.toMatch(/only the keys kept missing/);
      expect(plain.stdout).toMatch(/bbox_pred\.weight` also has another shape/);
    });
  }
});

describe('per-layer class heads with the last size line cut (cases6 tuning6 IDEA-Research-DINO-239)', () => {
  // DINO keeps one class head per decoder layer; the poster fine-tunes the COCO checkpoint (91) on 4
  // classes (5 rows) and the paste stops inside the fourth layer's line, after the checkpoint's shape
  const line = (i: number, leaf: 'weight' | 'bias') => `\tsize mismatch for transformer.decoder.class_embed.${i}.${leaf}: copying a param with shape torch.Size([91${leaf === 'weight' ? ', 256' : ''}]) from checkpoint, the shape in current model is torch.Size([5${leaf === 'weight' ? ', 256' : ''}]).`;
  const shown = [0, 1, 2].flatMap((i) => [line(i, 'weight'), line(i, 'bias')]).join('\n');
  const text = `RuntimeError: Error(s) in loading state_dict for DINO:\n${shown}\n\tsize mismatch for transformer.decoder.class_embed.3.weight: copying a param with shape torch.Size([91, 256]) from checkpoint, the shape in current model is torch.Size([5,`;

  it('the cut line is the same head of another layer: dropped with the others, not left as a size mismatch', () => {
    const h = errorHints(parseErrorText(text, 'e.txt'));
    expect(h.drops.map((d) => d.key)).toContain('transformer.decoder.class_embed.3.weight');
    expect(h.blockers.map((b) => b.code)).not.toContain('size_line_cut_beside');
  });

  it('explain makes the head drop a fix (fine-tune prior) and still says the text was cut', async () => {
    const r = await runCli(['explain', '-', '--json'], { stdin: text });
    const j = JSON.parse(r.stdout) as { fixable: boolean; truncated: boolean; plan: { mapping: Record<string, string | null> } };
    expect(j.fixable).toBe(true);
    expect(j.truncated).toBe(true);
    expect(j.plan.mapping['transformer.decoder.class_embed.3.weight']).toBeNull();
    expect(r.stdout).not.toMatch(/strict\s*=\s*True\)?\s*(succeeds|will succeed|loads)/);
  });

  it('a cut line whose checkpoint shape is not the other layers\' is no such head: the plan leaves it and is no fix', () => {
    const other = text.replace('class_embed.3.weight: copying a param with shape torch.Size([91, 256])', 'class_embed.3.weight: copying a param with shape torch.Size([91, 512])');
    const h = errorHints(parseErrorText(other, 'e.txt'));
    expect(h.drops.map((d) => d.key)).not.toContain('transformer.decoder.class_embed.3.weight');
    expect(h.blockers.map((b) => b.code)).toContain('size_line_cut_beside');
  });

  it('a cut line of another module (another name beside the number) is not the same head', () => {
    const other = text.replace('transformer.decoder.class_embed.3.weight: copying', 'transformer.decoder.layers.3.weight: copying');
    const h = errorHints(parseErrorText(other, 'e.txt'));
    expect(h.drops.map((d) => d.key)).not.toContain('transformer.decoder.layers.3.weight');
  });
});

describe('a size line cut before its shapes that the plan leaves as it is', () => {
  it('beside lists the plan fixes (a wrapper prefix): a size mismatch of unknown shapes, and the plan is no fix', async () => {
    const text = 'RuntimeError: Error(s) in loading state_dict for Net:\n\tMissing key(s) in state_dict: "fc.weight", "fc.bias".\n\tUnexpected key(s) in state_dict: "module.fc.weight", "module.fc.bias".\n\tsize mismatch for backbone.conv1.weight: copying a param with shape torch.Size([64, 3';
    const r = await runCli(['explain', '-', '--json'], { stdin: text });
    const j = JSON.parse(r.stdout) as { fixable: boolean; sizeMismatches: unknown[]; causes: { code: string; message: string }[] };
    expect(j.fixable).toBe(false);
    expect(j.sizeMismatches).toEqual([{ source: 'backbone.conv1.weight', target: 'backbone.conv1.weight', sourceShape: null, targetShape: null }]);
    // the text is cut, so the readings a cut list leaves open follow (s7-readings' open_readings)
    expect(j.causes.map((c) => c.code)).toEqual(['strip_prefix', 'size_line_cut', 'open_readings']);
    expect(j.causes[2]!.message).toMatch(/a list cut short/);
  });
});

describe('new parts of a method, not "nothing loaded"', () => {
  // a few-shot detector's new modules and a learnable root parameter, reported by fvcore after loading a
  // pretrained detector: the stem loaded (it is not listed), so the checkpoint did load
  const FVCORE = `Some model parameters or buffers are not found in the checkpoint:
adapter.proto_center_attn.attention_weights.0.{bias, weight}
adapter.proto_center_attn.fc.{bias, weight}
bg_tokens.weight
domain_prompter.weight
prototype_classifier.linear.{bias, weight}
test_class_weight`;

  it('root parameters beside new modules, the stem not missing: new parts, kept missing', () => {
    const h = errorHints(parseErrorText(FVCORE, 'e.txt'));
    expect(h.blockers.map((b) => b.code)).not.toContain('nothing_loaded');
  });

  it('the stem missing with the rest: nothing loaded', () => {
    const h = errorHints(parseErrorText('RuntimeError: Error(s) in loading state_dict for ViT:\n\tMissing key(s) in state_dict: "cls_token", "pos_embed", "patch_embed.proj.weight", "blocks.0.norm1.weight". ', 'e.txt'));
    expect(h.blockers.map((b) => b.code)).toEqual(['nothing_loaded']);
  });

  // review20 F5: a missing-only paste listing every key of a small LM, its `emb` embedding first: no "parts new in
  // the model", no keep-missing fix that sets the whole model to its initial values
  it('an `emb` embedding missing with the blocks and the output: nothing loaded, nothing kept missing', () => {
    const h = errorHints(parseErrorText('RuntimeError: Error(s) in loading state_dict for LM:\n\tMissing key(s) in state_dict: "emb.weight", "layers.0.attn.weight", "layers.0.attn.bias", "layers.0.ln.weight", "layers.0.ln.bias", "layers.1.attn.weight", "layers.1.attn.bias", "layers.1.ln.weight", "layers.1.ln.bias", "out.weight", "out.bias". ', 'e.txt'));
    expect(h.blockers.map((b) => b.code)).toEqual(['nothing_loaded']);
    expect(h.keepMissing).toEqual([]);
  });

  // review20 F5: split q/k/v missing inside every block (the paste left out the unexpected fused `qkv`): the blocks
  // loaded otherwise, so `blocks` is no module new in the model, and its trained projections are never kept missing
  it('one part missing inside every numbered block: not new modules, nothing kept missing', () => {
    const keys = [0, 1].flatMap((i) => ['q', 'k', 'v'].flatMap((p) => [`"blocks.${i}.attn.${p}.weight"`, `"blocks.${i}.attn.${p}.bias"`]));
    const h = errorHints(parseErrorText(`RuntimeError: Error(s) in loading state_dict for ViT:\n\tMissing key(s) in state_dict: ${keys.join(', ')}. `, 'e.txt'));
    expect(h.keepMissing).toEqual([]);
    expect(h.notes.map((n) => n.code)).not.toContain('new_modules');
  });

  it('a bare layer whose every key is missing: nothing loaded', () => {
    const h = errorHints(parseErrorText('RuntimeError: Error(s) in loading state_dict for Linear:\n\tMissing key(s) in state_dict: "weight", "bias". ', 'e.txt'));
    expect(h.blockers.map((b) => b.code)).toEqual(['nothing_loaded']);
  });
});

describe('every key missing under a wrapper prefix, nothing unexpected', () => {
  it('a whole strict error: the checkpoint holds none of the weights, so adding the prefix cannot help', () => {
    // torch.compile around a module whose state_dict() is overridden to return {}
    const h = errorHints(parseErrorText('RuntimeError: Error(s) in loading state_dict for OptimizedModule:\n\tMissing key(s) in state_dict: "_orig_mod.linear.weight", "_orig_mod.linear.bias". ', 'e.txt'));
    expect(h.prefix).toBeNull();
    expect(h.blockers.map((b) => b.code)).toEqual(['wrapped_nothing_loaded']);
    expect(h.blockers[0]!.message).toMatch(/model\._orig_mod\.load_state_dict/);
  });

  it("a whole repr (s23-verify F3's filtering loader): both readings, neither as a fact, and the fix of the second", () => {
    // a DataParallel model, a file of the bare model's keys, a loader that kept only the model's own keys: torch's repr
    const text = "_IncompatibleKeys(missing_keys=['module.conv.weight', 'module.conv.bias', 'module.bn.weight', 'module.bn.bias', 'module.bn.running_mean', 'module.bn.running_var', 'module.fc.weight', 'module.fc.bias'], unexpected_keys=[])";
    const h = errorHints(parseErrorText(text, 'b.txt'));
    expect(h.prefix).toBeNull();
    expect(h.blockers.map((b) => b.code)).toEqual(['wrapped_nothing_loaded']);
    const b = h.blockers[0]!;
    expect(b.undecided).toBe(true);
    expect(b.message).not.toMatch(/changes nothing/);
    expect(b.message).toMatch(/empty or not this model's/);
    expect(b.message).toMatch(/add `module\.` to the file's keys before that filter/);
  });

  it('a cut paste may have lost the unexpected list: the prefix stays the hint', () => {
    const h = errorHints(parseErrorText('RuntimeError: Error(s) in loading state_dict for DistributedDataParallel:\n\tMissing key(s) in state_dict: "module.conv1.weight", "module.bn1.weight", "module.bn1.bi', 'e.txt'));
    expect(h.prefix).toMatchObject({ op: 'add_prefix', prefix: 'module.' });
  });
});

describe('a DataParallel checkpoint in a paste cut on both sides', () => {
  // the missing list starts mid-way (its first keys, `conv1.*`, were not pasted); every unexpected key carries `module.`
  const CUT = `eight", "modulator.gate.bn0.bias", "modulator.gate.bn0.running_mean", "conv5.0.weight", "conv5.1.weight", "conv5.1.bias", "fc.weight", "fc.bias".
\tUnexpected key(s) in state_dict: "module.conv1.0.weight", "module.conv1.1.weight", "module.conv1.1.bias", "module.conv1.1.running_mean", "module.stage2.0.branch1.0.weight", "module.stage2.0.`;

  it('strips `module.` from every key, and renames nothing into a look-alike numbered module', async () => {
    const r = await runCli(['explain', '-', '--json'], { stdin: CUT });
    const j = JSON.parse(r.stdout) as { plan: { ops: { op: string }[]; mapping: Record<string, string | null> } };
    expect(j.plan.ops.map((o) => o.op)).toEqual(['strip_prefix']);
    expect(j.plan.mapping['module.conv1.0.weight']).toBe('conv1.0.weight');
  });
});

describe('transformers / diffusers warnings (lenient loads), session 5', () => {
  it('weight_norm renamed by torch 2.1 parametrizations (weight_g → original0) is a rename; the unused CTC head is dropped, the mask embedding new', async () => {
    const text = `Some weights of the model checkpoint at facebook/wav2vec2-base-960h were not used when initializing Wav2Vec2Model: ['wav2vec2.encoder.pos_conv_embed.conv.weight_g', 'wav2vec2.encoder.pos_conv_embed.conv.weight_v', 'lm_head.weight', 'lm_head.bias']
Some weights of Wav2Vec2Model were not initialized from the model checkpoint at facebook/wav2vec2-base-960h and are newly initialized: ['wav2vec2.masked_spec_embed', 'wav2vec2.encoder.pos_conv_embed.conv.parametrizations.weight.original1', 'wav2vec2.encoder.pos_conv_embed.conv.parametrizations.weight.original0']`;
    const r = await runCli(['explain', '-', '--json'], { stdin: text });
    const j = JSON.parse(r.stdout) as { fixable: boolean; plan: { mapping: Record<string, string | null>; unmapped: string[] } };
    expect(j.plan.mapping['wav2vec2.encoder.pos_conv_embed.conv.weight_g']).toBe('wav2vec2.encoder.pos_conv_embed.conv.parametrizations.weight.original0');
    expect(j.plan.mapping['wav2vec2.encoder.pos_conv_embed.conv.weight_v']).toBe('wav2vec2.encoder.pos_conv_embed.conv.parametrizations.weight.original1');
    expect(j.plan.mapping['lm_head.weight']).toBeNull();
    expect(j.plan.unmapped).toEqual(['wav2vec2.masked_spec_embed']);
    expect(j.fixable).toBe(true);
  });

  it("diffusers' unused-weights warning beside transformers' is a lenient load too: unused parts dropped", async () => {
    const text = `Some weights of the model checkpoint at ./wav2vec2-base-960h were not used when initializing Wav2Vec2Model: ['lm_head.weight', 'lm_head.bias']
Some weights of Wav2Vec2Model were not initialized from the model checkpoint at ./wav2vec2-base-960h and are newly initialized: ['wav2vec2.masked_spec_embed']
Some weights of the model checkpoint were not used when initializing UNet2DConditionModel:
 ['conv_norm_out.weight, conv_norm_out.bias, conv_out.weight, conv_out.bias']`;
    const r = await runCli(['explain', '-', '--json'], { stdin: text });
    const j = JSON.parse(r.stdout) as { fixable: boolean; plan: { mapping: Record<string, string | null> } };
    expect(j.fixable).toBe(true);
    expect(j.plan.mapping['lm_head.weight']).toBeNull();
    expect(j.plan.mapping['conv_out.bias']).toBeNull();
  });
});

describe('a model that is itself the wrapper (session 5)', () => {
  // a DataParallel model's own keys carry `module.`: the checkpoint's auxiliary decoders are a module it lacks
  const CCT = `Some modules are missing: Error(s) in loading state_dict for DataParallel:**
\tUnexpected key(s) in state_dict: "module.aux_decoders.0.upsample.0.weight", "module.aux_decoders.0.upsample.1.conv.weight", "module.aux_decoders.0.upsample.1.conv.bias", "module.aux_decoders.1.upsample.0.weight", "module.aux_deco`;

  it('does not strip `module.` from a DataParallel model\'s error, and drops the training-only decoders it lacks', () => {
    const r = parseErrorText(CCT, 'e.txt');
    expect(r.nothingMissing).toBe(true);
    const h = errorHints(r);
    expect(h.prefix).toBeNull();
    expect(h.blockers).toEqual([]);
    expect(h.drops.map((d) => d.key)).toContain('module.aux_decoders.0.upsample.0.weight');
  });

  it('a bare model given DataParallel keys still has them stripped', () => {
    const h = errorHints(parseErrorText('RuntimeError: Error(s) in loading state_dict for ResNet:\n\tUnexpected key(s) in state_dict: "module.conv1.weight", "module.fc.weight". ', 'e.txt'));
    expect(h.prefix).toMatchObject({ op: 'strip_prefix', prefix: 'module.' });
  });
});

describe('trained biases the model builds without (bias=False)', () => {
  const VDSR = 'RuntimeError: Error(s) in loading state_dict for VDSR:\n\tUnexpected key(s) in state_dict: "conv1.0.bias", "trunk.0.conv.bias", "trunk.1.conv.bias", "conv2.bias". ';

  it('every unexpected key a bias whose weight loaded: a configuration to change, never a drop', () => {
    const h = errorHints(parseErrorText(VDSR, 'e.txt'));
    expect(h.drops).toEqual([]);
    expect(h.blockers.map((b) => b.code)).toEqual(['bias_config']);
    expect(h.blockers[0]!.message).toMatch(/bias=True/);
  });

  it('a head whose weight is unexpected too, or a cut list: not this rule', () => {
    const head = errorHints(parseErrorText('RuntimeError: Error(s) in loading state_dict for Net:\n\tUnexpected key(s) in state_dict: "fc.weight", "fc.bias", "aux.bias". ', 'e.txt'));
    expect(head.blockers.map((b) => b.code)).not.toContain('bias_config');
    const cut = errorHints(parseErrorText('RuntimeError: Error(s) in loading state_dict for VDSR:\n\tUnexpected key(s) in state_dict: "conv1.0.bias", "trunk.0.conv.bias", "trunk.1.co', 'e.txt'));
    expect(cut.blockers.map((b) => b.code)).not.toContain('bias_config');
  });

  it('explain says so and advises no strict=False', async () => {
    const r = await runCli(['explain', '-'], { stdin: VDSR });
    expect(r.stdout).toMatch(/bias=True/);
    expect(r.stdout).not.toMatch(/strict\s*=\s*False/);
    expect(r.stdout).not.toMatch(/^fix:/m);
  });
});

describe('weights saved under spectral_norm / weight_norm, a plain weight in the model', () => {
  const SN = 'RuntimeError: Error(s) in loading state_dict for EdgeGenerator:\n\tMissing key(s) in state_dict: "encoder.1.weight", "encoder.4.weight". \n\tUnexpected key(s) in state_dict: "encoder.1.weight_orig", "encoder.1.weight_u", "encoder.1.weight_v", "encoder.4.weight_orig", "encoder.4.weight_u", "encoder.4.weight_v". ';

  it('no rename (weight_v is not the weight): build with the same parametrisation', () => {
    const h = errorHints(parseErrorText(SN, 'e.txt'));
    expect(h.blockers.map((b) => b.code)).toEqual(['reparametrised_weights']);
    expect(h.blockers[0]!.message).toMatch(/spectral_norm/);
    expect(h.drops).toEqual([]);
  });

  it('explain offers no rename of weight_v to weight', async () => {
    const r = await runCli(['explain', '-'], { stdin: SN });
    expect(r.stdout).toMatch(/reparametrisation/);
    expect(r.stdout).not.toMatch(/weight_v\s*→\s*\S*\.weight\b/);
    expect(r.stdout).not.toMatch(/strict\s*=\s*False/);
  });
});

describe('outputLayers (all or nothing)', () => {
  const m = (key: string, source: number[], expected: number[]) => ({ key, source, expected });
  it('rows alone changed, in up to three modules, weight and bias agreeing: those keys', () => {
    const sizes = [m('cls.weight', [21, 256, 1, 1], [6, 256, 1, 1]), m('cls.bias', [21], [6]), m('box.weight', [84, 256], [24, 256]), m('box.bias', [84], [24])];
    expect([...outputLayers(sizes)]).toEqual(['cls.weight', 'cls.bias', 'box.weight', 'box.bias']);
  });
  it('a module whose bias is not listed beside its weight (a layer without one: an embedding table, a transposed conv): none', () => {
    expect(outputLayers([m('cls.weight', [21, 256], [6, 256]), m('cls.bias', [21], [6]), m('box.weight', [84, 256], [24, 256])]).size).toBe(0);
    expect(outputLayers([m('embed.weight', [2882, 300], [3787, 300])]).size).toBe(0);
  });
  it('a second dimension changed anywhere (another width): none', () => {
    expect(outputLayers([m('cls.weight', [21, 256], [6, 256]), m('fc.weight', [256, 512], [256, 1024])]).size).toBe(0);
  });
  it('more than three modules, a 1-D width alone, or a module whose weight and bias disagree: none', () => {
    const four = ['a', 'b', 'c', 'd'].map((x) => m(`${x}.weight`, [3, 8], [5, 8]));
    expect(outputLayers(four).size).toBe(0);
    expect(outputLayers([m('norm.weight', [21], [6])]).size).toBe(0);
    expect(outputLayers([m('cls.weight', [21, 8], [6, 8]), m('cls.bias', [20], [6])]).size).toBe(0);
    expect(outputLayers([]).size).toBe(0);
  });
});

describe('a whole strict error missing only a few whole modules (session 6)', () => {
  // dylran/crowddiff#3 (tuning3): the released weights leave out the count decoder the model builds
  const CROWDDIFF = '> RuntimeError: Error(s) in loading state_dict for SuperResModel:\n\tMissing key(s) in state_dict: "count_feat_normalization.weight", "count_feat_normalization.bias", "count_decoder.0.weight", "count_decoder.0.bias", "count_decoder.2.weight", "count_decoder.2.bias".';
  // chenxinpeng/ARNet#6 (tuning2): PyTorch 0.3's KeyError lists the set whole; the reconstructor is new in this stage
  const ARNET = `KeyError: 'missing keys in state_dict: "{\\'rcst_lstm.h2h.bias\\', \\'rcst_lstm.h2h.weight\\', \\'h_2_pre_h.weight\\', \\'rcst_lstm.i2h.bias\\', \\'h_2_pre_h.bias\\', \\'rcst_lstm.i2h.weight\\'}"'`;

  it('the modules start from their initial values, said as new parts (or left out of the release)', () => {
    for (const text of [CROWDDIFF, ARNET]) {
      const r = parseErrorText(text, 'e.txt');
      const h = errorHints(r);
      expect(h.blockers).toEqual([]);
      expect(h.keepMissing.map((k) => k.key).sort()).toEqual([...r.missing].sort());
      expect(h.notes.map((n) => n.code)).toEqual(['new_modules']);
    }
  });

  it('numbered layers past ones that loaded (a generator built for a larger size) are not new modules', () => {
    // wpeebles/gangealing#32 (tuning2): convs.10/11 and to_rgbs.5 without their lower-numbered siblings
    const r = parseErrorText('RuntimeError: Error(s) in loading state_dict for Generator:\n\tMissing key(s) in state_dict: "convs.10.conv.weight", "convs.10.noise.weight", "convs.11.conv.weight", "to_rgbs.5.bias", "to_rgbs.5.conv.weight", "noises.noise_11".', 'e.txt');
    expect(errorHints(r).keepMissing).toEqual([]);
  });

  it('a cut list, or more than three modules, is not read as new modules', () => {
    expect(errorHints(parseErrorText(CROWDDIFF.replace(/"count_decoder\.2\.bias"\.$/, '"count_deco'), 'e.txt')).notes.map((n) => n.code)).not.toContain('new_modules');
    const many = parseErrorText('RuntimeError: Error(s) in loading state_dict for Net:\n\tMissing key(s) in state_dict: "a.weight", "b.weight", "c.weight", "d.weight".', 'e.txt');
    expect(errorHints(many).notes.map((n) => n.code)).not.toContain('new_modules');
  });
});

describe('size mismatches whose rows are not a class count (session 7, general rules)', () => {
  const sizeLine = (key: string, ckpt: number[], model: number[]) => `\tsize mismatch for ${key}: copying a param with shape torch.Size([${ckpt.join(', ')}]) from checkpoint, the shape in current model is torch.Size([${model.join(', ')}]).`;
  const strict = (model: string, lines: string[]) => [`RuntimeError: Error(s) in loading state_dict for ${model}:`, ...lines].join('\n');
  const codes = (text: string) => errorHints(parseErrorText(text, 'e.txt'));

  it('an attention projection of another row count is another number of heads, never a head to re-initialise', () => {
    // Llama 3 8B (8 key/value heads, grouped-query attention) in a transformers that builds full attention (clvrai/boss#2)
    const gqa = codes(strict('LlamaForCausalLM', [sizeLine('model.layers.0.self_attn.k_proj.weight', [1024, 4096], [4096, 4096])]));
    expect(gqa.drops).toEqual([]);
    expect(gqa.blockers.map((b) => b.code)).toEqual(['attention_heads']);
    // Falcon-7B's multi-query fused projection (4672 = 71 query heads + 2 × 1 key/value head, × 64) into a model built with full attention
    const mqa = codes(strict('FalconForCausalLM', [sizeLine('transformer.h.0.self_attention.query_key_value.weight', [4672, 4544], [13632, 4544])]));
    expect(mqa.blockers.map((b) => b.code)).toEqual(['attention_heads']);
    // inside a module named as a head (`roi_head`), the attention's key projection is still no classifier
    const inHead = codes(strict('Detector', [sizeLine('roi_head.attn.k_proj.weight', [128, 256], [256, 256]), sizeLine('roi_head.attn.k_proj.bias', [128], [256])]));
    expect(inHead.drops).toEqual([]);
  });

  it('bare `q`/`key`/`value` are attention projections only under a module named as attention', () => {
    // BERT's attention.self.query and RWKV's att.key: projections (another head count, never a head drop)
    for (const key of ['bert.encoder.layer.0.attention.self.query.weight', 'blocks.0.att.key.weight', 'transformer.layers.0.SelfAttention.v.weight']) {
      const h = codes(strict('M', [sizeLine(key, [512, 1024], [1024, 1024])]));
      expect(h.blockers.map((b) => b.code), key).toEqual(['attention_heads']);
    }
    // review7 p10: RWKV's channel-mixing ffn.key is a feed-forward layer of another width, not attention
    const rwkv = codes(strict('RWKV', [sizeLine('blocks.0.ffn.key.weight', [3584, 1024], [4096, 1024]), sizeLine('blocks.1.ffn.key.weight', [3584, 1024], [4096, 1024])]));
    expect(rwkv.blockers.map((b) => b.code)).not.toContain('attention_heads');
    // review7 p11: a DQN's top-level `q` output (18 Atari actions vs 6): an output layer of another count, droppable
    const dqn = codes(strict('DQN', [sizeLine('q.weight', [18, 512], [6, 512]), sizeLine('q.bias', [18], [6])]));
    expect(dqn.blockers.map((b) => b.code)).not.toContain('attention_heads');
    expect(dqn.drops.map((d) => d.key)).toEqual(['q.weight', 'q.bias']);
  });

  it('a bare `embedding` table is a vocabulary, not a class head', () => {
    // SGM (lancopku/SGM#3): the target vocabulary built from other data (0.3-era message)
    const sgm = codes('RuntimeError: While copying the parameter named decoder.embedding.weight, whose dimensions in the model are torch.Size([58, 256]) and whose dimensions in the checkpoint are torch.Size([107, 256]).');
    expect(sgm.drops).toEqual([]);
    expect(sgm.blockers.map((b) => b.code)).toEqual(['vocab_size']);
    // torch's seq2seq tutorial: DecoderRNN's embedding is output_lang.n_words rows
    const tutorial = codes(strict('DecoderRNN', [sizeLine('embedding.weight', [2803, 256], [2925, 256]), sizeLine('out.weight', [2803, 256], [2925, 256]), sizeLine('out.bias', [2803], [2925])]));
    expect(tutorial.blockers.map((b) => b.code)).toContain('vocab_size');
    expect(tutorial.drops.map((d) => d.key)).not.toContain('embedding.weight');
  });

  it('a kernel whose sizes are the same in another order is another layout, never another model size, and no permutation is guessed (a documented one is said)', () => {
    // SegDINO3D#2 / UniSeg3D#12 (mmcv sparse ops, out and in both 32: the shapes cannot tell the order)
    const equal = codes(strict('Baseline3D', [sizeLine('backbone.blocks.block0.conv_branch.2.weight', [32, 32, 3, 3, 3], [32, 3, 3, 3, 32])]));
    expect(equal.blockers.map((b) => b.code)).toEqual(['kernel_layout']);
    expect(equal.drops).toEqual([]);
    // Cylinder3D#137: spconv 1.x [k, k, k, in, out] into spconv 2.x [out, k, k, k, in]
    const spconv = codes(strict('Asymm_3d_spconv', [sizeLine('cylinder_3d_spconv_seg.upBlock1.trans_dilao.weight', [3, 3, 3, 512, 256], [256, 3, 3, 3, 512])]));
    expect(spconv.blockers.map((b) => b.code)).toEqual(['kernel_layout']);
    // the documented spconv 1.x → 2.x conversion, not a guess from sizes (sparse-kernels.ts)
    expect(spconv.blockers[0]!.message).toContain('w.permute(4, 0, 1, 2, 3)');
    expect(equal.blockers[0]!.message).toMatch(/does not guess the permutation/);
    // another width is not a layout: [64, 3, 3, 3] vs [32, 3, 3, 3]
    expect(codes(strict('Net', [sizeLine('conv1.0.weight', [64, 3, 3, 3], [32, 3, 3, 3])])).blockers.map((b) => b.code)).not.toContain('kernel_layout');
    // the two channel counts swapped, the kernel in place: maybe another width plan, not read as a layout
    expect(codes(strict('Net', [sizeLine('layer1.conv2.weight', [64, 32, 3, 3], [32, 64, 3, 3])])).blockers.map((b) => b.code)).not.toContain('kernel_layout');
  });

  it('a `shared` table is a vocabulary in a seq2seq LM and a class embedding when its rows are ImageNet\'s classes', () => {
    // BigGAN-PyTorch#32: the Generator's class embedding shared by its blocks, 1000 ImageNet classes fine-tuned on 2
    const biggan = codes('RuntimeError: Error(s) in loading state_dict for Generator:\nsize mismatch for shared.weight: copying a param with shape torch.Size([1000, 128]) from checkpoint, the shape in current model is torch.Size([2, 128]).');
    expect(biggan.blockers.map((b) => b.code)).not.toContain('vocab_size');
    expect(biggan.drops.map((d) => d.key)).toEqual(['shared.weight']);
    // review8 p9b: the other direction, 2 classes in the checkpoint into a 1000-class Generator: the model's rows decide as well
    const back = codes('RuntimeError: Error(s) in loading state_dict for Generator:\nsize mismatch for shared.weight: copying a param with shape torch.Size([2, 128]) from checkpoint, the shape in current model is torch.Size([1000, 128]).');
    expect(back.blockers.map((b) => b.code)).not.toContain('vocab_size');
    expect(JSON.stringify(back)).not.toMatch(/resize_token_embeddings/);
    // PiVe#4: T5's token table 32101 vs 32128 rows (and its LM head): a vocabulary to resize, never a drop
    const t5 = codes(strict('T5ForConditionalGeneration', [sizeLine('shared.weight', [32101, 768], [32128, 768]), sizeLine('lm_head.weight', [32101, 768], [32128, 768])]));
    expect(t5.blockers.map((b) => b.code)).toContain('vocab_size');
    expect(t5.drops).toEqual([]);
  });

  it('a token table named as transformers\' in a model class that is not one: no resize_token_embeddings (review8 p9)', () => {
    // nanoGPT's `GPT` holds `transformer.wte`: a vocabulary, rebuilt with the checkpoint's, no transformers method
    const nano = codes(strict('GPT', [sizeLine('transformer.wte.weight', [50304, 768], [50257, 768])]));
    expect(nano.blockers.map((b) => b.code)).toContain('vocab_size');
    expect(nano.blockers.map((b) => b.message).join(' ')).not.toMatch(/resize_token_embeddings/);
    const gpt2 = codes(strict('GPT2LMHeadModel', [sizeLine('transformer.wte.weight', [50258, 768], [50257, 768])]));
    expect(gpt2.blockers.map((b) => b.message).join(' ')).toMatch(/resize_token_embeddings\(50258\)/);
  });

  it('a layer whose rows change as the token table\'s is its output layer; resize_token_embeddings only for transformers; a codebook is no vocabulary', () => {
    // review7 p15: the seq2seq tutorial's DecoderRNN (a plain nn.Module): `out` follows the vocabulary, not a class count
    const tutorial = codes(strict('DecoderRNN', [sizeLine('embedding.weight', [2803, 256], [2925, 256]), sizeLine('out.weight', [2803, 256], [2925, 256]), sizeLine('out.bias', [2803], [2925])]));
    expect(tutorial.drops).toEqual([]);
    expect(tutorial.keepMissing).toEqual([]);
    expect(tutorial.untouched).toEqual(expect.arrayContaining(['embedding.weight', 'out.weight', 'out.bias']));
    const said = tutorial.blockers.map((b) => b.message).join('\n');
    expect(said).not.toMatch(/resize_token_embeddings/);
    expect(said).toMatch(/vocabulary the checkpoint was trained with/);
    // a transformers model keeps the resize advice
    const llama = codes(strict('LlamaForCausalLM', [sizeLine('model.embed_tokens.weight', [32001, 4096], [32000, 4096])]));
    expect(llama.blockers.map((b) => b.message).join()).toMatch(/resize_token_embeddings\(32001\)/);
    // review7 p09: a VQGAN's codebook (1024 vs 16384 codes): another codebook size, neither vocabulary nor head
    const vq = codes(strict('VQModel', [sizeLine('quantize.embedding.weight', [1024, 256], [16384, 256])]));
    expect(vq.blockers.map((b) => b.code)).toEqual(['codebook_size']);
    expect(vq.drops).toEqual([]);
  });

  it('heads one class apart only at a known background pairing, or at several outputs per class a sibling confirms', () => {
    // a torchvision detector whose num_classes leaves out the background class: 91 vs 90 scores, 364 vs 360 box deltas
    const tv = codes(strict('FasterRCNN', [sizeLine('roi_heads.box_predictor.cls_score.weight', [91, 1024], [90, 1024]), sizeLine('roi_heads.box_predictor.bbox_pred.weight', [364, 1024], [360, 1024])]));
    expect(tv.blockers.map((b) => b.code)).toEqual(['class_count_config']);
    expect(tv.drops).toEqual([]);
    // mmdet's 81 (with background) against detectron2's 80: the box deltas at 4 per class, confirmed by the scores
    const d2 = codes(strict('GeneralizedRCNN', [sizeLine('roi_heads.box_predictor.cls_score.weight', [81, 1024], [80, 1024]), sizeLine('roi_heads.box_predictor.cls_score.bias', [81], [80]), sizeLine('roi_heads.box_predictor.bbox_pred.weight', [324, 1024], [320, 1024]), sizeLine('roi_heads.box_predictor.bbox_pred.bias', [324], [320])]));
    expect(d2.blockers.map((b) => b.code)).toEqual(['class_count_config']);
    expect(d2.drops).toEqual([]);
    // counts a few apart whose difference divides both are fine-tunes, not "k outputs per class": CUB's 200 to
    // Stanford Cars' 196 (not 50 vs 49 at 4), CIFAR-100 to Flowers-102 (not 50 vs 51 at 2), a YOLO head of 80
    // classes to 81 (255 vs 258, not 85 vs 86 at 3)
    const heads: [string, string, number[], number[]][] = [['ResNet', 'fc', [200, 2048], [196, 2048]], ['ResNet', 'fc', [100, 2048], [102, 2048]], ['Model', 'model.24.m.0', [255, 256, 1, 1], [258, 256, 1, 1]]];
    for (const [model, mod, c, m] of heads) {
      const h = codes(strict(model, [sizeLine(`${mod}.weight`, c, m), sizeLine(`${mod}.bias`, [c[0]!], [m[0]!])]));
      expect(h.blockers, `${c[0]} vs ${m[0]}`).toEqual([]);
      expect(h.drops.map((d) => d.key)).toEqual([`${mod}.weight`, `${mod}.bias`]);
    }
    // one apart outside the known pairings (a 10-class head fine-tuned to 11), or a few classes one apart: another dataset
    for (const [c, m] of [[11, 10], [12, 24], [9, 15], [3, 4]] as const) {
      const h = codes(strict('Net', [sizeLine('fc.weight', [c, 512], [m, 512]), sizeLine('fc.bias', [c], [m])]));
      expect(h.blockers).toEqual([]);
      expect(h.drops.map((d) => d.key)).toEqual(['fc.weight', 'fc.bias']);
    }
    // SSD's classification header alone (jetson-inference#1704, 60 vs 54): 6 anchors x 10 vs 9 classes, or 20 vs 18 at 3,
    // or a fine-tune: nothing beside it confirms a count per class, so no class-count finding is claimed
    const ssd = codes(strict('SSD', [sizeLine('classification_headers.5.weight', [60, 256, 3, 3], [54, 256, 3, 3]), sizeLine('classification_headers.5.bias', [60], [54])]));
    expect(ssd.blockers).toEqual([]);
  });

  it('no class rule reads a module one of whose lines changes an input width, whichever line comes first', () => {
    // review7 p18: the bias line first, the weight's input width 512 vs 256
    const p18 = codes(strict('Net', [sizeLine('fc.bias', [11], [10]), sizeLine('fc.weight', [11, 512], [10, 256])]));
    // review7 p17: a known pairing (81 vs 80) whose weight also changes its input width
    const p17 = codes(strict('GeneralizedRCNN', [sizeLine('roi_heads.box_predictor.cls_score.weight', [81, 1024], [80, 2048]), sizeLine('roi_heads.box_predictor.cls_score.bias', [81], [80])]));
    for (const h of [p18, p17]) {
      expect(h.blockers.map((b) => b.code)).not.toContain('class_count_config');
      expect(h.drops).toEqual([]);
    }
  });
});

describe('a bare `emb` table of another row count is a vocabulary (cases7 tuning7 MoeGoe-35; public jaywalnut310/vits#88, VITS-fast-fine-tuning#259)', () => {
  // CjangCjengh/MoeGoe#35, the size line as posted: VITS's symbol table, 35 symbols in the checkpoint, 50 in the config
  const VITS = 'RuntimeError: Error(s) in loading state_dict for SynthesizerTrn:\tsize mismatch for enc_p.emb.weight: copying a param with shape torch.Size([35, 192]) from checkpoint, the shape in current model is torch.Size([50, 192]).';
  it('no head dropped: the symbols the checkpoint was trained with', () => {
    const h = errorHints(parseErrorText(VITS, 'e.txt'));
    expect(h.drops).toEqual([]);
    expect(h.blockers.map((b) => b.code)).toEqual(['vocab_size']);
    expect(h.blockers[0]!.message).toMatch(/vocabulary the checkpoint was trained with \(its vocabulary size, 35/);
    // a layer whose name merely contains it (`label_emb`, `pos_emb`) is not read as a token table
    expect(errorHints(parseErrorText(VITS.replaceAll('enc_p.emb.weight', 'enc_p.label_emb.weight'), 'e.txt')).blockers.map((b) => b.code)).not.toContain('vocab_size');
  });
});

describe('layers whose rows are not a class count: a neck\'s width, a box encoding (cases7 tuning7 EfficientDet.Pytorch-27, PointRCNN-131)', () => {
  // toandaominh1997/EfficientDet.Pytorch#27, as posted: EfficientDet-D0's 88-wide BiFPN in a 256-wide one
  const BIFPN = 'Demo error:size mismatch for BIFPN.lateral_convs.0.conv.weight: copying a param with shape torch.Size([88, 40, 1, 1]) from checkpoint, the shape in current model is torch.Size([256, 40, 1, 1]).';
  // sshaoshuai/PointRCNN#131, as posted: LOC_XZ_FINE on (76) against the trained model's off (52)
  const RPN = 'RuntimeError: Error(s) in loading state_dict for PointRCNN:\n\tsize mismatch for rpn.rpn_reg_layer.2.conv.weight: copying a param with shape torch.Size([52, 128, 1]) from checkpoint, the shape in current model is torch.Size([76, 128, 1]).\n\tsize mismatch for rpn.rpn_reg_layer.2.conv.bias: copying a param with shape torch.Size([52]) from checkpoint, the shape in current model is torch.Size([76]).';
  it('never a head to drop', () => {
    const neck = parseErrorText(BIFPN, 'e.txt');
    expect(outputLayers(neck.sizeMismatch).size).toBe(0);
    expect(errorHints(neck).drops).toEqual([]);
    const rpn = errorHints(parseErrorText(RPN, 'e.txt'));
    expect(rpn.drops).toEqual([]);
    expect(rpn.blockers.map((b) => b.code)).toEqual(['regression_setting']);
    // beside a class layer of another count, the regression layer is a class-aware one: a fine-tune's head, dropped
    const both = errorHints(parseErrorText(`${RPN}\n\tsize mismatch for rpn.rpn_cls_layer.2.conv.weight: copying a param with shape torch.Size([1, 128, 1]) from checkpoint, the shape in current model is torch.Size([3, 128, 1]).`, 'e.txt'));
    expect(both.blockers.map((b) => b.code)).not.toContain('regression_setting');
  });
});

describe('an nn.Sequential given a larger model\'s keys for it (cases7 tuning7 SadTalker-Video-Lip-Sync-87)', () => {
  // Zz-ww/SadTalker-Video-Lip-Sync#87, as posted up to its cut: Wav2Lip's audio_encoder (an nn.Sequential)
  const W2L = '```\nRuntimeError: Error(s) in loading state_dict for Sequential:\n        Unexpected key(s) in state_dict: "audio_encoder.0.conv_block.0.weight", "audio_encoder.0.conv_block.0.bias", "audio_encoder.0.conv_block.1.weight", "audio_encoder.0.conv_block.1.bias", "audio_encoder.0.conv_block.1.running_mean", "audio_encoder.0.conv_block.1.running_var", "audio_encoder.0.conv_block.1.num_batches_tracked", "audio_encoder.1.conv_block.0.weight", "audio_encoder.1.co';
  it('strips the name it had there, its counters with it', async () => {
    const h = errorHints(parseErrorText(W2L, 'e.txt'));
    expect(h.prefix?.op).toBe('strip_prefix');
    expect(h.prefix?.prefix).toBe('audio_encoder.');
    const r = await runCli(['explain', '-', '--json'], { stdin: W2L });
    const j = JSON.parse(r.stdout) as { fixable: boolean; plan: { mapping: Record<string, string | null> }; after: { unexpected: string[] } };
    expect(j.plan.mapping['audio_encoder.0.conv_block.1.num_batches_tracked']).toBe('0.conv_block.1.num_batches_tracked');
    expect(j.after.unexpected).toEqual([]);
    // another model class, or keys under two names: not this rule
    expect(errorHints(parseErrorText(W2L.replace('for Sequential', 'for Wav2Lip'), 'e.txt')).prefix).toBeNull();
    expect(errorHints(parseErrorText(W2L.replace('"audio_encoder.0.conv_block.0.bias"', '"face_encoder.0.conv_block.0.bias"'), 'e.txt')).prefix).toBeNull();
  });
});

describe("a self-supervised linear-evaluation loader's assertion beside the printed checkpoint keys (facebookresearch/simsiam#8)", () => {
  // the issue's text, shortened: the assertion as its title, the model built in code, the checkpoint's keys printed one a line, cut by the excerpt
  const keys = ['encoder.conv1.weight', 'encoder.bn1.weight', 'encoder.bn1.bias', 'encoder.bn1.running_mean', 'encoder.bn1.running_var', 'encoder.bn1.num_batches_tracked', 'encoder.layer1.0.conv1.weight'];
  const simsiam = (printed: readonly string[], assertion = 'assert set(msg.missing_keys) == {"fc.weight", "fc.bias"}') =>
    `# AssertionError: ${assertion}\n\nMy pretraining phase went well, but now when I try loading the checkpoint to train the classifier it breaks.\n\`\`\`\nmodel = torchvision.models.__dict__['resnet18']()\n\`\`\`\n\`\`\`\nfor k in list(state_dict.keys()):\n    print(k)\n\`\`\`\n\`\`\`${printed.join('\n')}\nencoder.layer1.0.bn`;
  const sided = (t: string) => sideOfHeadless(parseErrorText(t, 'e.txt'));

  it('parses the assertion as the keys allowed to stay missing, and the printed keys (the cut last one left out) without a side', () => {
    const r = parseErrorText(simsiam(keys), 'e.txt');
    expect(looksLikeErrorText(simsiam(keys))).toBe(true);
    expect(r.assertedMissing).toEqual(['fc.weight', 'fc.bias']);
    expect(r.unsided).toEqual(keys);
    expect(r.truncated).toBe(true);
    // the printed list alone, without the assertion, is no error text
    expect(looksLikeErrorText(simsiam(keys).replace(/^# AssertionError: .*$/m, '# loading fails'))).toBe(false);
  });

  it('the printed keys under one module the asserted head is not in are the checkpoint\'s; the encoder prefix is stripped', () => {
    const r = sided(simsiam(keys));
    expect(r.unexpected).toEqual(keys);
    const h = errorHints(r);
    expect(h.prefix).toMatchObject({ op: 'strip_prefix', prefix: 'encoder.' });
    expect(h.prefix!.keys).toContain('encoder.bn1.num_batches_tracked');
    expect(h.blockers).toEqual([]);
  });

  it("MoCo's DDP names: `module.encoder_q.` is stripped and the projector `module.encoder_q.fc.*` left out", () => {
    const moco = ['module.encoder_q.conv1.weight', 'module.encoder_q.bn1.weight', 'module.encoder_q.layer1.0.conv1.weight', 'module.encoder_q.fc.0.weight', 'module.encoder_q.fc.0.bias'];
    const h = errorHints(sided(simsiam(moco)));
    expect(h.prefix).toMatchObject({ op: 'strip_prefix', prefix: 'module.encoder_q.' });
    expect(h.drops.map((d) => d.key)).toEqual(['module.encoder_q.fc.0.weight', 'module.encoder_q.fc.0.bias']);
  });

  it('keys under another name for the encoder (one top-level module, two keys or more) get the same strip; keys that include the asserted head get no such fix', () => {
    // session 25: before, `backbone.`/`network.` (the robust probe's prefix-word rename) got no strip and the words
    // said "the model lacks nothing" beside an assertion that says more than the head was missing
    for (const name of ['backbone.', 'network.']) {
      const other = keys.map((k) => k.replace('encoder.', name));
      expect(errorHints(sided(simsiam(other))).prefix, name).toMatchObject({ op: 'strip_prefix', prefix: name });
    }
    // keys under two top-level modules: no one name to strip
    const two = keys.map((k, i) => (i % 2 ? k.replace('encoder.', 'backbone.') : k.replace('encoder.', 'network.')));
    expect(errorHints(sided(simsiam(two))).prefix).toBeNull();
    // the model's own keys printed (the head among them): no side is decided
    const model = ['conv1.weight', 'bn1.weight', 'layer1.0.conv1.weight', 'fc.weight', 'fc.bias'];
    expect(sided(simsiam(model)).unexpected).toEqual([]);
  });
});

describe('a box head is never sized by classes (session 13, MixFormerV2-48)', () => {
  // MCG-NJU/MixFormerV2#48, as posted (cut mid-line): the online config's box head 96 wide, the first stage's 72
  const MIXFORMER = `RuntimeError: Error(s) in loading state_dict for MixFormer:
        size mismatch for box_head.layers.1.0.weight: copying a param with shape torch.Size([72, 768]) from checkpoint, the shape in current model is torch.Size([96, 768]).
        size mismatch for box_head.layers.1.0.bias: copying a param with shape torch.Size([72]) from checkpoint, the shape in current model is torch.Size([96]).
        size mismatch for box_head.layers.1.0.weight: copying a pa`;

  it('a layer of `box_head` whose rows differ is a setting of the head, not a head of another class count', () => {
    const h = errorHints(parseErrorText(MIXFORMER, 'e.txt'));
    expect(h.drops).toEqual([]);
    expect(h.blockers.map((b) => b.code)).toEqual(['regression_setting']);
    expect(h.blockers[0]!.message).toContain('box head');
    // mmdet's bbox_head holds the class layer: still a head of another class count
    const mmdet = MIXFORMER.replace(/box_head\.layers\.1\.0/g, 'roi_head.bbox_head.fc_cls');
    expect(errorHints(parseErrorText(mmdet, 'e.txt')).drops.map((d) => d.key)).toContain('roi_head.bbox_head.fc_cls.weight');
  });
});

describe('the batch counters dropped with the unexpected keys: each counter parsed to its module', () => {
  const reasons = (keys: readonly string[]) => {
    const text = `RuntimeError: Error(s) in loading state_dict for Net:\n\tUnexpected key(s) in state_dict: ${keys.map((k) => `"${k}"`).join(', ')}. `;
    return new Map(errorHints(parseErrorText(text, 'e.txt')).drops.map((d) => [d.key, d.reason]));
  };

  it("a counter beside its module's unexpected weights goes with a module the model lacks; one alone, with a layer kept without statistics", () => {
    const r = reasons(['extra.bn.weight', 'extra.bn.bias', 'extra.bn.num_batches_tracked', 'bn2.num_batches_tracked']);
    expect(r.get('extra.bn.num_batches_tracked')).toBe('the batch counter of a module the model does not have');
    expect(r.get('bn2.num_batches_tracked')).toMatch(/^the batch counter of a normalisation layer the model keeps without running statistics/);
  });

  it("the root's counter (a bare `num_batches_tracked`) belongs to the model itself, never to a module named like its key cut short", () => {
    // the hand slice read `num_batches_tracke.` as its module
    const r = reasons(['num_batches_tracke.weight', 'num_batches_tracked']);
    expect(r.get('num_batches_tracked')).toMatch(/^the batch counter of a normalisation layer the model keeps without running statistics/);
  });
});

describe("s25-verify F5: a training checkpoint's bookkeeping state dicts are never the weights' field", () => {
  const whole = (fields: string[]) => parseErrorText(`RuntimeError: Error(s) in loading state_dict for Net:\n\tMissing key(s) in state_dict: "conv.weight", "fc.weight". \n\tUnexpected key(s) in state_dict: ${fields.map((f) => `"${f}"`).join(', ')}. \n`, 'e.txt');

  it('the scheduler, optimizer and scaler state dicts are passed over for the one named for the network', () => {
    expect(errorHints(whole(['scheduler_state_dict', 'net_state_dict', 'epoch'])).select?.field).toBe('net_state_dict');
    expect(errorHints(whole(['optim_state_dict', 'lr_scheduler_state_dict', 'scaler_state_dict', 'model_state_dict'])).select?.field).toBe('model_state_dict');
  });

  it('with only bookkeeping beside the counters no field is chosen', () => {
    expect(errorHints(whole(['optim_state_dict', 'scaler_state_dict', 'epoch'])).select ?? null).toBeNull();
  });
});

describe("s25-verify F6: a class head under a module called `dec` is not told a vocabulary change", () => {
  const text = (rows: [number, number]) => parseErrorText(`RuntimeError: Error(s) in loading state_dict for Classifier:\n\tsize mismatch for dec.out.weight: copying a param with shape torch.Size([${rows[0]}, 64]) from checkpoint, the shape in current model is torch.Size([${rows[1]}, 64]).\n\tsize mismatch for dec.out.bias: copying a param with shape torch.Size([${rows[0]}]) from checkpoint, the shape in current model is torch.Size([${rows[1]}]).\n`, 'e.txt');

  it('both readings, the vocabulary and the classes, each with its fix; no key edit', () => {
    const b = errorHints(text([10, 100])).blockers.find((x) => x.code === 'vocab_size')!;
    expect(b.message).toMatch(/if `dec` is a sequence decoder, this is its word projection and the vocabulary changed size .*; if it is a classifier's output layer, the model was built for 100 classes where the checkpoint has 10: .*the names cannot tell which/);
  });

  it('`decoder.out` stays the vocabulary it is', () => {
    const t = parseErrorText(`RuntimeError: Error(s) in loading state_dict for Seq2Seq:\n\tsize mismatch for decoder.out.weight: copying a param with shape torch.Size([1011, 64]) from checkpoint, the shape in current model is torch.Size([4, 64]).\n`, 'e.txt');
    expect(errorHints(t).blockers.find((x) => x.code === 'vocab_size')!.message).toMatch(/: the vocabulary changed size \(tokens added or removed\); no key edit fixes it/);
  });
});

describe('s25-verify F5, with only bookkeeping fields: no regrouping is offered beside "none of them holds weights"', () => {
  it('explain of the text names no key transform a model key list may show', async () => {
    const dir = mkdtempSync(join(process.env.TMPDIR ?? tmpdir(), 'f5-'));
    const file = join(dir, 'e.txt');
    writeFileSync(file, 'RuntimeError: Error(s) in loading state_dict for Net:\n\tMissing key(s) in state_dict: "conv.weight", "conv.bias", "fc.weight", "fc.bias". \n\tUnexpected key(s) in state_dict: "optim_state_dict", "scaler_state_dict", "epoch". \n');
    const r = await runCli(['explain', file]);
    expect(r.stdout).toMatch(/none of them holds weights/);
    expect(r.stdout).not.toMatch(/regrouping|full key list may show one/);
    rmSync(dir, { recursive: true, force: true });
  });
});
