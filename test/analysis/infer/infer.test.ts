/**
 * End to end on hand-written real layouts. Every result is also checked against the plan layer:
 * the ops, executed by src/analysis/op-keys.ts, must give exactly the mapping inference reports.
 */
import { describe, expect, test } from 'vitest';
import { inferPlan, type InferResult } from '../../../src/analysis/infer/index.js';
import { checkPlanConsistency } from '../../../src/plan/validate.js';
import { makePlan } from '../../../src/plan/schema.js';
import type { KeyEntry } from '../../../src/formats/keys.js';
import * as L from './layouts.js';

function infer(source: KeyEntry[], target: KeyEntry[], minConfidence?: number): InferResult {
  const r = inferPlan({ source, target, options: minConfidence === undefined ? undefined : { minConfidence } });
  const plan = makePlan({ file: 's', size: 0, sha256: '', select: [] }, { file: 't', keys: target.length }, r);
  expect(checkPlanConsistency(plan, source)).toEqual([]);
  return r;
}

describe('inferPlan on real layouts', () => {
  test('ResNet saved under DDP: one strip_prefix', () => {
    const r = infer(L.withPrefix('module.', L.resnet18()), L.resnet18());
    expect(r.ops).toMatchObject([{ op: 'strip_prefix', prefix: 'module.' }]);
    expect(r.leftover).toEqual([]);
    expect(r.unmapped).toEqual([]);
    expect(r.fixable).toBe(true);
    expect(r.causes[0]!.message).toBe('every checkpoint key carries an extra `module.` prefix: strip it');
  });

  test('module. on only part of the keys (and torch.compile inside it)', () => {
    const target = L.resnet18();
    const source = [...L.withPrefix('module._orig_mod.', target.slice(0, 80)), ...target.slice(80)];
    const r = infer(source, target);
    expect(r.leftover).toEqual([]);
    expect(r.unmapped).toEqual([]);
    expect(r.ops.length).toBeLessThanOrEqual(2);
  });

  test('ViT fine-tuning: head of another class count is dropped with the reason', () => {
    const r = infer(L.withPrefix('module.', L.timmVit(21843)), L.timmVit(6));
    expect(r.ops).toMatchObject([
      { op: 'strip_prefix', prefix: 'module.' },
      { op: 'drop', pattern: '^head\\.', reason: 'head.weight [21843, 192] vs [6, 192], head.bias [21843] vs [6]: classifier of another class count' },
    ]);
    expect(r.mapping['module.head.weight']).toBeNull();
    expect(r.unmapped).toEqual(['head.weight', 'head.bias']);
    expect(r.fixable).toBe(true);
  });

  test('position embedding of another length: flagged, not fixed', () => {
    const r = infer(L.timmVit(1000, 3, 192, 197), L.timmVit(1000, 3, 192, 577));
    expect(r.ops).toEqual([]);
    expect(r.warnings[0]).toContain('pos_embed');
    expect(r.causes.some((c) => c.code === 'position_embedding')).toBe(true);
  });

  // Meta's wq, wk, wv, wo are four [d, d] look-alikes whose names say nothing of HF's q_proj … o_proj, and no part of
  // the attention stands between them: only their order of definition would pair them (anchor-slots.ts), so they are
  // listed with their candidates, never guessed. (A right pairing needs more than names anyway: Meta's wq and wk rows
  // are in the rotary interleaved layout, which the converter's permute_for_rope reorders.)
  const attention = (s: string) => /\.attention\.w[qkvo]\./.test(s);
  test('Meta Llama → transformers Llama: the converter\'s renames but wq / wk, which are listed (their rows need a rope permute in heads the names do not give)', () => {
    const r = infer(L.metaLlama(2), L.hfLlama(2));
    const truth = L.llamaTruth(2);
    // wv / wo by Meta's attention roles (role-names.ts); wq / wk listed (rope-renames.ts)
    const rotary = (s: string) => /\.attention\.w[qk]\./.test(s);
    for (const [s, t] of Object.entries(truth)) if (!rotary(s)) expect(r.mapping[s], s).toBe(t);
    for (const s of Object.keys(truth).filter(rotary)) expect(r.leftover).toContain(s);
    const listed = r.ambiguities.find((a) => a.keys.includes('layers.1.attention.wq.weight'));
    expect(listed?.candidates).toEqual(['model.layers.1.self_attn.q_proj.weight']);
    expect(listed?.reason).toMatch(/need a rope permute per head/);
    // no op moves a listed key
    expect(r.ops.some((o) => o.op === 'rename' && /w[qk]|attention\\\.\(|attention\\\.\$/.test(o.pattern ?? ''))).toBe(false);
    // renames compose: the module rename applies in every layer, the layer prefix is one more op
    expect(r.ops).toContainEqual(expect.objectContaining({ op: 'rename', pattern: '(^|\\.)feed_forward\\.w1\\.', replacement: '$1mlp.gate_proj.' }));
    expect(r.ops).toContainEqual(expect.objectContaining({ op: 'rename', pattern: '^(layers|norm)\\.', replacement: 'model.$1.' }));
    expect(r.ops.length).toBeLessThanOrEqual(13);
    for (const op of r.ops) expect(op.confidence).toBeGreaterThan(0.7);
  });

  test('same with more layers: op count does not grow', () => {
    const two = infer(L.metaLlama(2), L.hfLlama(2)).ops.length;
    const r = infer(L.metaLlama(8), L.hfLlama(8));
    expect(r.ops).toHaveLength(two);
    for (const [s, t] of Object.entries(L.llamaTruth(8))) if (!attention(s)) expect(r.mapping[s]).toBe(t);
  });

  test('GPT-2 Conv1D weights → nn.Linear: one transpose per weight family, the causal-mask buffer dropped', () => {
    const r = infer(L.hfGpt2(2), L.nanoGpt(2));
    const transposes = r.ops.filter((o) => o.op === 'transpose');
    // a pattern per family of layers, not an op per key (one pattern for all three would also
    // match attn.c_proj, so it is not one)
    expect(transposes.map((o) => o.pattern)).toEqual(
      ['attn\\.c_attn', 'mlp\\.c_fc', 'mlp\\.c_proj', 'attn\\.c_proj'].map((m) => `^transformer\\.h\\.\\d+\\.${m}\\.weight$`),
    );
    // attention's c_proj is square, so its shape cannot tell; every non-square Conv1D-named weight is stored
    // transposed, so GPT-2's convention decides it: transposed too, in an op of its own at the class line
    // (0.85, review 26 F8), and said in the warnings
    expect(transposes[3]!.confidence).toBe(0.85);
    expect(transposes[3]!.evidence).toMatch(/named as GPT-2 names its Conv1D layers/);
    expect(r.warnings.some((w) => w.startsWith('transformer.h.0.attn.c_proj.weight: square [768, 768]'))).toBe(true);
    // the mask buffer has no place in nanoGPT's model: dropped so a strict load succeeds
    expect(r.ops).toContainEqual(expect.objectContaining({ op: 'drop', pattern: '(^|\\.)attn\\.bias$' }));
    expect(r.mapping['transformer.h.1.attn.bias']).toBeNull();
    expect(r.leftover).toEqual([]);
  });

  test('nn.MultiheadAttention in_proj → separate q/k/v projections, and back', () => {
    const r = infer(L.torchMha(2), L.splitMha(2));
    // one split per fused tensor kind, by pattern over the layers (plan version 2), as a script loops
    expect(r.ops.filter((o) => o.op === 'split')).toEqual([
      expect.objectContaining({ pattern: '^encoder\\.layers\\.(\\d+)\\.self_attn\\.in_proj_weight$', targets: ['encoder.layers.$1.self_attn.q_proj.weight', 'encoder.layers.$1.self_attn.k_proj.weight', 'encoder.layers.$1.self_attn.v_proj.weight'] }),
      expect.objectContaining({ pattern: '^encoder\\.layers\\.(\\d+)\\.self_attn\\.in_proj_bias$' }),
    ]);
    expect(r.mapping['encoder.layers.1.self_attn.in_proj_bias']).toEqual([
      'encoder.layers.1.self_attn.q_proj.bias',
      'encoder.layers.1.self_attn.k_proj.bias',
      'encoder.layers.1.self_attn.v_proj.bias',
    ]);
    expect(r.unmapped).toEqual([]);
    const back = infer(L.splitMha(2), L.torchMha(2));
    // one concat by pattern per fused tensor kind (plan version 3), the parts in q, k, v order
    expect(back.ops.filter((o) => o.op === 'concat')).toEqual([
      expect.objectContaining({ pattern: '^encoder\\.layers\\.(\\d+)\\.self_attn\\.(q_proj|k_proj|v_proj)\\.weight$', part: 2, parts: ['q_proj', 'k_proj', 'v_proj'], target: 'encoder.layers.$1.self_attn.in_proj_weight' }),
      expect.objectContaining({ target: 'encoder.layers.$1.self_attn.in_proj_bias' }),
    ]);
    expect(back.mapping['encoder.layers.0.self_attn.k_proj.weight']).toBe('encoder.layers.0.self_attn.in_proj_weight');
    expect(back.unmapped).toEqual([]);
  });

  test('transformers ViT → timm names: renames per module plus qkv joins', () => {
    const r = infer(L.hfVit(1000, 3), L.timmVit(1000, 3));
    expect(r.unmapped).toEqual([]);
    expect(r.leftover).toEqual([]);
    expect(r.mapping['vit.encoder.layer.2.layernorm_before.bias']).toBe('blocks.2.norm1.bias');
    expect(r.mapping['vit.encoder.layer.1.output.dense.weight']).toBe('blocks.1.mlp.fc2.weight');
    expect(r.mapping['vit.encoder.layer.0.attention.attention.key.weight']).toBe('blocks.0.attn.qkv.weight');
    expect(r.mapping['classifier.bias']).toBe('head.bias');
  });

  test('another model: not fixable, nothing invented', () => {
    const r = infer(L.resnet18(), L.timmVit());
    expect(r.ops).toEqual([]);
    expect(r.fixable).toBe(false);
    expect(r.causes[0]!.code).toBe('another_model');
    expect(Object.values(r.mapping).filter((v) => typeof v === 'string' && L.timmVit().some((t) => t.key === v))).toEqual([]);
  });

  test('another model size with the same names: not fixable, said plainly', () => {
    const r = infer(L.timmVit(1000, 3, 384), L.timmVit(1000, 3, 192));
    expect(r.fixable).toBe(false);
    expect(r.causes[0]!.code).toBe('size_mismatch');
    expect(r.ops.filter((o) => o.op === 'rename')).toEqual([]);
  });

  test('from an error text: no shapes, lists cut short, still the prefix', () => {
    const names = L.resnet18().map((x) => ({ key: x.key, shape: null, dtype: null }));
    const unexpected = L.withPrefix('module.', names).slice(0, 30);
    const missing = names.slice(0, 24);
    const r = infer(unexpected, missing);
    expect(r.ops).toMatchObject([{ op: 'strip_prefix', prefix: 'module.' }]);
    expect(r.unmapped).toEqual([]);
    expect(r.leftover).toHaveLength(6);
  });

  test('minConfidence withholds weak pairs and lists them', () => {
    const r = infer(L.metaLlama(2), L.hfLlama(2), 0.99);
    expect(r.ops).toEqual([]);
    expect(r.ambiguities.some((a) => a.reason.startsWith('confidence'))).toBe(true);
  });

  test('identical state dicts: nothing to do', () => {
    const r = infer(L.resnet18(), L.resnet18());
    expect(r.ops).toEqual([]);
    expect(r.causes).toEqual([{ code: 'match', message: 'the checkpoint already matches what the model expects' }]);
    expect(r.fixable).toBe(true);
  });
});
