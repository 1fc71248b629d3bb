import { describe, expect, test } from 'vitest';
import { inferPlan } from '../../../src/analysis/infer/index.js';
import type { KeyEntry } from '../../../src/formats/keys.js';

const e = (key: string, shape: number[]): KeyEntry => ({ key, shape, dtype: 'float32' });

describe('no tie copy into a model key an unsure source names as its candidate', () => {
  test('output.weight listed below --min-confidence for lm_head.weight: lm_head.weight is not filled with the embedding', () => {
    const shared = [e('model.embed_tokens.weight', [50, 8]), e('model.layers.0.mlp.weight', [16, 8]), e('model.layers.0.mlp2.weight', [8, 16]), e('model.norm.weight', [8])];
    const r = inferPlan({ source: [...shared, e('output.weight', [50, 8])], target: [...shared, e('lm_head.weight', [50, 8])], options: { minConfidence: 0.95 } });
    expect(r.ambiguities.some((a) => a.keys.includes('output.weight') && a.candidates.includes('lm_head.weight'))).toBe(true);
    expect(r.ops.filter((o) => o.op === 'copy')).toEqual([]);
  });
});

describe("SAM's one positional embedding under two names (ties.ts)", () => {
  // transformers SamModel's prompt encoder holds the model's shared_image_embedding as shared_embedding:
  // the state dict lists the tensor twice, a checkpoint may store it once under either name
  const body = [e('mask_decoder.iou_token.weight', [1, 256]), e('mask_decoder.mask_tokens.weight', [4, 256])];
  const both = (a: number[]) => [e('shared_image_embedding.positional_embedding', a), e('prompt_encoder.shared_embedding.positional_embedding', [2, 128]), ...body];
  // the target checkpoint shows the tie: both names in one storage
  const tied = [['shared_image_embedding.positional_embedding', 'prompt_encoder.shared_embedding.positional_embedding']];
  test.each(['prompt_encoder.shared_embedding.positional_embedding', 'shared_image_embedding.positional_embedding'])('stored once as %s: a copy fills the other name', (stored) => {
    const r = inferPlan({ source: [e(stored, [2, 128]), ...body], target: both([2, 128]), options: { targetStorages: tied } });
    expect(r.unmapped).toEqual([]);
    expect(r.ops.filter((o) => o.op === 'copy')).toEqual([expect.objectContaining({ key: stored })]);
  });
  test('another shape is no tie', () => {
    const r = inferPlan({ source: [e('prompt_encoder.shared_embedding.positional_embedding', [2, 128]), ...body], target: both([2, 64]), options: { targetStorages: tied } });
    expect(r.ops.filter((o) => o.op === 'copy')).toEqual([]);
  });
});

describe('a tie is copied only where the target shows it (review11 F0: an untied LM head is no copy of the embeddings)', () => {
  const base = [e('model.embed_tokens.weight', [50, 8]), e('model.layers.0.mlp.weight', [16, 8]), e('model.norm.weight', [8])];
  const target = [...base, e('lm_head.weight', [50, 8])];
  const copies = (r: ReturnType<typeof inferPlan>) => r.ops.filter((o) => o.op === 'copy');
  const why = (r: ReturnType<typeof inferPlan>) => r.ambiguities.find((a) => a.keys.includes('lm_head.weight'))?.reason ?? '';

  test('one storage under both names in the target checkpoint: the copy, with that as its evidence', () => {
    const r = inferPlan({ source: base, target, options: { targetStorages: [['model.embed_tokens.weight', 'lm_head.weight']] } });
    expect(copies(r)).toEqual([expect.objectContaining({ key: 'model.embed_tokens.weight', target: 'lm_head.weight' })]);
    expect(r.unmapped).toEqual([]);
  });
  test('separate storages in the target checkpoint: no copy; the head stays missing, said untied', () => {
    const r = inferPlan({ source: base, target, options: { targetStorages: [] } });
    expect(copies(r)).toEqual([]);
    expect(r.unmapped).toEqual(['lm_head.weight']);
    expect(why(r)).toMatch(/separate storages\): the model does not tie them/);
  });
  test('a target that cannot show storages (a manifest, a key list): no copy; how to tie it if the model does', () => {
    const r = inferPlan({ source: base, target });
    expect(copies(r)).toEqual([]);
    expect(r.unmapped).toEqual(['lm_head.weight']);
    expect(why(r)).toMatch(/--tie lm_head\.weight=model\.embed_tokens\.weight/);
  });
});

describe('a tie the target shows by storage alone, whatever the names (review 12 F4: Whisper proj_out)', () => {
  const base = [e('model.decoder.embed_tokens.weight', [50, 8]), e('model.decoder.layers.0.weight', [8, 8]), e('model.decoder.layer_norm.weight', [8])];
  const target = [...base, e('proj_out.weight', [50, 8])];
  const copies = (r: ReturnType<typeof inferPlan>) => r.ops.filter((o) => o.op === 'copy');
  test('one storage, one shape, one produced member: the copy, saying the storage is the evidence; nowhere else', () => {
    const r = inferPlan({ source: base, target, options: { targetStorages: [['model.decoder.embed_tokens.weight', 'proj_out.weight']] } });
    expect(copies(r)).toEqual([expect.objectContaining({ key: 'model.decoder.embed_tokens.weight', target: 'proj_out.weight' })]);
    expect(copies(r)[0]!.evidence).toMatch(/one storage/);
    expect(r.unmapped).toEqual([]);
    // and only there: separate storages, or none shown, are no tie by a name no convention lists; nor are views of
    // one buffer of several shapes (a flat-parameter save)
    for (const targetStorages of [[], null, [['model.decoder.embed_tokens.weight', 'proj_out.weight', 'model.decoder.layers.0.weight']]]) {
      const untied = inferPlan({ source: base, target, options: { targetStorages } });
      expect(copies(untied)).toEqual([]);
      expect(untied.unmapped).toEqual(['proj_out.weight']);
    }
  });
});
