import { describe, expect, test } from 'vitest';
import { findDropOps, formsOf, matchingOthers } from '../../../src/analysis/infer/drop-ops.js';

// Past a few forms, findDropOps reads each name once for all forms (prefixes up to a dot, last segments
// looked up) instead of testing every form over every name: the same forms must come out unsafe as the
// forms' own tests say, on names that stress the segment arithmetic (empty segments, leading and
// trailing dots, names of one segment, indexed segments).
const NAMES = [
  'blocks.0.attn.qkv.weight', 'blocks.0.attn.qkv.bias', 'blocks.1.attn.qkv.weight', 'blocks.12.mlp.fc1.weight',
  'blocks.12.mlp.fc1.bias', 'head.weight', 'head.bias', 'head', 'weight', '.b', 'x..b', 'a.', 'a..', '.', '',
  'stages.0.blocks.3.norm.running_mean', 'stages.0.blocks.3.norm.num_batches_tracked', 'norm.num_batches_tracked',
  'qkv.weight', 'attn.qkv.weight', 'blocks.007.attn.qkv.weight', 'head.dist.weight', 'blocks.1.attn.proj.weight',
];

/** the per-form answer: a form is unsafe when it matches a name not wanted */
const naive = (forms: ReturnType<typeof formsOf>, universe: readonly string[], wanted: ReadonlySet<string>) =>
  new Set(forms.filter((f) => universe.some((k) => !wanted.has(k) && f.test(k))));

describe('drop forms checked over the names at once', () => {
  test('the same forms are unsafe as their own tests say, for every choice of wanted names', () => {
    const role = /_slot_(?:v|m)$/;
    const forms = [...new Map(NAMES.flatMap((n) => formsOf(n, n.startsWith('head') ? role : undefined)).map((f) => [f.pattern, f])).values()];
    expect(forms.length).toBeGreaterThan(16);
    for (let seed = 1; seed <= 40; seed++) {
      const wanted = new Set(NAMES.filter((_, i) => ((i * 7 + seed * 13) % 5) < 2));
      expect([...matchingOthers(forms, NAMES, wanted)].map((f) => f.pattern).sort()).toEqual([...naive(forms, NAMES, wanted)].map((f) => f.pattern).sort());
    }
  });

  test('a name of two segments, the first empty, meets the ending of two segments it is', () => {
    const forms = [...new Map(['x..b', 'y.c', ...Array.from({ length: 20 }, (_, i) => `m${i}.w`)].flatMap((n) => formsOf(n)).map((f) => [f.pattern, f])).values()];
    const ending = forms.find((f) => f.ending === '.b')!;
    expect(ending).toBeDefined();
    expect(matchingOthers(forms, ['.b'], new Set()).has(ending)).toBe(true);
  });

  // (each dropped block's prefix form is found safe over the names at once; the blocks then share one op,
  // drop-ops.ts joinShared: an alternation of their numbers, never `\\d+`, which would reach the kept ones)
  test('many blocks dropped: one prefix form per dropped block, joined in one op, none reaching a kept block', () => {
    const universe: string[] = [];
    for (let b = 0; b < 40; b++) for (const p of ['attn.qkv.weight', 'attn.qkv.bias', 'mlp.fc1.weight']) universe.push(`blocks.${b}.${p}`);
    const dropped = universe.filter((k) => Number(k.split('.')[1]) % 2 === 1);
    const r = findDropOps(dropped.map((name) => ({ name, source: name, detail: '', why: 'not in the model' })), universe);
    const odd = Array.from({ length: 20 }, (_, i) => 2 * i + 1).join('|');
    expect(r.ops.map((o) => o.pattern)).toEqual([`^blocks\\.(?:${odd})\\.`]);
    expect(universe.filter((k) => new RegExp(r.ops[0]!.pattern).test(k))).toEqual(dropped);
    expect(r.covers.flat().sort()).toEqual([...dropped].sort());
  });
});
