import { describe, expect, test } from 'vitest';
import { arithmeticRenames } from '../../../src/analysis/infer/index-arithmetic.js';
import { inferPlan } from '../../../src/analysis/infer/index.js';
import type { KeyEntry } from '../../../src/formats/keys.js';

const e = (key: string, shape: number[]): KeyEntry => ({ key, shape, dtype: 'float32' });

describe('index arithmetic', () => {
  test('a flat list regrouped into stages: one rename with // and %', () => {
    const pairs = Array.from({ length: 9 }, (_, i) => ({ id: i, name: `blocks.${i}.fc.weight`, goal: `stages.${Math.floor(i / 3)}.blocks.${i % 3}.fc.weight` }));
    expect(arithmeticRenames(pairs)[0]![0]).toEqual({ pattern: '^blocks\\.(\\d+)\\.', replacement: 'stages.${1//3}.blocks.${1%3}.', ids: [0, 1, 2, 3, 4, 5, 6, 7, 8], arithmetic: true });
  });

  test('two points one stride apart: a regrouping only when another group of the conversion proves that stride on three or more (LeViT stage 0)', () => {
    // stage 0 holds blocks 0 and 2 (attention; 1 and 3 are its MLPs), stage 1 blocks 7, 9, 11
    const stage0 = [0, 2].map((i) => ({ id: i, name: `blocks.${i}.m.qkv.weight`, goal: `stages.0.blocks.${i / 2}.attn.qkv.weight` }));
    const stage1 = [7, 9, 11].map((i) => ({ id: 100 + i, name: `blocks.${i}.m.qkv.weight`, goal: `stages.1.blocks.${(i - 7) / 2}.attn.qkv.weight` }));
    const withProof = arithmeticRenames([...stage0, ...stage1]).map((alts) => alts[0]!);
    expect(withProof.find((p) => p.ids.includes(0))).toMatchObject({ replacement: 'stages.0.blocks.${1//2}.', ids: [0, 2] });
    // alone, two points single out nothing (`i // 2`, `i % 2`, `i − 0 // 2`… all pass through them)
    expect(arithmeticRenames(stage0).flat().filter((p) => p.replacement.includes('//'))).toEqual([]);
    // points two apart where only a stride of 3 is proven: still nothing
    const byThree = [0, 3, 6].map((i) => ({ id: 200 + i, name: `layers.${i}.x.weight`, goal: `stages.${i / 3}.x.weight` }));
    expect(arithmeticRenames([...stage0, ...byThree]).flat().filter((p) => p.ids.includes(0) && p.replacement.includes('//'))).toEqual([]);
  });

  test('a stride proven on one list is not borrowed by another: `blocks` regrouped by two says nothing of `heads.{4,6}`', () => {
    const blocks = Array.from({ length: 8 }, (_, i) => ({ id: i, name: `blocks.${i}.fc.weight`, goal: `stages.${i >> 1}.blocks.${i % 2}.fc.weight` }));
    const heads = [4, 6].map((i, j) => ({ id: 100 + i, name: `heads.${i}.proj.weight`, goal: `head.${j}.proj.weight` }));
    const all = arithmeticRenames([...blocks, ...heads]).map((alts) => alts[0]!);
    expect(all.find((p) => p.ids.includes(0))?.replacement).toBe('stages.${1//2}.blocks.${1%2}.');
    expect(all.filter((p) => p.ids.includes(104) && p.replacement.includes('//'))).toEqual([]);
    // through inferPlan: the two heads are renamed each by name, not `head.${1-4//2}`
    const r = inferPlan({
      source: [...blocks.map((b) => e(b.name, [16, 16])), e('heads.4.proj.weight', [10, 16]), e('heads.5.proj.weight', [10, 16]), e('heads.6.proj.weight', [12, 16])],
      target: [...blocks.map((b) => e(b.goal, [16, 16])), e('head.0.proj.weight', [10, 16]), e('head.1.proj.weight', [12, 16])],
    });
    expect(r.ops.filter((o) => o.op === 'rename' && !!o.replacement?.includes('//') && o.pattern.includes('heads'))).toEqual([]);
    expect(r.mapping['heads.6.proj.weight']).toBe('head.1.proj.weight');
  });

  test('an offset, and a re-base from 1', () => {
    const moved = [0, 1, 2].map((i) => ({ id: i, name: `layers.${i}.downsample.norm.weight`, goal: `layers.${i + 1}.downsample.norm.weight` }));
    // most general first; the head extended by the tail's common literal next (when other layers.N keys exist)
    expect(arithmeticRenames(moved)[0]!.slice(0, 2)).toMatchObject([
      { pattern: '^layers\\.(\\d+)\\.', replacement: 'layers.${1+1}.' },
      { pattern: '^layers\\.(\\d+)\\.downsample\\.', replacement: 'layers.${1+1}.downsample.' },
    ]);
    const rebased = [1, 2, 3].map((i) => ({ id: i, name: `s.${i}.conv.weight`, goal: `layer.${i - 1}.conv.weight` }));
    expect(arithmeticRenames(rebased)[0]![0]).toMatchObject({ pattern: '^s\\.(\\d+)\\.', replacement: 'layer.${1-1}.' });
  });

  test('stages of unequal depth: one rename per stage, its source indices listed', () => {
    const depth = [2, 3];
    const pairs: { id: number; name: string; goal: string }[] = [];
    let n = 0;
    depth.forEach((d, s) => {
      for (let j = 0; j < d; j++) pairs.push({ id: n, name: `blocks.${n++}.w`, goal: `stages.${s}.blocks.${j}.w` });
    });
    // no one function fits both stages: each stage alone, its indices listed once the general form is unsafe
    expect(arithmeticRenames(pairs).map((alts) => alts.map((p) => [p.pattern, p.replacement]))).toEqual([
      [['^blocks\\.(\\d+)\\.', 'stages.1.blocks.${1-2}.'], ['^blocks\\.(2|3|4)\\.', 'stages.1.blocks.${1-2}.']],
      [['^blocks\\.(\\d+)\\.', 'stages.0.blocks.$1.'], ['^blocks\\.(0|1)\\.', 'stages.0.blocks.$1.']],
    ]);
  });

  test('inferPlan: stages of unequal depth, one op per stage that moves only its own blocks', () => {
    const depth = [2, 3, 2];
    const source: KeyEntry[] = [];
    const target: KeyEntry[] = [];
    let n = 0;
    depth.forEach((d, s) => {
      for (let j = 0; j < d; j++) {
        source.push(e(`blocks.${n}.weight`, [8 + n, 4]));
        target.push(e(`stages.${s}.blocks.${j}.weight`, [8 + n, 4]));
        n++;
      }
    });
    const r = inferPlan({ source, target });
    expect(r.unmapped).toEqual([]);
    expect(r.ops.map((o) => (o.op === 'rename' ? `${o.pattern} → ${o.replacement}` : o.op))).toEqual([
      '^blocks\\.(2|3|4)\\. → stages.1.blocks.${1-2}.',
      // the ops are a pipeline: by now the first and last stages' blocks are left under `blocks.`; the
      // last stage's indices listed, since `${1-5}` cannot apply to blocks.0 (a script would write -5)
      '^blocks\\.(5|6)\\. → stages.2.blocks.${1-5}.',
      // and the first stage's indices do not change: a plain rename
      '^blocks\\. → stages.0.blocks.',
    ]);
  });

  test('inferPlan writes the regrouping as one op, and the plan reproduces the mapping', () => {
    const source = Array.from({ length: 12 }, (_, i) => [e(`blocks.${i}.weight`, [8 + i, 4]), e(`blocks.${i}.bias`, [8 + i])]).flat();
    const target = Array.from({ length: 12 }, (_, i) => [e(`stages.${Math.floor(i / 4)}.blocks.${i % 4}.weight`, [8 + i, 4]), e(`stages.${Math.floor(i / 4)}.blocks.${i % 4}.bias`, [8 + i])]).flat();
    const r = inferPlan({ source, target });
    expect(r.unmapped).toEqual([]);
    expect(r.ops).toHaveLength(1);
    expect(r.ops[0]).toMatchObject({ op: 'rename', pattern: '^blocks\\.(\\d+)\\.', replacement: 'stages.${1//4}.blocks.${1%4}.' });
    expect(r.mapping['blocks.9.bias']).toBe('stages.2.blocks.1.bias');
  });

  test('indices glued to names (pycls `s1.b1` → MMDetection `layer1.0`): captured and re-based like whole ones', () => {
    const pairs: { id: number; name: string; goal: string }[] = [];
    for (const [s, depth] of [[1, 1], [2, 2], [3, 3]] as const) {
      for (let b = 1; b <= depth; b++) pairs.push({ id: pairs.length, name: `s${s}.b${b}.f.a_bn.weight`, goal: `layer${s}.${b - 1}.bn1.weight` });
    }
    // the indices alone first (the module names after them are for the general renames), then the whole head
    expect(arithmeticRenames(pairs)[0]!.slice(0, 2)).toEqual([
      { pattern: '^s(\\d+)\\.b(\\d+)\\.', replacement: 'layer$1.${2-1}.', ids: [0, 1, 2, 3, 4, 5], arithmetic: true },
      { pattern: '^s(\\d+)\\.b(\\d+)\\.f\\.a_bn\\.', replacement: 'layer$1.${2-1}.bn1.', ids: [0, 1, 2, 3, 4, 5], arithmetic: true },
    ]);
  });

  test('an index carried to another name is what general renames cannot say, even unchanged', () => {
    const pairs = [1, 2, 3].map((i) => ({ id: i, name: `block${i}.norm.weight`, goal: `stages.${i}.norm.weight` }));
    expect(arithmeticRenames(pairs)[0]![0]).toMatchObject({ pattern: '^block(\\d+)\\.', replacement: 'stages.$1.', arithmetic: true });
  });

  test('a stage starting mid-list: the shift goes before the division (LeViT blocks 7…12 → stage 1)', () => {
    const pairs = [7, 8, 9, 10, 11, 12].map((i) => ({ id: i, name: `blocks.${i}.m.weight`, goal: `stages.1.blocks.${Math.floor((i - 7) / 2)}.m.weight` }));
    expect(arithmeticRenames(pairs)[0]![0]).toMatchObject({ pattern: '^blocks\\.(\\d+)\\.', replacement: 'stages.1.blocks.${1-7//2}.' });
  });

  test('two points single out no division: a regrouping needs three source indices', () => {
    // blocks.5 → stages.1, blocks.14 → stages.2 fits `i // 8 + 1` and `i % 4` alike
    const pairs = [5, 14].map((i, n) => ({ id: n, name: `blocks.${i}.kv.weight`, goal: `stages.${n + 1}.downsample.kv.weight` }));
    const proposed = arithmeticRenames(pairs).flat().map((p) => p.replacement);
    expect(proposed.some((r) => r.includes('//') || r.includes('%'))).toBe(false);
  });

  test('inferPlan: pycls RegNet stages and blocks into MMDetection as its converter does: indices once, then each module kind once', () => {
    const source: KeyEntry[] = [];
    const target: KeyEntry[] = [];
    [2, 3, 4].forEach((depth, s) => {
      for (let b = 0; b < depth; b++) {
        const w = 8 * (s + 1);
        source.push(e(`s${s + 1}.b${b + 1}.f.a.weight`, [w, w, 1, 1]), e(`s${s + 1}.b${b + 1}.f.a_bn.weight`, [w]), e(`s${s + 1}.b${b + 1}.f.a_bn.bias`, [w]));
        target.push(e(`layer${s + 1}.${b}.conv1.weight`, [w, w, 1, 1]), e(`layer${s + 1}.${b}.bn1.weight`, [w]), e(`layer${s + 1}.${b}.bn1.bias`, [w]));
      }
    });
    const r = inferPlan({ source, target });
    expect(r.unmapped).toEqual([]);
    expect(r.mapping['s3.b4.f.a_bn.bias']).toBe('layer3.3.bn1.bias');
    expect(r.ops.map((o) => (o.op === 'rename' ? `${o.pattern} → ${o.replacement}` : o.op))).toEqual([
      '^s(\\d+)\\.b(\\d+)\\. → layer$1.${2-1}.',
      '(^|\\.)f\\.a_bn\\. → $1bn1.',
      '(^|\\.)f\\.a\\. → $1conv1.',
    ]);
  });

  test('a target index glued to a name that no function gives (m.0 / m.2 → ln1 / ln2) cuts the group first', () => {
    // blocks 7…12 of a flat list: each holds an MLP whose `m.0` / `m.2` become `mlp.ln1` / `mlp.ln2`
    const pairs = [7, 8, 9, 10, 11, 12].flatMap((i) => [0, 2].map((j) => ({ id: 2 * i + j / 2, name: `blocks.${i}.m.${j}.c.weight`, goal: `stages.1.blocks.${Math.floor((i - 7) / 2)}.mlp.ln${j / 2 + 1}.linear.weight` })));
    const first = arithmeticRenames(pairs).map((alts) => alts[0]!);
    // one proposal per kind, each the indices alone: `(j) → ln{j/2+1}` is left to the renames of names
    expect(first.map((p) => [p.pattern, p.replacement, p.ids.length])).toEqual([
      ['^blocks\\.(\\d+)\\.', 'stages.1.blocks.${1-7//2}.', 6],
      ['^blocks\\.(\\d+)\\.', 'stages.1.blocks.${1-7//2}.', 6],
    ]);
  });
});
