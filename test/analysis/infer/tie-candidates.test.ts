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
  test.each(['prompt_encoder.shared_embedding.positional_embedding', 'shared_image_embedding.positional_embedding'])('stored once as %s: a copy fills the other name', (stored) => {
    const r = inferPlan({ source: [e(stored, [2, 128]), ...body], target: both([2, 128]) });
    expect(r.unmapped).toEqual([]);
    expect(r.ops.filter((o) => o.op === 'copy')).toEqual([expect.objectContaining({ key: stored })]);
  });
  test('another shape is no tie', () => {
    const r = inferPlan({ source: [e('prompt_encoder.shared_embedding.positional_embedding', [2, 128]), ...body], target: both([2, 64]) });
    expect(r.ops.filter((o) => o.op === 'copy')).toEqual([]);
  });
});
