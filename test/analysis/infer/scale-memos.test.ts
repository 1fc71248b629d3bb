import { describe, expect, test } from 'vitest';
import { WordListMemo, wordSimilarity } from '../../../src/analysis/infer/similarity.js';
import { canonicalKey, isCanonical } from '../../../src/analysis/infer/synonyms.js';
import { greedyAssignment, greedyAssignmentMatrix } from '../../../src/analysis/hungarian.js';

// The tables plan inference keeps at scale (issue 14) must give exactly what the plain functions give.

/** a small deterministic generator (no Math.random: a failure reproduces) */
function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

describe('WordListMemo', () => {
  test('interned lists score exactly as wordSimilarity, both ways, repeated', () => {
    const vocab = ['attn', 'attention', 'q', 'query', 'k', 'key', 'ln', 'norm', 'layernorm', 'blocks', 'block', 'weight', 'bias', '1', '12', '123', 'qkv', 'proj', 'projection', 'mlp', 'fc'];
    const rnd = lcg(7);
    const list = () => Array.from({ length: Math.floor(rnd() * 7) }, () => vocab[Math.floor(rnd() * vocab.length)]!);
    const memo = new WordListMemo();
    const lists = Array.from({ length: 60 }, list);
    for (let round = 0; round < 2; round++) {
      for (const a of lists) {
        for (const b of lists) expect(memo.similarity(memo.id(a), memo.id(b))).toBe(wordSimilarity(a, b));
      }
    }
    expect(memo.id(['a', 'b'])).toBe(memo.id(['a', 'b']));
    // lists that join alike are still different lists
    expect(memo.id(['a b'])).not.toBe(memo.id(['a', 'b']));
  });
});

describe('isCanonical', () => {
  test('a canonical key is unchanged, and so is a join of canonical segment-aligned parts', () => {
    const segs = ['gamma', 'beta', 'weight', 'bias', 'parametrizations', 'original0', 'moving_mean', 'layer', '0', 'beta_schedule', 'norm'];
    const rnd = lcg(11);
    const part = (n: number) => Array.from({ length: n }, () => segs[Math.floor(rnd() * segs.length)]!).join('.');
    for (let i = 0; i < 3000; i++) {
      const add = rnd() < 0.2 ? '' : `${part(1 + Math.floor(rnd() * 3))}.`;
      const rest = part(1 + Math.floor(rnd() * 4));
      if (isCanonical(rest)) expect(canonicalKey(rest)).toBe(rest);
      if (isCanonical(add) && isCanonical(rest)) expect(canonicalKey(add + rest)).toBe(add + rest);
    }
    expect(isCanonical('bn.gamma')).toBe(false);
    expect(isCanonical('conv.parametrizations.weight.original0')).toBe(false);
    expect(isCanonical('beta_schedule.weight')).toBe(true);
  });
});

describe('greedyAssignmentMatrix', () => {
  test('the same assignment as greedyAssignment over the row-major candidate list (ties and Infinity included)', () => {
    const rnd = lcg(3);
    for (let trial = 0; trial < 200; trial++) {
      const rows = 1 + Math.floor(rnd() * 6);
      const cols = 1 + Math.floor(rnd() * 6);
      const cost = Float64Array.from({ length: rows * cols }, () => (rnd() < 0.2 ? Infinity : Math.floor(rnd() * 4) / 2));
      const list = Array.from(cost, (c, k) => ({ row: Math.floor(k / cols), col: k % cols, cost: c }));
      expect(greedyAssignmentMatrix(rows, cols, cost)).toEqual(greedyAssignment(rows, list));
    }
  });
});
