import { describe, expect, it } from 'vitest';
import { castPairs, dtypesDiffer } from '../../src/analysis/dtype-cast.js';

const m = (source: string, expected: string, key = 'w') => ({ key, source, expected }) as Parameters<typeof castPairs>[0][number];

describe('dtype casts: one count of the pairs for plan, diff and diagnose', () => {
  it('counts each checkpoint → model pair, most frequent first', () => {
    const mismatches = [m('float32', 'float16', 'a'), m('bfloat16', 'float16', 'b'), m('bfloat16', 'float16', 'c')];
    expect(castPairs(mismatches)).toEqual([['bfloat16 → float16', 2], ['float32 → float16', 1]]);
    expect(dtypesDiffer(mismatches)).toBe('3 tensors differ in dtype (checkpoint → model: bfloat16 → float16: 2, float32 → float16: 1)');
  });
  it('names a single pair without its count', () => {
    expect(castPairs([m('float32', 'float16')])).toEqual([['float32 → float16', 1]]);
    expect(dtypesDiffer([m('float32', 'float16')])).toBe('1 tensor differs in dtype (checkpoint → model: float32 → float16)');
  });
});
