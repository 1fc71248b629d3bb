import { describe, expect, test } from 'vitest';
import { opaqueTarget, reverseNamedSiblings } from '../../bench/families/opaque.js';
import type { Family } from '../../bench/families/types.js';
import { visibleFamilyMakers } from '../../bench/suites/plan-probe.js';
import { FAMILY_MAKERS_5, FAMILY_MAKERS_6, FAMILY_MAKERS_7, FAMILY_MAKERS_8, FAMILY_MAKERS_9, FAMILY_MAKERS_10, FAMILY_MAKERS_11, FAMILY_MAKERS_12, FAMILY_MAKERS_13, FAMILY_MAKERS_14, FAMILY_MAKERS_15, FAMILY_MAKERS_16, FAMILY_MAKERS_17, FAMILY_MAKERS_18, FAMILY_MAKERS_19, HELD_OUT_2, HELD_OUT_3 } from '../../bench/families/index.js';

const e = (key: string, shape: number[] = [4]) => ({ key, shape, dtype: null });

const family: Family = {
  name: 'toy',
  description: '',
  reference: '',
  source: [e('blocks.0.attn.qkv.weight', [12, 4]), e('blocks.0.norm.weight'), e('blocks.1.attn.qkv.weight', [12, 4]), e('blocks.1.norm.weight'), e('head.weight', [3, 4])],
  target: [
    e('layers.0.attention.query.weight', [4, 4]), e('layers.0.attention.key.weight', [4, 4]), e('layers.0.attention.value.weight', [4, 4]), e('layers.0.layer_norm.weight'),
    e('layers.1.attention.query.weight', [4, 4]), e('layers.1.attention.key.weight', [4, 4]), e('layers.1.attention.value.weight', [4, 4]), e('layers.1.layer_norm.weight'),
    e('stage3.cls_token', [1, 1, 4]),
  ],
  truth: {
    'blocks.0.attn.qkv.weight': ['layers.0.attention.query.weight', 'layers.0.attention.key.weight', 'layers.0.attention.value.weight'],
    'blocks.0.norm.weight': 'layers.0.layer_norm.weight',
    'blocks.1.norm.weight': 'layers.1.layer_norm.weight',
    'head.weight': null,
  },
  tied: { 'stage3.cls_token': 'head.weight' },
  patterns: 2,
};

describe('the generalisation probe: opaque target names', () => {
  const o = opaqueTarget(family);
  const keys = o.target.map((x) => x.key);

  test('every name a library chose becomes one unrelated token, the same wherever it occurs; indices and torch-fixed leaves stay', () => {
    const [a, b] = [keys[0]!.split('.'), keys[4]!.split('.')];
    expect(a[1]).toBe('0');
    expect(b[1]).toBe('1');
    expect(a[0]).toBe(b[0]);
    expect(a[2]).toBe(b[2]);
    expect(a[4]).toBe('weight');
    for (const word of ['layers', 'attention', 'query', 'key', 'value', 'layer_norm', 'stage', 'cls_token']) for (const k of keys) expect(k).not.toContain(word);
    // a glued index keeps its number, the name before it is a token; a leaf torch does not fix is renamed
    expect(keys[8]).toMatch(/^[a-z]{6}3\.[a-z]{6}$/);
    expect(new Set(keys).size).toBe(keys.length);
  });

  test('shapes and order stay; truth, ties and the source follow the new names', () => {
    expect(o.target.map((x) => x.shape)).toEqual(family.target.map((x) => x.shape));
    expect(o.source).toEqual(family.source);
    const split = o.truth['blocks.0.attn.qkv.weight'] as string[];
    expect(split).toEqual(keys.slice(0, 3));
    expect(o.truth['blocks.1.norm.weight']).toBe(keys[7]);
    expect(o.truth['head.weight']).toBeNull();
    expect(o.tied).toEqual({ [keys[8]!]: 'head.weight' });
  });

  test('the same family gives the same tokens on every run', () => {
    expect(opaqueTarget(family).target).toEqual(o.target);
  });

  test('reordered: named siblings reversed at every level, indexed ones keep their order, own tensors first', () => {
    const r = reverseNamedSiblings([e('a.weight'), e('a.x.weight'), e('a.y.0.weight'), e('a.y.1.weight'), e('a.n1.weight'), e('a.z.weight'), e('a.n2.weight'), e('b.weight')]);
    expect(r.map((x) => x.key)).toEqual(['b.weight', 'a.weight', 'a.z.weight', 'a.y.0.weight', 'a.y.1.weight', 'a.n1.weight', 'a.x.weight', 'a.n2.weight']);
    const ro = opaqueTarget(family, { reorder: true });
    expect(new Set(ro.target.map((x) => x.key))).toEqual(new Set(keys));
    expect(ro.target.map((x) => x.key)).not.toEqual(keys);
    expect(ro.truth).toEqual(o.truth);
  });

  test('the probe is built from visible families only: no heldout2 or heldout3 family, nothing of set 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18 or 19 (clean measures being collected)', () => {
    const names = visibleFamilyMakers().map(([n]) => n);
    expect(names.length).toBe(42);
    const later = new Set([
      ...Object.keys(FAMILY_MAKERS_5), ...Object.keys(FAMILY_MAKERS_6), ...Object.keys(FAMILY_MAKERS_7), ...Object.keys(FAMILY_MAKERS_8), ...Object.keys(FAMILY_MAKERS_9),
      ...Object.keys(FAMILY_MAKERS_10), ...Object.keys(FAMILY_MAKERS_11), ...Object.keys(FAMILY_MAKERS_12), ...Object.keys(FAMILY_MAKERS_13), ...Object.keys(FAMILY_MAKERS_14), ...Object.keys(FAMILY_MAKERS_15),
      ...Object.keys(FAMILY_MAKERS_16), ...Object.keys(FAMILY_MAKERS_17), ...Object.keys(FAMILY_MAKERS_18), ...Object.keys(FAMILY_MAKERS_19),
    ]);
    expect(later.size).toBe(179);
    for (const n of names) expect(HELD_OUT_2.has(n) || HELD_OUT_3.has(n) || later.has(n)).toBe(false);
  });
});
