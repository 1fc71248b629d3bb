/**
 * Session-4 structural rules of plan inference, each on the smallest layout that needs it (the layouts
 * are cut down from the conversion families of bench/families that showed the problem).
 */
import { describe, expect, test } from 'vitest';
import { inferPlan } from '../../../src/analysis/infer/index.js';
import type { KeyEntry } from '../../../src/formats/keys.js';
import { e } from './layouts.js';
import { leafName } from '../../../src/analysis/infer/synonyms.js';
import { findConcats, findSplits, placementOf } from '../../../src/analysis/infer/fused.js';
import { splitOps, type SplitInput } from '../../../src/analysis/infer/fused-ops.js';
import { ownWords } from '../../../src/analysis/key-tokens.js';
import { gptNeoXToGGUF } from '../../../bench/families/c2-phi-neox.js';

const block = (p: string, d: number): KeyEntry[] => [
  e(`${p}norm1.weight`, [d]), e(`${p}norm1.bias`, [d]),
  e(`${p}attn.q.weight`, [d, d]), e(`${p}attn.kv.weight`, [2 * d, d]), e(`${p}attn.kv.bias`, [2 * d]),
  e(`${p}norm2.weight`, [d]), e(`${p}norm2.bias`, [d]),
];

describe('a fused-named tensor the other side keeps fused', () => {
  test('is paired whole, never cut into two look-alike norms', () => {
    const source = [...block('block1.0.', 8), ...block('block1.1.', 8), e('norm1.weight', [8]), e('norm1.bias', [8])];
    const target = [...block('stages.0.blocks.0.', 8), ...block('stages.0.blocks.1.', 8), e('stages.0.norm.weight', [8]), e('stages.0.norm.bias', [8])];
    const r = inferPlan({ source, target });
    expect(r.mapping['block1.0.attn.kv.bias']).toBe('stages.0.blocks.0.attn.kv.bias');
    expect(r.mapping['block1.1.norm1.bias']).toBe('stages.0.blocks.1.norm1.bias');
    expect(r.mapping['norm1.weight']).toBe('stages.0.norm.weight');
    expect(r.ops.some((o) => o.op === 'split')).toBe(false);
  });

});

describe('a word after post/pre names the neighbour, not the module', () => {
  test('ownWords keeps the head noun and the qualifier, drops the neighbour', () => {
    expect(ownWords(['post', 'attention', 'layernorm'])).toEqual(['post', 'layernorm']);
    expect(ownWords(['pre', 'norm'])).toEqual(['pre', 'norm']);
    expect(ownWords(['input', 'layernorm'])).toEqual(['input', 'layernorm']);
  });

  test('GPT-NeoX input_layernorm / post_attention_layernorm keep their order against GGUF attn_norm / ffn_norm', () => {
    const f = gptNeoXToGGUF();
    const r = inferPlan({ source: f.source, target: f.target });
    for (let i = 0; i < 24; i++) {
      expect(r.mapping[`gpt_neox.layers.${i}.input_layernorm.weight`]).toBe(`blk.${i}.attn_norm.weight`);
      expect(r.mapping[`gpt_neox.layers.${i}.post_attention_layernorm.bias`]).toBe(`blk.${i}.ffn_norm.bias`);
    }
  });
});

describe('what a strict load refuses and nothing trained is lost by dropping', () => {
  // a backbone whose model also expects keys the checkpoint lacks (so not every key is accounted for)
  const source = [
    e('layers.0.blocks.1.attn_mask', [64, 49, 49]), e('layers.0.blocks.1.attn.qkv.weight', [24, 8]), e('layers.0.blocks.1.norm1.weight', [8]),
    e('head.weight', [1000, 8]), e('head.bias', [1000]),
  ];
  const target = [e('stages.0.blocks.1.attn.w_msa.qkv.weight', [24, 8]), e('stages.0.blocks.1.norm1.weight', [8]), e('norm0.weight', [8]), e('norm0.bias', [8])];

  test('a constructor-computed buffer and a head the model has no place for are dropped, each with its reason', () => {
    const r = inferPlan({ source, target });
    expect(r.mapping['layers.0.blocks.1.attn_mask']).toBeNull();
    expect(r.mapping['head.weight']).toBeNull();
    expect(r.mapping['head.bias']).toBeNull();
    const reasons = r.ops.flatMap((o) => (o.op === 'drop' ? [o.reason] : []));
    expect(reasons.some((w) => w.includes('shifted-window'))).toBe(true);
    expect(reasons.some((w) => w.includes('task head'))).toBe(true);
  });

  test("the head's reason says the model has a head of its own (another class count), not none", () => {
    // DDP-saved: backbone renamed to encoder, an auxiliary head, a 10-class head for a model with 3 classes
    const linear = (p: string, o: number, i: number) => [e(`${p}.weight`, [o, i]), e(`${p}.bias`, [o])];
    const old = [...linear('module.backbone.0', 6, 4), ...linear('module.backbone.2', 6, 6), ...linear('module.aux', 2, 6), ...linear('module.head', 10, 6)];
    const model = [...linear('encoder.0', 6, 4), ...linear('encoder.2', 6, 6), ...linear('head', 3, 6)];
    const r = inferPlan({ source: old, target: model });
    expect(r.mapping['module.head.weight']).toBeNull();
    const reasons = r.ops.flatMap((o) => (o.op === 'drop' ? [o.reason] : []));
    // judged as a pair (`head` ↔ `head` under the stripped `module.`) or as a key with no counterpart
    expect(reasons.some((w) => w.includes("another size than the model's") || w.includes('classifier of another class count'))).toBe(true);
    expect(reasons.some((w) => w.includes('does not have'))).toBe(false);
  });

  test('a head a missing model key could still take is not dropped', () => {
    const r = inferPlan({ source, target: [...target, e('classifier.weight', [1000, 8])] });
    expect(r.mapping['head.weight']).not.toBeNull();
  });
});

describe('fused splits cut per stage', () => {
  test('one split op per stage where each stage cuts its own sizes, the stage index literal, the block index captured', () => {
    const inputs: SplitInput[] = [];
    for (const [stage, d] of [[0, 96], [1, 192]] as const) {
      for (const b of [0, 1]) {
        const key = `layers.${stage}.blocks.${b}.qkv.weight`;
        inputs.push({ source: key, key, dim: 0, sizes: [d, d, d], confidence: 0.9, evidence: 'sizes', targets: ['query', 'key', 'value'].map((p) => `layers.${stage}.blocks.${b}.${p}.weight`) });
      }
    }
    const { ops } = splitOps(inputs, inputs.map((i) => i.key));
    expect(ops).toHaveLength(2);
    expect(ops[0]).toMatchObject({ pattern: '^layers\\.0\\.blocks\\.(\\d+)\\.qkv\\.weight$', targets: ['layers.0.blocks.$1.query.weight', 'layers.0.blocks.$1.key.weight', 'layers.0.blocks.$1.value.weight'], sizes: [96, 96, 96] });
    expect(ops[1]).toMatchObject({ pattern: '^layers\\.1\\.blocks\\.(\\d+)\\.qkv\\.weight$', sizes: [192, 192, 192] });
  });

  test('one op for every layer where all cut alike, as before', () => {
    const inputs: SplitInput[] = [0, 1, 2].map((b) => ({ source: `blocks.${b}.qkv.weight`, key: `blocks.${b}.qkv.weight`, dim: 0, sizes: [8, 8, 8], confidence: 0.9, evidence: 'sizes', targets: ['q', 'k', 'v'].map((p) => `layer.${b}.${p}.weight`) }));
    const { ops } = splitOps(inputs, inputs.map((i) => i.key));
    expect(ops).toEqual([expect.objectContaining({ pattern: '^blocks\\.(\\d+)\\.qkv\\.weight$', targets: ['layer.$1.q.weight', 'layer.$1.k.weight', 'layer.$1.v.weight'] })]);
  });
});

describe('fused tensors and their parts', () => {
  test('a whole that names its parts (kv) is not cut into two look-alikes beside it', () => {
    const source = new Map([['attn.kv.bias', { ...e('attn.kv.bias', [16]), pos: 0 }]]);
    const target = new Map([
      ['attn.sr.bias', { ...e('attn.sr.bias', [8]), pos: 0 }], ['attn.norm.bias', { ...e('attn.norm.bias', [8]), pos: 1 }],
    ]);
    expect(findSplits(source, target).splits).toEqual([]);
    const named = new Map([['attn.k.bias', { ...e('attn.k.bias', [8]), pos: 0 }], ['attn.v.bias', { ...e('attn.v.bias', [8]), pos: 1 }]]);
    expect(findSplits(source, named).splits[0]?.targets).toEqual(['attn.k.bias', 'attn.v.bias']);
  });

  test('parts are found beside their whole when the pairs so far put their module there, however layers are numbered', () => {
    // MiT → mmseg: block1.0.attn.{q,kv} join into layers.0.1.0.attn.attn.in_proj_weight; 1-based stage names
    const parts = new Map([
      ['block1.0.attn.q.weight', { ...e('block1.0.attn.q.weight', [8, 8]), pos: 0 }], ['block1.0.attn.kv.weight', { ...e('block1.0.attn.kv.weight', [16, 8]), pos: 1 }],
      ['block1.1.attn.q.weight', { ...e('block1.1.attn.q.weight', [8, 8]), pos: 2 }], ['block1.1.attn.kv.weight', { ...e('block1.1.attn.kv.weight', [16, 8]), pos: 3 }],
    ]);
    const wholes = new Map([['layers.0.1.1.attn.attn.in_proj_weight', { ...e('layers.0.1.1.attn.attn.in_proj_weight', [24, 8]), pos: 0 }]]);
    expect(findConcats(parts, wholes).concats).toEqual([]);
    const placement = placementOf([
      { from: 'block1.1.attn.proj.weight', to: 'layers.0.1.1.attn.attn.out_proj.weight' },
      { from: 'block1.0.attn.proj.weight', to: 'layers.0.1.0.attn.attn.out_proj.weight' },
    ]);
    expect(findConcats(parts, wholes, placement).concats[0]?.sources).toEqual(['block1.1.attn.q.weight', 'block1.1.attn.kv.weight']);
  });
});

describe('underscore-joined blob names (Caffe2 / Detectron)', () => {
  test('their abbreviated leaves read as parameter kinds, only on keys without a dot', () => {
    expect(leafName('res2_0_branch2a_bn_s')).toBe('weight');
    expect(leafName('res2_0_branch2a_bn_b')).toBe('bias');
    expect(leafName('conv1_w')).toBe('weight');
    expect(leafName('res2_0_branch2a_bn_riv')).toBe('running_var');
    expect(leafName('blocks.0.attn_b')).toBe('attn_b');
    expect(leafName('LayerNorm.gamma')).toBe('weight');
  });

  test('a scale is never paired with a bias', () => {
    const source = [e('conv1_w', [8, 3, 3, 3]), e('res_conv1_bn_s', [8]), e('res_conv1_bn_b', [8])];
    const target = [e('stem.conv1.weight', [8, 3, 3, 3]), e('stem.conv1.norm.weight', [8]), e('stem.conv1.norm.bias', [8])];
    const r = inferPlan({ source, target });
    expect(r.mapping['res_conv1_bn_s']).not.toBe('stem.conv1.norm.bias');
    expect(r.mapping['res_conv1_bn_b']).not.toBe('stem.conv1.norm.weight');
  });
});
