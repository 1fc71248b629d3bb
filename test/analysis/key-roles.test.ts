/**
 * Key roles read from names alone (src/analysis/key-roles.ts): heads of different jobs are never one
 * tensor under two names, in inference and in the lenient-load hints.
 */
import { describe, expect, it } from 'vitest';
import { ADAPTER_WEIGHT, bufferRule, crossesHeadRoles, HEAD_MODULE, headRole } from '../../src/analysis/key-roles.js';
import { inferPlan } from '../../src/analysis/infer/index.js';
import { errorHints, lenientHints } from '../../src/analysis/error-hints.js';
import { parseErrorText } from '../../src/formats/error-text.js';

const k = (key: string) => ({ key, shape: null, dtype: null });

describe('heads of different jobs', () => {
  it('names the job of a head key, and tells jobs apart', () => {
    expect(headRole('lm_head.dense.weight')).toBe('language-model head');
    expect(headRole('cls.predictions.transform.dense.weight')).toBe('language-model head');
    expect(headRole('roberta.pooler.dense.weight')).toBe('pooler');
    expect(headRole('encoder.layer.0.attention.self.query.weight')).toBeNull();
    expect(crossesHeadRoles('lm_head.dense.weight', 'roberta.pooler.dense.weight')).toBe(true);
    // renamed within its job, or a key outside any head: not crossing
    expect(crossesHeadRoles('lm_predictions.lm_head.bias', 'cls.predictions.bias')).toBe(false);
    expect(crossesHeadRoles('lm_head.dense.weight', 'dense.weight')).toBe(false);
  });

  it('inference never pairs a masked-LM head with a pooler, even when one prefix rule would', () => {
    const r = inferPlan({
      source: ['lm_head.dense.weight', 'lm_head.dense.bias'].map(k),
      target: ['roberta.pooler.dense.weight', 'roberta.pooler.dense.bias'].map(k),
      options: { partial: true },
    });
    expect(Object.values(r.mapping).filter((v) => typeof v === 'string' && v.includes('pooler'))).toEqual([]);
  });

  it("BERT's masked-LM head never pairs with a task model's one-layer head, whatever the task code calls it (hsc748NLP/sikufenci#4)", () => {
    // the real text's keys under another head word (the robust probe's head-words: `cls` -> `scorer`, `classifier` -> `predictor`)
    const checkpoint = ['bias', 'transform.dense.weight', 'transform.dense.bias', 'transform.LayerNorm.weight', 'transform.LayerNorm.bias', 'decoder.weight', 'decoder.bias'];
    for (const head of ['predictor', 'classify', 'tagger']) {
      expect(crossesHeadRoles('scorer.predictions.transform.dense.weight', `${head}.weight`), head).toBe(true);
      expect(crossesHeadRoles(`${head}.bias`, 'cls.predictions.bias'), head).toBe(true);
      const r = inferPlan({
        source: checkpoint.map((x) => k(`scorer.predictions.${x}`)),
        target: [`${head}.weight`, `${head}.bias`].map(k),
        options: { partial: true },
      });
      expect(Object.values(r.mapping).filter((v) => typeof v === 'string' && v.startsWith(head)), head).toEqual([]);
    }
    // the LM head's own renames stay possible, and `lm_head` may still pair with a name of no role (Meta's `output`)
    expect(crossesHeadRoles('lm_predictions.lm_head.dense.weight', 'cls.predictions.transform.dense.weight')).toBe(false);
    expect(crossesHeadRoles('output.weight', 'lm_head.weight')).toBe(false);
  });

  it("a Keras application's classifier `predictions` (a plain dense layer) still pairs with a task head of no role (s26-verify: ResNet50 predictions → fc)", () => {
    expect(crossesHeadRoles('predictions.weight', 'fc.weight')).toBe(false);
    expect(crossesHeadRoles('predictions.bias', 'fc.bias')).toBe(false);
    expect(crossesHeadRoles('predictions.transform.dense.weight', 'fc.weight')).toBe(true);
  });

  it('a transformers report of an unused LM head and a new pooler: drop the one, keep the other missing', () => {
    const report = parseErrorText(
      "Some weights of the model checkpoint at roberta-large were not used when initializing RobertaModel: ['lm_head.dense.weight', 'lm_head.dense.bias']\n" +
      "Some weights of RobertaModel were not initialized from the model checkpoint at roberta-large and are newly initialized: ['roberta.pooler.dense.weight', 'roberta.pooler.dense.bias']",
      'e.txt',
    );
    const h = lenientHints(report, report.unexpected, report.missing);
    expect(h?.drops.map((d) => d.key)).toEqual(['lm_head.dense.weight', 'lm_head.dense.bias']);
    expect(h?.keepMissing.map((d) => d.key)).toEqual(['roberta.pooler.dense.weight', 'roberta.pooler.dense.bias']);
  });
});

describe('buffers and counters read from names', () => {
  it('a YOLO anchor grid is a buffer recomputed from the anchors', () => {
    expect(bufferRule('model.24.anchor_grid')?.what).toMatch(/anchor grid/);
    expect(bufferRule('model.24.anchors')).toBeNull();
  });

  it("GRL's coordinate tables, indices and masks at the model's root are buffers (ofsoundof/GRL-Image-Restoration#4; spandrel's _NON_PERSISTENT_BUFFERS)", () => {
    for (const k of ['table_w', 'table_sh', 'index_sh_a2w', 'mask_sv_w2a', 'model.index_w']) expect(bufferRule(k)?.what, k).toMatch(/GRL/);
    // a ViT's mask token and another model's index table are not GRL's
    for (const k of ['mask_token', 'index_table', 'table_x', 'mask_w2a']) expect(bufferRule(k), k).toBeNull();
  });

  it('a counter as the one key of a PyTorch <= 0.3 KeyError: drop it and say every counter goes', () => {
    const report = parseErrorText('KeyError: \'unexpected key "enc_2.bn.num_batches_tracked" in state_dict\'', 'e.txt');
    const h = errorHints(report);
    expect(h.blockers).toEqual([]);
    expect(h.drops.map((d) => d.key)).toEqual(['enc_2.bn.num_batches_tracked']);
    expect(h.notes[0]!.message).toMatch(/every counter in the checkpoint is unexpected/);
    // another first key stays unknown: nothing can be inferred from it
    expect(errorHints(parseErrorText('KeyError: \'unexpected key "decoder.conv1.weight" in state_dict\'', 'e.txt')).blockers.map((b) => b.code)).toEqual(['first_key_only']);
  });
});

describe('adapter weights', () => {
  it('missing LoRA weights are a fine-tune that did not load, never a new part kept missing', () => {
    const report = parseErrorText("UserWarning: Found missing adapter keys while loading the checkpoint: ['base_model.model.layers.0.q_proj.lora_A.default.weight', 'base_model.model.layers.0.q_proj.lora_B.default.weight']", 'e.txt');
    const h = errorHints(report);
    expect(h.blockers.map((b) => b.code)).toEqual(['adapter_not_loaded']);
    expect(h.keepMissing).toEqual([]);
    expect(lenientHints(report, [], report.missing)).toBeNull();
  });
});

describe('EMA keys', () => {
  it('the EMA helper\'s counters are bookkeeping, its other keys a shadow copy', () => {
    expect(bufferRule('model_ema.decay')?.what).toMatch(/EMA bookkeeping/);
    expect(bufferRule('model_ema.num_updates')?.what).toMatch(/EMA bookkeeping/);
    expect(bufferRule('model_ema.diffusion_model.out2weight')?.what).toMatch(/EMA shadow copy/);
  });
});

describe('a whole model\'s checkpoint given to its backbone (OpenMMLab)', () => {
  it('mmcv lists every key under backbone.: strip it, saying why', () => {
    const h = errorHints(parseErrorText('unexpected key in source state_dict: backbone.conv1.weight, backbone.bn1.weight, backbone.layer1.0.conv1.weight', 'e.txt'));
    expect(h.prefix).toMatchObject({ op: 'strip_prefix', prefix: 'backbone.' });
    expect(h.prefix?.why).toMatch(/prefix='backbone\.'/);
  });

  it('not from torch\'s strict error, where the model is the whole network', () => {
    const h = errorHints(parseErrorText('RuntimeError: Error(s) in loading state_dict for Net:\n\tUnexpected key(s) in state_dict: "backbone.conv1.weight", "backbone.bn1.weight". ', 'e.txt'));
    expect(h.prefix).toBeNull();
  });
});

describe('numbered layers past the model\'s', () => {
  const hintsOf = (keys: string[]) => errorHints(parseErrorText(`RuntimeError: Error(s) in loading state_dict for Generator:\n\tUnexpected key(s) in state_dict: ${keys.map((k) => `"${k}"`).join(', ')}. `, 'e.txt'));
  it('a deeper checkpoint is another depth or size, never layers to drop', () => {
    const h = hintsOf(['convs.12.conv.weight', 'convs.12.conv.modulation.weight', 'convs.13.conv.weight', 'to_rgbs.6.bias']);
    expect(h.blockers.map((b) => b.code)).toEqual(['extra_layers']);
    expect(h.drops).toEqual([]);
  });
  it('a module whose listed keys start at index 0 is a module the model lacks: dropped', () => {
    const h = hintsOf(['aux.0.weight', 'aux.0.bias', 'aux.2.weight']);
    expect(h.blockers).toEqual([]);
    expect(h.drops.map((d) => d.key)).toEqual(['aux.0.weight', 'aux.0.bias', 'aux.2.weight']);
  });
});

describe('adapter weights the model has no place for', () => {
  it('are a fine-tune that would be discarded: a finding, never a drop', () => {
    const h = errorHints(parseErrorText('RuntimeError: Error(s) in loading state_dict for GPT:\n\tUnexpected key(s) in state_dict: "transformer.h.0.attn.attn.lora_A", "transformer.h.0.attn.attn.lora_B". ', 'e.txt'));
    expect(h.blockers.map((b) => b.code)).toEqual(['adapter_unplaced']);
    expect(h.drops).toEqual([]);
  });
});

describe('what is not an adapter', () => {
  it('Segment Anything\'s prompt encoder is part of the model', () => {
    expect(ADAPTER_WEIGHT.test('prompt_encoder.point_embeddings.0.weight')).toBe(false);
    expect(ADAPTER_WEIGHT.test('base_model.model.prompt_encoder.default.embedding.weight')).toBe(true);
  });
});

describe('nothing loaded, for models whose first layer is an embedding or a conv_in', () => {
  it('a Tacotron2 whose every key is missing, its embedding first: not this model\'s state dict', () => {
    const keys = ['embedding.weight', 'encoder.convolutions.0.0.conv.weight', 'encoder.convolutions.0.1.weight', 'encoder.lstm.weight_ih_l0', 'decoder.prenet.layers.0.linear_layer.weight', 'postnet.convolutions.0.0.conv.weight'];
    const h = errorHints(parseErrorText(`RuntimeError: Error(s) in loading state_dict for Tacotron2:\n\tMissing key(s) in state_dict: ${keys.map((k) => `"${k}"`).join(', ')}. `, 'e.txt'));
    expect(h.blockers.map((b) => b.code)).toEqual(['nothing_loaded']);
  });
});

describe('a network held by a training loss (session 6)', () => {
  it('its weights are not the model\'s: a perceptual / segmentation loss, LPIPS', () => {
    // advimman/lama#214 (tuning3): the released checkpoint carries the segmentation network of the perceptual loss
    expect(bufferRule('loss_segm_pl.impl.layer1.0.conv1.weight')?.what).toMatch(/network of a training loss/);
    expect(bufferRule('generator.perceptual_loss.vgg.features.0.weight')?.what).toMatch(/network of a training loss/);
    expect(bufferRule('lpips.net.scaling_layer.shift')?.what).toMatch(/network of a training loss/);
  });

  it('XLM\'s `lm_loss` head, a loss\'s own class weights, and modules merely named with loss are not it', () => {
    expect(bufferRule('pred_layer.lm_loss.proj.weight')).toBeNull();
    expect(bufferRule('criterion.pos_weight')?.what).toMatch(/class weights/);
    expect(bufferRule('loss_head.weight')).toBeNull();
  });

  it('a cut unexpected list of such a network: the keys shown are dropped, and the cut is said', () => {
    const text = '\tUnexpected key(s) in state_dict: "loss_segm_pl.impl.conv1.weight", "loss_segm_pl.impl.bn1.weight", "loss_segm_pl.impl.bn1.bias", "loss_segm_pl.impl.layer1.0.conv1.weight", "loss_segm_pl.impl.layer1.0';
    const report = parseErrorText(text, 'e.txt');
    expect(report.truncated).toBe(true);
    const h = errorHints(report);
    expect(h.blockers).toEqual([]);
    expect(h.drops.map((d) => d.key)).toContain('loss_segm_pl.impl.layer1.0.conv1.weight');
  });
});

describe('a SpecAugment mask embedding (session 6)', () => {
  it('newly initialised alone is not "nothing loaded": the model keeps its own, nothing trained is lost', () => {
    // Omni-Avatar/OmniAvatar#12 (tuning3): transformers' warning on a wav2vec2 CTC checkpoint
    const h = errorHints(parseErrorText("Some weights of Wav2VecModel were not initialized from the model checkpoint at pretrained_models/wav2vec2-base-960h and are newly initialized: ['masked_spec_embed']\nYou should probably TRAIN this model on a down-stream task to be able to use it for predictions and inference.", 'e.txt'));
    expect(h.blockers).toEqual([]);
    expect(h.keepMissing.map((k) => [k.key, k.kind])).toEqual([['masked_spec_embed', 'buffer']]);
    expect(bufferRule('wav2vec2.masked_spec_embed')?.what).toMatch(/SpecAugment/);
  });
});

describe('a classifier named for its class count', () => {
  it("Caffe2's `fc1000` (ImageNet's 1000 classes) is a head, as `fc` and `fc8` are; a name that only begins with fc is not", () => {
    expect(HEAD_MODULE.test('fc1000.weight')).toBe(true);
    expect(HEAD_MODULE.test('fc1000')).toBe(true);
    expect(HEAD_MODULE.test('fc8.weight')).toBe(true);
    expect(HEAD_MODULE.test('fcx.weight')).toBe(false);
  });
});
