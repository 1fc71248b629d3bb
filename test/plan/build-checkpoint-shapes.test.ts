import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ResolvedSide } from '../../src/analysis/sides.js';
import { parseErrorText } from '../../src/formats/error-text.js';
import type { KeyEntry } from '../../src/formats/keys.js';
import { buildPlan, inferenceSides } from '../../src/plan/build.js';

/**
 * `explain CKPT ERROR` where the text came from another file: the text's size rules (drop a head, resize
 * a vocabulary, another head count) apply only where the checkpoint's tensor has the line's checkpoint
 * shape. The shapes are those of review7's c4-matches-model.pt (torch 1.13), whose head already has the
 * model's 50 rows; the texts are the review's e5 and e4.
 */
const e = (key: string, shape: number[]): KeyEntry => ({ key, shape, dtype: null });
const NO_SOURCE = { file: 'x', size: 0, sha256: '', select: [] };
const side = (entries: KeyEntry[]): ResolvedSide => ({ file: 'c.pt', kind: 'key-list', entries, selected: null, selection: null, nonTensor: [], report: null, checkpoint: null });
const textSide = (text: string): ResolvedSide => ({ file: 'e.txt', kind: 'error-text', entries: [], selected: null, selection: null, nonTensor: [], report: parseErrorText(text, 'e.txt'), checkpoint: null });

const C4 = [
  e('model.embed_tokens.weight', [32000, 64]),
  e('model.layers.0.self_attn.q_proj.weight', [64, 64]),
  e('model.layers.0.self_attn.k_proj.weight', [64, 64]),
  e('model.layers.0.self_attn.v_proj.weight', [64, 64]),
  e('fc.weight', [50, 64]),
  e('fc.bias', [50]),
];
const E5 = `RuntimeError: Error(s) in loading state_dict for Net:
\tsize mismatch for fc.weight: copying a param with shape torch.Size([1000, 64]) from checkpoint, the shape in current model is torch.Size([50, 64]).
\tsize mismatch for fc.bias: copying a param with shape torch.Size([1000]) from checkpoint, the shape in current model is torch.Size([50]).`;
const E4 = `RuntimeError: Error(s) in loading state_dict for LlamaForCausalLM:
\tsize mismatch for model.layers.0.self_attn.k_proj.weight: copying a param with shape torch.Size([16, 64]) from checkpoint, the shape in current model is torch.Size([64, 64]).
\tsize mismatch for model.embed_tokens.weight: copying a param with shape torch.Size([32001, 64]) from checkpoint, the shape in current model is torch.Size([32000, 64]).`;

const text = (o: ReturnType<typeof buildPlan>) => o.causes.map((c) => c.message).join('\n');

describe('checkpoint and error: the text\'s size rules only where the checkpoint bears the line out', () => {
  it('a head that already has the model\'s shape is kept, not dropped as trained for another class count', () => {
    const out = buildPlan(inferenceSides(side(C4), textSide(E5)), NO_SOURCE, 't');
    expect(out.plan.ops).toEqual([]);
    expect(out.keptMissing).toEqual([]);
    expect(Object.values(out.plan.mapping)).not.toContain(null);
    expect(text(out)).not.toMatch(/trained for another (number of classes|class count)/);
    expect(text(out)).toMatch(/already matches/);
  });

  it('no head-count or vocabulary blocker from lines the checkpoint contradicts', () => {
    const out = buildPlan(inferenceSides(side(C4), textSide(E4)), NO_SOURCE, 't');
    expect(text(out)).not.toMatch(/16 rows in the checkpoint|resize_token_embeddings/);
    expect(out.causes.map((c) => c.code)).not.toContain('attention_heads');
    expect(out.causes.map((c) => c.code)).not.toContain('vocab_size');
  });

  it('the same text against the checkpoint it came from still drops the head', () => {
    const ckpt = C4.map((x) => (x.key === 'fc.weight' ? e('fc.weight', [1000, 64]) : x.key === 'fc.bias' ? e('fc.bias', [1000]) : x));
    const out = buildPlan(inferenceSides(side(ckpt), textSide(E5)), NO_SOURCE, 't');
    expect(Object.entries(out.plan.mapping).filter(([, v]) => v === null).map(([k]) => k).sort()).toEqual(['fc.bias', 'fc.weight']);
  });
});

describe('checkpoint and error: checkpoint-side keys the checkpoint lacks', () => {
  // ultralytics/yolov5#5974's text (a P6 model's Detect head at model.33) against a checkpoint whose Detect head is model.24
  const YOLO = 'RuntimeError: Error(s) in loading state_dict for Model:\n\tUnexpected key(s) in state_dict: "model.33.anchor_grid". ';
  const ckpt = [e('model.0.conv.weight', [16, 3, 6, 6]), e('model.24.anchors', [3, 3, 2]), e('model.24.anchor_grid', [3, 1, 3, 1, 1, 2])];

  it('are no key of this file: the first finding says the error did not come from it, and the plan is no fix', () => {
    const out = buildPlan(inferenceSides(side(ckpt), textSide(YOLO)), NO_SOURCE, 't');
    expect(out.causes[0]).toMatchObject({ code: 'not_this_checkpoint' });
    expect(out.causes[0]!.message).toContain('`model.33.anchor_grid`');
    expect(out.causes.map((c) => c.code)).not.toContain('match');
    expect(out.fixable).toBe(false);
    expect(out.complete).toBe(false);
  });

  it('under one top-level module more or less (a base-model prefix, a wrapper the loading code changed) they are the same tensors', () => {
    const sized = 'RuntimeError: Error(s) in loading state_dict for BertForSequenceClassification:\n\tsize mismatch for bert.classifier.weight: copying a param with shape torch.Size([9, 64]) from checkpoint, the shape in current model is torch.Size([5, 64]).';
    const bert = [e('embeddings.word_embeddings.weight', [100, 64]), e('classifier.weight', [9, 64])];
    expect(buildPlan(inferenceSides(side(bert), textSide(sized)), NO_SOURCE, 't').causes.map((c) => c.code)).not.toContain('not_this_checkpoint');
    const wrapped = ckpt.map((x) => e(`detector.${x.key}`, x.shape!));
    const named = 'RuntimeError: Error(s) in loading state_dict for Model:\n\tUnexpected key(s) in state_dict: "model.24.anchor_grid". ';
    expect(buildPlan(inferenceSides(side(wrapped), textSide(named)), NO_SOURCE, 't').causes.map((c) => c.code)).not.toContain('not_this_checkpoint');
  });

  it('this file\'s keys under one wrapper more, the missing ones all here: the file loads as it is, the load added the wrapper — never "already matches" (review 20 F9)', () => {
    // the error of a DDP-saved file (`module.features.*` unexpected, `features.*` missing) given with a plain file of `features.*`
    const plain = [e('features.0.weight', [8, 3, 3, 3]), e('features.0.bias', [8]), e('fc.weight', [10, 8]), e('fc.bias', [10])];
    const ddp = 'RuntimeError: Error(s) in loading state_dict for Net:\n\tMissing key(s) in state_dict: "features.0.weight", "features.0.bias", "fc.weight", "fc.bias". \n\tUnexpected key(s) in state_dict: "module.features.0.weight", "module.features.0.bias", "module.fc.weight", "module.fc.bias". ';
    const out = buildPlan(inferenceSides(side(plain), textSide(ddp)), NO_SOURCE, 't');
    expect(out.causes[0]).toMatchObject({ code: 'not_this_checkpoint' });
    expect(out.causes[0]!.message).toContain('under an extra `module.`');
    expect(out.causes[0]!.message).toContain('this file loads as it is');
    expect(out.causes.map((c) => c.code)).not.toContain('match');
    expect(out.fixable).toBe(false);
    // the file the error came from (its keys under `module.`) is still planned as a strip
    const wrapped = plain.map((x) => e(`module.${x.key}`, x.shape!));
    const own = buildPlan(inferenceSides(side(wrapped), textSide(ddp)), NO_SOURCE, 't');
    expect(own.causes.map((c) => c.code)).not.toContain('not_this_checkpoint');
    expect(own.plan.ops.map((o) => o.op)).toEqual(['strip_prefix']);
  });

  it('transformers renames legacy keys before it lists the unused ones: LayerNorm.gamma/beta, weight_g/weight_v are this file\'s keys (review9 A #4)', () => {
    // the original bert-base-uncased .bin (LayerNorm.gamma/beta) and transformers' "not used" text, which names them renamed
    const legacy = [
      e('bert.embeddings.word_embeddings.weight', [100, 8]), e('bert.embeddings.LayerNorm.gamma', [8]), e('bert.embeddings.LayerNorm.beta', [8]),
      e('cls.predictions.bias', [100]), e('cls.predictions.transform.dense.weight', [8, 8]),
      e('cls.predictions.transform.LayerNorm.gamma', [8]), e('cls.predictions.transform.LayerNorm.beta', [8]),
    ];
    const unused = "Some weights of the model checkpoint at ./bert_legacy were not used when initializing BertModel: ['cls.predictions.bias', 'cls.predictions.transform.dense.weight', 'cls.predictions.transform.LayerNorm.weight', 'cls.predictions.transform.LayerNorm.bias']\n- This IS expected if you are initializing BertModel from the checkpoint of a model trained on another task or with another architecture (e.g. initializing a BertForSequenceClassification model from a BertForPreTraining model).";
    const out = buildPlan(inferenceSides(side(legacy), textSide(unused)), NO_SOURCE, 't');
    expect(out.causes.map((c) => c.code)).not.toContain('not_this_checkpoint');
    // and the plan drops the keys the file holds: the head's gamma/beta go with the rest, the body's stay
    const dropped = Object.entries(out.plan.mapping).filter(([, v]) => v === null).map(([k]) => k).sort();
    expect(dropped).toEqual(['cls.predictions.bias', 'cls.predictions.transform.LayerNorm.beta', 'cls.predictions.transform.LayerNorm.gamma', 'cls.predictions.transform.dense.weight']);
    // weight norm's two names (wav2vec2's pos_conv_embed), renamed to the torch's form
    const wn = [e('encoder.pos_conv_embed.conv.weight_g', [1, 1, 4]), e('encoder.pos_conv_embed.conv.weight_v', [8, 2, 4]), e('lm_head.weight', [32, 8])];
    const wnText = "Some weights of the model checkpoint at ./w2v were not used when initializing Wav2Vec2Model: ['encoder.pos_conv_embed.conv.parametrizations.weight.original0', 'lm_head.weight']";
    expect(buildPlan(inferenceSides(side(wn), textSide(wnText)), NO_SOURCE, 't').causes.map((c) => c.code)).not.toContain('not_this_checkpoint');
    // torch's own strict load renames nothing: a LayerNorm.weight it calls unexpected is another file's key
    const torchText = 'RuntimeError: Error(s) in loading state_dict for BertModel:\n\tUnexpected key(s) in state_dict: "cls.predictions.transform.LayerNorm.weight". ';
    expect(buildPlan(inferenceSides(side(legacy), textSide(torchText)), NO_SOURCE, 't').causes[0]).toMatchObject({ code: 'not_this_checkpoint' });
  });
});
