import { describe, expect, test } from 'vitest';
import { findConcats, findSplits } from '../../../src/analysis/infer/fused.js';
import { locate } from '../../../src/analysis/infer/types.js';
import type { KeyEntry } from '../../../src/formats/keys.js';

// families() groups a side's keys by pattern (issue 14): by prefix and then suffix, reusing the previous
// key's module, or by the whole pattern text on a side where some key holds a `*`. Both must find the
// same families in the same order (the order ambiguity lists show), whatever order the keys come in.

const e = (key: string, shape: number[]): KeyEntry => ({ key, shape, dtype: 'float32' });

// two look-alike families beside one whole (an ambiguity: its candidates in order), one whole of a
// single family (a split), and keys of modules interleaved so the previous key's module changes often
const source = [e('layers.0.qkv.weight', [6, 4]), e('layers.1.attn.qkv.weight', [9, 4]), e('layers.0.out.weight', [4, 4])];
const target = [
  e('layers.0.b.q.weight', [2, 4]),
  e('layers.0.a.q.weight', [2, 4]),
  e('layers.1.attn.q.weight', [3, 4]),
  e('layers.0.b.k.weight', [2, 4]),
  e('layers.0.a.k.weight', [2, 4]),
  e('layers.1.attn.k.weight', [3, 4]),
  e('layers.0.a.v.weight', [2, 4]),
  e('layers.0.b.v.weight', [2, 4]),
  e('layers.1.attn.v.weight', [3, 4]),
  e('layers.1.attn.q.bias', [3]),
  e('layers.1.attn.k.bias', [3]),
];

describe('fused tensors found by families, grouped either way', () => {
  test('splits and ambiguities in the order the families first appear', () => {
    const found = findSplits(locate(source), locate(target));
    expect(found.splits.map((s) => [s.source, s.targets])).toEqual([['layers.1.attn.qkv.weight', ['layers.1.attn.q.weight', 'layers.1.attn.k.weight', 'layers.1.attn.v.weight']]]);
    expect(found.ambiguities.map((a) => [a.keys, a.candidates])).toEqual([[['layers.0.qkv.weight'], ['layers.0.b.*.weight', 'layers.0.a.*.weight']]]);
  });

  test('a side holding a `*` (grouped by the whole text) finds the same', () => {
    // a key no whole fits: only there to hold the `*`
    const starred = [...target, e('head.w*.weight', [7, 5])];
    const plain = findSplits(locate(source), locate(target));
    const withStar = findSplits(locate(source), locate(starred));
    expect(withStar).toEqual(plain);
    // the other direction too (the parts on the source side)
    expect(findConcats(locate(starred), locate(source))).toEqual(findConcats(locate(target), locate(source)));
  });

  test('keys without dots, with one dot and with a leading dot are grouped as their patterns say', () => {
    const parts = [e('q', [2, 4]), e('k', [2, 4]), e('v', [2, 4]), e('.a.q', [1, 4]), e('.a.k', [1, 4]), e('.a.v', [1, 4])];
    const wholes = [e('qkv', [6, 4]), e('.a.qkv', [3, 4])];
    const plain = findSplits(locate(wholes), locate(parts));
    const starred = findSplits(locate(wholes), locate([...parts, e('x*', [9])]));
    // a bare `qkv` and its bare parts share no module name to go by: only the dotted whole is split
    expect(plain.splits.map((s) => s.targets)).toEqual([['.a.q', '.a.k', '.a.v']]);
    expect(starred).toEqual(plain);
  });
});
