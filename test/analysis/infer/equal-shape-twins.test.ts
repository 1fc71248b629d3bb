import { describe, expect, test } from 'vitest';
import { inferPlan } from '../../../src/analysis/infer/index.js';
import type { KeyEntry } from '../../../src/formats/keys.js';

/**
 * s24-verify F6: equal-shape twins paired by the model's order of definition, exit 0. PaddleDetection's PP-YOLOE
 * CSPResStage is `conv_down`, `conv1` (the short branch), `conv2` (into the blocks), `blocks`, `conv3`; an
 * MMDetection-style port names the stage `nn.Sequential(conv_down, CSPLayer(main_conv, short_conv, final_conv,
 * blocks))`, so its branch convs sit at `stageN.1.main_conv` / `stageN.1.short_conv`. conv1 and conv2 have one
 * shape. The `1.` of the Sequential made the group read as a numbered sequence, and order paired conv1 with
 * main_conv (the model defining it first): 30 of 120 tensors swapped, exit 0. The coordinator's decision: order
 * decides within an indexed sequence and where names or known roles agree; between differently named siblings of
 * equal shapes order alone decides nothing, the pairs are listed with their candidates. Key lists and shapes are
 * those of s24-verify's gen_ppyoloe.py.
 */
const conv = (out: KeyEntry[], path: string, shape: number[], counter: boolean) => {
  out.push({ key: `${path}.conv.weight`, shape, dtype: 'float32' });
  for (const n of ['weight', 'bias', 'running_mean', 'running_var']) out.push({ key: `${path}.bn.${n}`, shape: [shape[0]!], dtype: 'float32' });
  if (counter) out.push({ key: `${path}.bn.num_batches_tracked`, shape: [], dtype: 'int64' });
};

type Names = { short: string; main: string; final: string };
const MMDET: Names = { short: 'short_conv', main: 'main_conv', final: 'final_conv' };

/** PP-YOLOE's stages into a port with `names`; `mainFirst`: the port defines its main branch before its short one */
function ppyoloe(names: Names, mainFirst: boolean, sourceRoot = 'backbone.') {
  const source: KeyEntry[] = [];
  const target: KeyEntry[] = [];
  const truth = new Map<string, string>();
  const targetMods: [string, number[]][] = [];
  const mod = (s: string, t: string, shape: number[]) => {
    conv(source, s, shape, false);
    targetMods.push([t, shape]);
    for (const leaf of ['conv.weight', 'bn.weight', 'bn.bias', 'bn.running_mean', 'bn.running_var']) truth.set(`${s}.${leaf}`, `${t}.${leaf}`);
  };
  let c = 16;
  for (let st = 0; st < 3; st++) {
    const c2 = 2 * c;
    const h = c2 / 2;
    const sp = `${sourceRoot}stages.${st}`;
    const tp = `backbone.stage${st + 1}`;
    mod(`${sp}.conv_down`, `${tp}.0`, [c2, c, 3, 3]);
    const branches: [string, string][] = [
      [`${sp}.conv1`, `${tp}.1.${names.short}`],
      [`${sp}.conv2`, `${tp}.1.${names.main}`],
    ];
    for (const [s, t] of mainFirst ? [branches[1]!, branches[0]!] : branches) mod(s, t, [h, c2, 1, 1]);
    mod(`${sp}.conv3`, `${tp}.1.${names.final}`, [c2, 2 * h, 1, 1]);
    for (let b = 0; b < 2; b++) {
      mod(`${sp}.blocks.${b}.conv1`, `${tp}.1.blocks.${b}.conv1`, [h, h, 3, 3]);
      mod(`${sp}.blocks.${b}.conv2`, `${tp}.1.blocks.${b}.conv2`, [h, h, 3, 3]);
    }
    c = c2;
  }
  for (const [t, shape] of targetMods) conv(target, t, shape, true);
  // the checkpoint's own order: conv_down, conv1, conv2, conv3, blocks (mod() above pushed them per the model's)
  source.sort((a, b) => rank(a.key) - rank(b.key));
  return { source, target, truth };
}
const ORDER = ['conv_down', 'conv1', 'conv2', 'blocks', 'conv3'];
const rank = (key: string) => {
  const m = /^(?:backbone\.)?stages\.(\d+)\.(\w+)(?:\.(\d+)\.(conv\d))?/.exec(key)!;
  return Number(m[1]) * 1000 + ORDER.indexOf(m[2]!) * 100 + (m[3] ? Number(m[3]) * 10 + Number(m[4]!.slice(4)) : 0);
};

const wrongPairs = (mapping: Record<string, unknown>, truth: Map<string, string>, target: readonly KeyEntry[]) => {
  const expected = new Set(target.map((e) => e.key));
  return Object.entries(mapping).filter(([s, t]) => typeof t === 'string' && expected.has(t) && truth.get(s) !== t);
};

describe('equal-shape twins under other names are not paired by order of definition (s24-verify F6)', () => {
  // (neutral names that enumerate, `branch_a` / `branch_b`, are read as letters against conv1 / conv2 by the
  // enumeration rule pycls's `f.a` ↔ `conv1` needs, sorted-sides.test.ts: not this test's; see s25-mend2's report)
  for (const [label, names] of [['MMDetection names (main_conv / short_conv)', MMDET]] as const) {
    for (const mainFirst of [true, false]) {
      test(`PP-YOLOE CSPResStage → ${label}, the model defining its ${mainFirst ? 'main' : 'short'} branch first: listed, nothing crossed`, () => {
        const { source, target, truth } = ppyoloe(names, mainFirst);
        const r = inferPlan({ source, target });
        expect(wrongPairs(r.mapping, truth, target)).toEqual([]);
        // the two branch convs of every stage stay open, listed with their candidates
        for (let st = 0; st < 3; st++) {
          for (const c of ['conv1', 'conv2']) expect(r.leftover).toContain(`backbone.stages.${st}.${c}.conv.weight`);
        }
        const listed = r.ambiguities.flatMap((a) => [...a.keys, ...a.candidates]);
        expect(listed).toContain('backbone.stages.0.conv1.conv.weight');
        expect(listed).toContain(`backbone.stage1.1.${names.main}.conv.weight`);
        // what the evidence does single out is still paired: the down-sampling conv, the final conv, the blocks
        expect(r.mapping['backbone.stages.1.conv_down.conv.weight']).toBe('backbone.stage2.0.conv.weight');
        expect(r.mapping['backbone.stages.2.blocks.1.conv2.bn.running_var']).toBe('backbone.stage3.1.blocks.1.conv2.bn.running_var');
        expect(r.mapping['backbone.stages.0.conv3.conv.weight']).toBe('backbone.stage1.1.final_conv.conv.weight');
      });
    }
  }

  for (const mainFirst of [true, false]) {
    test(`the checkpoint's stages at its root (\`stages.N.conv1\`: paired by templates, not module alignment), ${mainFirst ? 'main' : 'short'} branch first: listed, nothing crossed`, () => {
      const { source, target, truth } = ppyoloe(MMDET, mainFirst, '');
      const r = inferPlan({ source, target });
      expect(wrongPairs(r.mapping, truth, target)).toEqual([]);
      for (let st = 0; st < 3; st++) for (const c of ['conv1', 'conv2']) expect(r.leftover).toContain(`stages.${st}.${c}.bn.running_mean`);
      expect(r.ambiguities.flatMap((a) => a.candidates)).toContain('backbone.stage2.1.short_conv.conv.weight');
      expect(r.mapping['stages.2.conv_down.conv.weight']).toBe('backbone.stage3.0.conv.weight');
      expect(r.mapping['stages.0.conv3.conv.weight']).toBe('backbone.stage1.1.final_conv.conv.weight');
    });
  }

  test('YOLOv5 C3 (cv1, cv2, cv3, m) → MMYOLO CSPLayer inside the same nn.Sequential: the roles table pairs the twins, all right', () => {
    const source: KeyEntry[] = [];
    const target: KeyEntry[] = [];
    const truth = new Map<string, string>();
    const mod = (s: string, t: string, shape: number[]) => {
      conv(source, s, shape, false);
      conv(target, t, shape, true);
      for (const leaf of ['conv.weight', 'bn.weight', 'bn.bias', 'bn.running_mean', 'bn.running_var']) truth.set(`${s}.${leaf}`, `${t}.${leaf}`);
    };
    let c = 16;
    mod('model.0', 'backbone.stem', [c, 3, 3, 3]);
    for (let st = 0; st < 3; st++) {
      const c2 = 2 * c;
      const h = c2 / 2;
      const ps = `model.${2 * st + 2}`;
      const pt = `backbone.stage${st + 1}.1`;
      mod(`model.${2 * st + 1}`, `backbone.stage${st + 1}.0`, [c2, c, 3, 3]);
      mod(`${ps}.cv1`, `${pt}.main_conv`, [h, c2, 1, 1]);
      mod(`${ps}.cv2`, `${pt}.short_conv`, [h, c2, 1, 1]);
      mod(`${ps}.cv3`, `${pt}.final_conv`, [c2, 2 * h, 1, 1]);
      for (let b = 0; b < 2; b++) {
        mod(`${ps}.m.${b}.cv1`, `${pt}.blocks.${b}.conv1`, [h, h, 1, 1]);
        mod(`${ps}.m.${b}.cv2`, `${pt}.blocks.${b}.conv2`, [h, h, 3, 3]);
      }
      c = c2;
    }
    const r = inferPlan({ source, target });
    expect(wrongPairs(r.mapping, truth, target)).toEqual([]);
    expect([...truth].filter(([s, t]) => r.mapping[s] !== t)).toEqual([]);
    expect(r.ambiguities).toEqual([]);
  });

  test('a numbered sequence of equal-shape blocks (`blocks.0..5` → `layers.0..5`, regrouped under a new name): the numbers pair them', () => {
    const source: KeyEntry[] = [];
    const target: KeyEntry[] = [];
    for (let i = 0; i < 6; i++) {
      for (const [sl, tl] of [
        ['conv', 'conv'],
        ['norm', 'bn'],
      ]) {
        source.push({ key: `encoder.blocks.${i}.${sl}.weight`, shape: sl === 'conv' ? [8, 8, 3, 3] : [8], dtype: 'float32' });
        target.push({ key: `backbone.layers.${i}.${tl}.weight`, shape: tl === 'conv' ? [8, 8, 3, 3] : [8], dtype: 'float32' });
      }
    }
    const r = inferPlan({ source, target });
    for (let i = 0; i < 6; i++) {
      expect(r.mapping[`encoder.blocks.${i}.conv.weight`]).toBe(`backbone.layers.${i}.conv.weight`);
      expect(r.mapping[`encoder.blocks.${i}.norm.weight`]).toBe(`backbone.layers.${i}.bn.weight`);
    }
    expect(r.ambiguities).toEqual([]);
  });
});
