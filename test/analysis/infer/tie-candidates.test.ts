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
