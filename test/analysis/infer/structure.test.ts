/**
 * Session-4 structural rules of plan inference, each on the smallest layout that needs it (the layouts
 * are cut down from the conversion families of bench/families that showed the problem).
 */
import { describe, expect, test } from 'vitest';
import { inferPlan } from '../../../src/analysis/infer/index.js';
import type { KeyEntry } from '../../../src/formats/keys.js';
import { e } from './layouts.js';

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
