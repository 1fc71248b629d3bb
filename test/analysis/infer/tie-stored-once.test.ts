import { describe, expect, test } from 'vitest';
import { inferPlan } from '../../../src/analysis/infer/index.js';
import type { KeyEntry } from '../../../src/formats/keys.js';

const e = (key: string, shape: number[]): KeyEntry => ({ key, shape, dtype: 'float32' });

// review 18 S14/S14b: GPT-style wte/ln_f renamed to embed_tokens/norm, the head tied to the embedding
const target = [e('embed_tokens.weight', [50, 16]), e('norm.weight', [16]), e('norm.bias', [16]), e('lm_head.weight', [50, 16])];
const tied = [['embed_tokens.weight', 'lm_head.weight']];
const renames = (r: ReturnType<typeof inferPlan>) => r.ops.filter((o) => o.op !== 'copy');

describe('a tied head the checkpoint stores once, the tie shown by the target (review 18 F8)', () => {
  test('one tensor, not two look-alikes: renamed to the embedding, the tie fills the head', () => {
    const r = inferPlan({ source: [e('wte.weight', [50, 16]), e('ln_f.weight', [16]), e('ln_f.bias', [16])], target, options: { targetStorages: tied } });
    expect(r.ambiguities).toEqual([]);
    expect(r.unmapped).toEqual([]);
    expect(r.leftover).toEqual([]);
    expect(r.mapping['wte.weight']).toEqual(['embed_tokens.weight', 'lm_head.weight']);
    expect(r.ops.filter((o) => o.op === 'copy')).toEqual([expect.objectContaining({ key: 'embed_tokens.weight', target: 'lm_head.weight' })]);
    expect(renames(r)).toEqual([expect.objectContaining({ op: 'rename', pattern: '^ln_f\\.', replacement: 'norm.' }), expect.objectContaining({ op: 'rename', pattern: '^wte\\.', replacement: 'embed_tokens.' })]);
  });
  test('a checkpoint that holds a second tensor of that shape (its own head): not hidden, the storage keeps one pair as before', () => {
    const r = inferPlan({ source: [e('wte.weight', [50, 16]), e('ln_f.weight', [16]), e('ln_f.bias', [16]), e('head.weight', [50, 16])], target, options: { targetStorages: tied } });
    expect(r.ambiguities).toEqual([]);
    expect(r.ops.filter((o) => o.op === 'drop')).toEqual([expect.objectContaining({ pattern: '^head\\.weight$' })]);
  });
  test('the tie not shown (no storages): the head is not hidden, nothing is copied on a name', () => {
    const r = inferPlan({ source: [e('wte.weight', [50, 16]), e('ln_f.weight', [16]), e('ln_f.bias', [16])], target });
    expect(r.ops.filter((o) => o.op === 'copy')).toEqual([]);
    expect(r.unmapped.length + r.ambiguities.length).toBeGreaterThan(0);
  });
});

describe('a module renamed whose parameters sit at its root is a rename, not a wrapper stripped and a prefix added (review 18 F9, S14)', () => {
  test('ln_f.{weight,bias} → norm.{weight,bias}: one rename, as a person writes it', () => {
    // the source a torch save of the tied model: wte and lm_head one storage
    const r = inferPlan({ source: [e('wte.weight', [50, 16]), e('ln_f.weight', [16]), e('ln_f.bias', [16]), e('lm_head.weight', [50, 16])], target, options: { targetStorages: tied, sourceStorages: [['wte.weight', 'lm_head.weight']] } });
    expect(r.ops).toEqual([expect.objectContaining({ op: 'rename', pattern: '^ln_f\\.', replacement: 'norm.' }), expect.objectContaining({ op: 'rename', pattern: '^wte\\.', replacement: 'embed_tokens.' })]);
    expect(r.causes.map((c) => JSON.stringify(c)).join('\n')).not.toMatch(/extra `ln_f\.` prefix/);
  });
  test('a real wrapper still strips: module.ln_f.weight → ln_f.weight', () => {
    const src = [e('module.embed.weight', [50, 16]), e('module.ln_f.weight', [16]), e('module.ln_f.bias', [16])];
    const r = inferPlan({ source: src, target: [e('embed.weight', [50, 16]), e('ln_f.weight', [16]), e('ln_f.bias', [16])] });
    expect(r.ops).toEqual([expect.objectContaining({ op: 'strip_prefix', prefix: 'module.' })]);
  });
});

describe("the tie's name pairing sees: the one nearer the checkpoint's name", () => {
  test("SAM's positional matrix, stored once, is the prompt encoder's shared_embedding; the copy fills shared_image_embedding", () => {
    const body = [e('mask_decoder.iou_token.weight', [1, 256])];
    const r = inferPlan({
      source: [e('prompt_encoder.pe_layer.positional_encoding_gaussian_matrix', [2, 128]), ...body],
      target: [e('shared_image_embedding.positional_embedding', [2, 128]), e('prompt_encoder.shared_embedding.positional_embedding', [2, 128]), ...body],
      options: { targetStorages: [['shared_image_embedding.positional_embedding', 'prompt_encoder.shared_embedding.positional_embedding']] },
    });
    expect(r.mapping['prompt_encoder.pe_layer.positional_encoding_gaussian_matrix']).toEqual(['prompt_encoder.shared_embedding.positional_embedding', 'shared_image_embedding.positional_embedding']);
  });
});

test('a tied source written under both names (torch.save of the tied model) is not stored once: one add_prefix, nothing hidden (review 14 F5)', () => {
  const src = [e('blocks.0.weight', [6, 6]), e('embed.weight', [12, 6]), e('lm_head.weight', [12, 6])];
  const r = inferPlan({
    source: src,
    target: src.map((x) => ({ ...x, key: `model.${x.key}` })),
    options: { targetStorages: [['model.embed.weight', 'model.lm_head.weight']], sourceStorages: [['embed.weight', 'lm_head.weight']] },
  });
  expect(r.ops.map((o) => o.op)).toEqual(['add_prefix']);
});
