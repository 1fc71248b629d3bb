import { describe, expect, it } from 'vitest';
import { dotSuffixes, firstSegmentOf, isDotSuffix, leafOf, moduleNameOf, moduleOf, modulePrefixOf } from '../../src/analysis/key-tokens.js';

/**
 * The module readings of a key, the one tokenizer's (key-tokens.ts): each agrees with the hand-split it replaced
 * across the project (`k.split('.').at(-2) ?? ''`, `k.slice(0, k.lastIndexOf('.') + 1)`, `k.split('.')[0]`), edge keys included.
 */
const KEYS = ['layers.3.attn.weight', 'weight', '', 'a.', '.a', 'a..b', '..', '.', 'h.0.gate.weight', 'x.y'];

describe('key-tokens: a key module readings', () => {
  it('modulePrefixOf: the module with its trailing dot, "" for a top-level key', () => {
    expect(modulePrefixOf('layers.3.attn.weight')).toBe('layers.3.attn.');
    expect(modulePrefixOf('weight')).toBe('');
    for (const k of KEYS) expect(modulePrefixOf(k), k).toBe(k.slice(0, k.lastIndexOf('.') + 1));
  });

  it('moduleNameOf: the module own name, the segment before the leaf; leafOf(moduleOf(key))', () => {
    expect(moduleNameOf('h.0.gate.weight')).toBe('gate');
    expect(moduleNameOf('x.y')).toBe('x');
    expect(moduleNameOf('weight')).toBe('');
    for (const k of KEYS) {
      expect(moduleNameOf(k), k).toBe(k.split('.').at(-2) ?? '');
      expect(moduleNameOf(k), k).toBe(leafOf(moduleOf(k)));
    }
  });

  it('firstSegmentOf: the top-level module, the key itself when it has no dot', () => {
    expect(firstSegmentOf('layers.3.attn.weight')).toBe('layers');
    expect(firstSegmentOf('weight')).toBe('weight');
    for (const k of KEYS) expect(firstSegmentOf(k), k).toBe(k.split('.')[0]);
  });

  it('isDotSuffix: one of the key dotSuffixes, the hand-written `key.endsWith(`.${tail}`)` it replaced', () => {
    expect(isDotSuffix('clip.visual.conv1.weight', 'model.clip.visual.conv1.weight')).toBe(true);
    expect(isDotSuffix('visual.conv1.weight', 'model.clip_visual.conv1.weight')).toBe(false);
    expect(isDotSuffix('conv1.weight', 'conv1.weight')).toBe(false);
    for (const key of KEYS) {
      for (const tail of [...KEYS, ...dotSuffixes(key)]) {
        expect(isDotSuffix(tail, key), `${tail} of ${key}`).toBe(dotSuffixes(key).includes(tail));
        expect(isDotSuffix(tail, key), `${tail} of ${key}`).toBe(key.endsWith(`.${tail}`));
      }
    }
  });
});
