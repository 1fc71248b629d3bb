import { describe, expect, test } from 'vitest';
import { kindReader, tensorKind } from '../../../src/analysis/infer/modules.js';
import type { Located } from '../../../src/analysis/infer/types.js';

// Module trees read each key's tensor kind through a memo by leaf segment, dtype and shape (issue 14): it must
// give exactly what tensorKind gives, for norms' other names, tables, TensorFlow's unnamed weights, keys
// without a dot (Caffe2 blob names, read whole) and keys without a shape

function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

describe('kindReader', () => {
  test('reads what tensorKind reads, repeated keys and look-alike leaves included', () => {
    const leaves = ['weight', 'bias', 'gamma', 'beta', 'scale', 'running_mean', 'num_batches_tracked', 'in_proj_weight', 'relative_attention_bias', 'k', '', 'conv1_w', 'res2_0_branch2a_b', 'weigh', 'weightt'];
    const shapes: (number[] | null)[] = [null, [], [4], [4, 4], [4, 1], [1, 4], [8, 4, 3, 3], [4, 8], [3, 4, 1, 1]];
    const dtypes = ['float32', 'float16', 'int64', null] as const;
    const rnd = lcg(17);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    for (const unnamed of [false, true]) {
      const read = kindReader(unnamed);
      let dotless = 0;
      for (let i = 0; i < 5000; i++) {
        const leaf = pick(leaves);
        const key = rnd() < 0.15 ? leaf : `${pick(['a', 'blocks.0', 'x.y'])}.${leaf}`;
        if (!key.includes('.')) dotless++;
        const e = { key, shape: pick(shapes), dtype: pick(dtypes), pos: i } as unknown as Located;
        expect(read(e)).toBe(tensorKind(e, unnamed));
      }
      expect(dotless).toBeGreaterThan(100);
    }
  });
});
