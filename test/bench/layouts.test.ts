import { describe, expect, test } from 'vitest';
import { relayout, type LayoutKind } from '../../bench/families/layouts.js';
import { traceRecipe } from '../../bench/families/recipe-trace.js';
import { valueMisses } from '../../bench/families/value-check.js';
import { visibleFamilyMakers } from '../../bench/suites/plan-probe.js';
import { runFamily, scoreHalf } from '../../bench/suites/plan.js';
import type { Family } from '../../bench/families/types.js';

const KINDS: LayoutKind[] = ['sorted', 'jax', 'jax-sorted', 'fused-source', 'fused-target', 'conv1x1', 'foreign-weight', 'per-head-target'];
const e = (key: string, shape: number[]) => ({ key, shape, dtype: 'float32' as const });

describe('the layout probe: truth carried over exactly', () => {
  for (const kind of KINDS) {
    test(`${kind}: every recipe builds a tensor of its target's shape from source keys that exist; truth names only keys of the sides`, () => {
      let changed = 0;
      for (const [name, make] of visibleFamilyMakers()) {
        const f = relayout(make(), kind);
        if (!f) continue;
        changed++;
        const shapes = new Map(f.source.map((x) => [x.key, x.shape]));
        const targets = new Map(f.target.map((x) => [x.key, x.shape]));
        for (const [t, r] of Object.entries(f.recipes ?? {})) {
          const traced = traceRecipe(r, shapes);
          expect(traced, `${name}: ${t}`).not.toBeNull();
          expect(traced!.shape, `${name}: ${t}`).toEqual(targets.get(t));
        }
        for (const [s, v] of Object.entries(f.truth)) {
          expect(shapes.has(s), `${name}: ${s}`).toBe(true);
          for (const t of v === null ? [] : typeof v === 'string' ? [v] : v) expect(targets.has(t), `${name}: ${t}`).toBe(true);
        }
      }
      expect(changed).toBeGreaterThan(5);
    });
  }
});

describe('the value check: a pair named right but built wrong is wrong', () => {
  const f: Family = {
    name: 'toy', description: '', reference: '', patterns: 1,
    source: [e('fc.kernel', [4, 4]), e('fc2.kernel', [4, 8])],
    target: [e('fc.weight', [4, 4]), e('fc2.weight', [8, 4])],
    truth: { 'fc.kernel': 'fc.weight', 'fc2.kernel': 'fc2.weight' },
    recipes: {
      'fc.weight': { kind: 'transpose', of: { kind: 'source', key: 'fc.kernel' }, dims: [1, 0] },
      'fc2.weight': { kind: 'transpose', of: { kind: 'source', key: 'fc2.kernel' }, dims: [1, 0] },
    },
  };
  const rename = { op: 'rename' as const, pattern: 'kernel$', replacement: 'weight' };
  test('a square left untransposed is caught; with the transpose, nothing is', () => {
    expect([...valueMisses(f, [rename, { op: 'transpose', key: 'fc2.weight', dims: [1, 0] }])]).toEqual(['fc.kernel']);
    expect([...valueMisses(f, [rename, { op: 'transpose', pattern: 'weight$', dims: [1, 0] }])]).toEqual([]);
  });
  test('a family without recipes is checked from `transposed`: a transpose where the truth keeps the tensor is caught', () => {
    const plain: Family = { ...f, recipes: undefined, source: [e('a', [4, 4])], target: [e('b', [4, 4])], truth: { a: 'b' } };
    expect([...valueMisses(plain, [{ op: 'rename', pattern: '^a$', replacement: 'b' }, { op: 'transpose', key: 'b', dims: [1, 0] }])]).toEqual(['a']);
    expect([...valueMisses({ ...plain, transposed: ['a'] }, [{ op: 'rename', pattern: '^a$', replacement: 'b' }, { op: 'transpose', key: 'b', dims: [1, 0] }])]).toEqual([]);
  });
});

describe('the Flax-layout probe, in aggregate (visible families only)', () => {
  // measured 99.94 % / 99.88 % (s8-match, ce21696); the session's starting matcher: 89.4 % / 79.0 %
  // s12-values: 99.47 % recall — megatron-gpt2-to-hf's 48 query_key_value → c_attn and gpt-neox-hf-to-gguf-names' 48
  // query_key_value → attn_qkv renames are withdrawn (a key list has no Megatron args or head count, so nothing says
  // how the converter reorders the rows: qkv-reorder.ts)
  // s19-match (anchor-slots.ts: look-alikes only their order of definition paired are listed, not guessed): 99.11 %
  // recall, the pairs order alone had decided (as on the tuning halves: llama-meta, llama-nemo, mixtral); precision kept
  // s20-match (rope-renames.ts: rotary q/k renames between GGUF / Meta names and transformers' are made only with their
  // rope permute, its head counts given, else listed): 99.95 % / 98.01 % (15206 / 15213 / 15514); precision kept
  // s25-match (unfold-order.ts: a Swin PatchMerging's 4C axis between OpenMMLab and timm/Swin/HF order is listed, not
  // renamed plainly; swin-ms-to-mmseg's truth now carries the reorder): 97.9 % recall (s25-verify measured 0.97905 on
  // main 70c2baaf). In this probe only, the withdrawal also blocks a general layers. → stages. rename, and 8 transposed
  // stage-2 weights that rename had hidden come out crossed (s25-match's report); precision still holds its floor
  // s26-mend5 (fused-layouts.ts, review 26 F3): llama-hf-to-nemo-mcore's q/k/v joins into Megatron's per-query-group
  // linear_qkv are listed without saved args or --heads (they were plain concats that misplaced rows): 97.48 % recall
  // (s26-verify on main 47bb3054); precision kept
  test('precision ≥ 0.998, recall ≥ 0.974', () => {
    const rows = visibleFamilyMakers().flatMap(([name, make]) => {
      const g = relayout(make(), 'jax');
      return g ? [runFamily(name, () => g)] : [];
    });
    const s = scoreHalf(rows);
    expect(s.precision).toBeGreaterThanOrEqual(0.998);
    expect(s.recall).toBeGreaterThanOrEqual(0.974);
  });
});
