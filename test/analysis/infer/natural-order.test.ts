import { describe, expect, test } from 'vitest';
import { naturalCompare, naturalOrderIfSorted } from '../../../src/analysis/infer/natural-order.js';

describe('naturalCompare: digit runs compared as numbers wherever they sit in a segment', () => {
  test('a number inside a segment (block10_attn) sorts after block2_attn, as at the end (stage10 after stage2)', () => {
    const keys = ['enc.block10_attn.weight', 'enc.block1_attn.weight', 'enc.block2_attn.weight', 'enc.block0_attn.weight'];
    expect([...keys].sort(naturalCompare)).toEqual(['enc.block0_attn.weight', 'enc.block1_attn.weight', 'enc.block2_attn.weight', 'enc.block10_attn.weight']);
    expect(['stage10', 'stage2'].sort(naturalCompare)).toEqual(['stage2', 'stage10']);
  });
  test('several runs in one segment, text between them compared as text', () => {
    expect(['l1_h10', 'l1_h9', 'l0_h11'].sort(naturalCompare)).toEqual(['l0_h11', 'l1_h9', 'l1_h10']);
    expect(naturalCompare('a1b', 'a1c')).toBeLessThan(0);
  });
  test('a side sorted by name with inner numbers is paired in natural order', () => {
    const e = (key: string) => ({ key, shape: [4], dtype: 'float32' as const });
    const sorted = ['b10_x', 'b1_x', 'b2_x'].map(e);
    expect(naturalOrderIfSorted(sorted)?.map((x) => x.key)).toEqual(['b1_x', 'b2_x', 'b10_x']);
  });
});
