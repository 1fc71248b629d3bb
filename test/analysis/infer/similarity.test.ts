import { describe, expect, test } from 'vitest';
import { tokenSimilarity } from '../../../src/analysis/infer/similarity.js';

describe('one-letter names read only as the words they are known to stand for', () => {
  test('q, k, v, o are query, key, value, out', () => {
    for (const [letter, word] of [['q', 'query'], ['k', 'key'], ['v', 'value'], ['o', 'out'], ['o', 'output']] as const) {
      expect(tokenSimilarity(letter, word)).toBeGreaterThan(0);
      expect(tokenSimilarity(word, letter)).toBeGreaterThan(0);
    }
  });
  test('a letter is no reading of any short word it begins (an opaque `qphlsv`, a Flax `kernel`, pycls `b` against `bias`)', () => {
    expect(tokenSimilarity('q', 'qphlsv')).toBe(0);
    expect(tokenSimilarity('k', 'kernel')).toBe(0);
    expect(tokenSimilarity('b', 'bias')).toBe(0);
    expect(tokenSimilarity('a', 'attn')).toBe(0);
  });
});
