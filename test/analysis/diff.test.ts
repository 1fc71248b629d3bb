import { describe, expect, it } from 'vitest';
import { diffKeys } from '../../src/analysis/diff.js';
import type { KeyEntry } from '../../src/formats/keys.js';

/** torchvision resnet18().state_dict(), in its order. */
function resnet18(classes = 1000): KeyEntry[] {
  const out: KeyEntry[] = [];
  const t = (key: string, shape: number[], dtype: KeyEntry['dtype'] = 'float32') => out.push({ key, shape, dtype });
  const bn = (p: string, c: number) => {
    t(`${p}.weight`, [c]);
    t(`${p}.bias`, [c]);
    t(`${p}.running_mean`, [c]);
    t(`${p}.running_var`, [c]);
    t(`${p}.num_batches_tracked`, [], 'int64');
  };
  t('conv1.weight', [64, 3, 7, 7]);
  bn('bn1', 64);
  let cin = 64;
  [64, 128, 256, 512].forEach((c, li) => {
    for (let b = 0; b < 2; b++) {
      const p = `layer${li + 1}.${b}`;
      t(`${p}.conv1.weight`, [c, b === 0 ? cin : c, 3, 3]);
      bn(`${p}.bn1`, c);
      t(`${p}.conv2.weight`, [c, c, 3, 3]);
      bn(`${p}.bn2`, c);
      if (b === 0 && li > 0) {
        t(`${p}.downsample.0.weight`, [c, cin, 1, 1]);
        bn(`${p}.downsample.1`, c);
      }
    }
    cin = c;
  });
  t('fc.weight', [classes, 512]);
  t('fc.bias', [classes]);
  return out;
}

describe('diffKeys', () => {
  it('matches identical sources completely', () => {
    const r = resnet18();
    const d = diffKeys(r, r);
    expect(r).toHaveLength(122);
    expect(d.matched).toEqual(r.map((e) => e.key));
    expect(d.missing).toEqual([]);
    expect(d.unexpected).toEqual([]);
    expect(d.shapeMismatch).toEqual([]);
    expect(d.dtypeMismatch).toEqual([]);
  });

  it('reports a new classifier head as shape mismatches with both shapes, in expected order', () => {
    const d = diffKeys(resnet18(1000), resnet18(10));
    expect(d.shapeMismatch).toEqual([
      { key: 'fc.weight', source: [1000, 512], expected: [10, 512] },
      { key: 'fc.bias', source: [1000], expected: [10] },
    ]);
    expect(d.matched).toHaveLength(120);
    expect(d.matched).not.toContain('fc.weight');
  });

  it('orders missing and matched as expected, unexpected as the source', () => {
    const source: KeyEntry[] = [
      { key: 'b', shape: [1], dtype: null },
      { key: 'z', shape: [1], dtype: null },
      { key: 'a', shape: [1], dtype: null },
      { key: 'y', shape: [1], dtype: null },
    ];
    const expected: KeyEntry[] = ['a', 'c', 'b', 'd'].map((key) => ({ key, shape: [1], dtype: null }));
    const d = diffKeys(source, expected);
    expect(d.matched).toEqual(['a', 'b']);
    expect(d.missing).toEqual(['c', 'd']);
    expect(d.unexpected).toEqual(['z', 'y']);
  });

  it('reports dtype mismatches unless told not to, and treats unknown shapes and dtypes as agreeing', () => {
    const half = resnet18().map((e) => (e.dtype === 'float32' ? { ...e, dtype: 'float16' as const } : e));
    const d = diffKeys(half, resnet18());
    expect(d.dtypeMismatch).toHaveLength(102);
    expect(d.dtypeMismatch[0]).toEqual({ key: 'conv1.weight', source: 'float16', expected: 'float32' });
    expect(d.matched).toHaveLength(20);
    expect(diffKeys(half, resnet18(), { ignoreDtype: true }).matched).toHaveLength(122);
    const bare = resnet18().map((e) => ({ key: e.key, shape: null, dtype: null }));
    expect(diffKeys(bare, resnet18(10)).matched).toHaveLength(122);
  });

  it('puts a key with both a shape and a dtype difference in both lists', () => {
    const d = diffKeys([{ key: 'w', shape: [2], dtype: 'float16' }], [{ key: 'w', shape: [3], dtype: 'float32' }]);
    expect(d.shapeMismatch.map((m) => m.key)).toEqual(['w']);
    expect(d.dtypeMismatch.map((m) => m.key)).toEqual(['w']);
    expect(d.matched).toEqual([]);
  });

  it('diffs two 100,000-key sources exactly', () => {
    const expected: KeyEntry[] = [];
    for (let i = 0; i < 100_000; i++) expected.push({ key: `model.layers.${i >> 4}.p${i & 15}.weight`, shape: [64, 64], dtype: 'bfloat16' });
    const source = expected.map((e, i) => (i % 1000 === 0 ? { ...e, key: `module.${e.key}` } : i % 777 === 0 ? { ...e, shape: [64, 32] } : e));
    const d = diffKeys(source, expected);
    expect(d.missing).toHaveLength(100);
    expect(d.unexpected).toHaveLength(100);
    expect(d.shapeMismatch).toHaveLength(128);
    expect(d.matched.length + d.missing.length + d.shapeMismatch.length).toBe(100_000);
  });
});

