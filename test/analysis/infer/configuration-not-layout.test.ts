/**
 * Issue 11, point 4: a 2-d weight whose shape is the model's reversed is a layout (GPT-2's Conv1D
 * stores [in, out]) only where nothing says the layer has other sizes. Two models of another width
 * (d and the MLP's width swapped) reverse their MLP weights too: that is the configuration, and the
 * plan must not transpose them or say they are "stored transposed". And a kernel whose layout nothing
 * decides loads as stored: the verdict says a strict load passes with values that may be wrong, not
 * that it "would still fail".
 */
import { describe, expect, test } from 'vitest';
import { inferPlan } from '../../../src/analysis/infer/index.js';
import type { KeyEntry } from '../../../src/formats/keys.js';
import { makePlan } from '../../../src/plan/schema.js';
import { planVerdict } from '../../../src/report/plan.js';
import type { PlanOutcome } from '../../../src/plan/build.js';
import { e } from './layouts.js';

/** a small transformer: width d, MLP width ff, with or without biases on the MLP */
function model(d: number, ff: number, opts: { bias?: boolean; conv1d?: boolean; positions?: number } = {}): KeyEntry[] {
  const out: KeyEntry[] = [e('embed.weight', [1000, d])];
  if (opts.positions) out.push(e('pos.weight', [opts.positions, d]));
  const w = (o: number, i: number) => (opts.conv1d ? [i, o] : [o, i]);
  for (let l = 0; l < 2; l++) {
    const p = `layers.${l}`;
    out.push(e(`${p}.norm.weight`, [d]));
    for (const x of ['q', 'k', 'v', 'o']) out.push(e(`${p}.attn.${x}.weight`, [d, d]));
    out.push(e(`${p}.fc1.weight`, w(ff, d)));
    if (opts.bias) out.push(e(`${p}.fc1.bias`, [ff]));
    out.push(e(`${p}.fc2.weight`, w(d, ff)));
    if (opts.bias) out.push(e(`${p}.fc2.bias`, [d]));
  }
  return out;
}

const transposes = (r: ReturnType<typeof inferPlan>) => r.ops.filter((o) => o.op === 'transpose');
const mismatched = (r: ReturnType<typeof inferPlan>) => new Set(r.sizeMismatches.map((m) => m.source));

describe('a reversed 2-d weight in a model of another width is that width, not a layout', () => {
  test('d 512 → 256 and ff 256 → 512, MLP biases on both sides: no transpose, the MLP weights are size mismatches', () => {
    const r = inferPlan({ source: model(512, 256, { bias: true }), target: model(256, 512, { bias: true }) });
    expect(transposes(r)).toEqual([]);
    expect(r.fixable).toBe(false);
    for (const l of [0, 1]) for (const x of ['fc1', 'fc2']) expect(mismatched(r).has(`layers.${l}.${x}.weight`)).toBe(true);
    expect(r.causes.map((c) => c.message).join('\n')).not.toMatch(/stored transposed/);
  });

  test('the same without biases: the other pairs\' sizes (512 becomes 256) say it', () => {
    const r = inferPlan({ source: model(512, 256), target: model(256, 512) });
    expect(transposes(r)).toEqual([]);
    expect(r.causes.map((c) => c.message).join('\n')).not.toMatch(/stored transposed/);
  });

  test('Conv1D weights of the same model are transposed (control)', () => {
    const r = inferPlan({ source: model(256, 512, { bias: true, conv1d: true }), target: model(256, 512, { bias: true }) });
    expect(transposes(r).length).toBeGreaterThan(0);
    expect(r.fixable).toBe(true);
    expect(r.sizeMismatches).toEqual([]);
  });

  test('Conv1D weights with a longer position table are still transposed: the width stays (256 → 256)', () => {
    const r = inferPlan({ source: model(256, 512, { conv1d: true, positions: 64 }), target: model(256, 512, { positions: 128 }) });
    const moved = new Set(r.sizeMismatches.map((m) => m.source));
    for (const l of [0, 1]) expect(moved.has(`layers.${l}.fc1.weight`)).toBe(false);
    expect(transposes(r).length).toBeGreaterThan(0);
  });
});

describe('a reversed bias-less weight with no witness is not a layout at high confidence (review 9 B5, probe p10b)', () => {
  // up [32, 48] / down [48, 32] against [48, 32] / [32, 48], nothing else: a transposed layout and a model
  // of swapped width (d 48 / ff 32) fit alike
  const side = (up: number[], down: number[]) => [0, 1].flatMap((l) => [e(`layers.${l}.up.weight`, up), e(`layers.${l}.down.weight`, down)]);
  test('transposed at most at the square rule\'s low confidence, with a warning; never "Conv1D" at 1.00', () => {
    const r = inferPlan({ source: side([32, 48], [48, 32]), target: side([48, 32], [32, 48]) });
    const t = transposes(r);
    expect(t.length).toBeGreaterThan(0);
    for (const o of t) {
      expect(o.confidence).toBeLessThanOrEqual(0.6);
      expect(o.evidence).toMatch(/swapped sizes/);
    }
    expect(r.warnings.join('\n')).toMatch(/4 reversed weights .*swapped sizes/);
    const finding = r.causes.map((c) => c.message).join('\n');
    expect(finding).not.toMatch(/Conv1D vs Linear/);
    expect(finding).toMatch(/stored transposed or of a model of swapped sizes/);
  });
  test('witnessed (a bias of the same length on both sides, a Conv1D name, a size kept by another pair): 1.00 as before', () => {
    const biased = (up: number[], down: number[]) => [...side(up, down), ...[0, 1].flatMap((l) => [e(`layers.${l}.up.bias`, [32]), e(`layers.${l}.down.bias`, [48])])];
    const conv = (fc: number[], proj: number[]) => [0, 1].flatMap((l) => [e(`h.${l}.mlp.c_fc.weight`, fc), e(`h.${l}.mlp.c_proj.weight`, proj)]);
    const normed = (up: number[], down: number[]) => [...side(up, down), e('norm.weight', [48])];
    for (const r of [
      inferPlan({ source: biased([48, 32], [32, 48]), target: biased([32, 48], [48, 32]) }),
      inferPlan({ source: conv([32, 48], [48, 32]), target: conv([48, 32], [32, 48]) }),
      inferPlan({ source: normed([32, 48], [48, 32]), target: normed([48, 32], [32, 48]) }),
    ]) {
      expect(transposes(r).length).toBeGreaterThan(0);
      for (const o of transposes(r)) expect(o.confidence).toBe(1);
      expect(r.warnings.join('\n')).not.toMatch(/swapped sizes/);
      expect(r.causes.map((c) => c.message).join('\n')).toMatch(/stored transposed \(Conv1D vs Linear\)/);
    }
  });
});

describe('kernels whose layout nothing decides: the verdict', () => {
  // one kernel stored as is, one [in, out], one square: the square's layout is undecided
  const source = [e('Dense_0.kernel', [64, 32]), e('Dense_0.bias', [64]), e('Dense_1.kernel', [32, 64]), e('Dense_1.bias', [64]), e('Dense_2.kernel', [64, 64]), e('Dense_2.bias', [64])];
  const target = [e('blocks.0.fc.weight', [64, 32]), e('blocks.0.fc.bias', [64]), e('blocks.1.fc.weight', [64, 32]), e('blocks.1.fc.bias', [64]), e('blocks.2.fc.weight', [64, 64]), e('blocks.2.fc.bias', [64])];

  test('a strict load passes, values may be wrong: said so, never "would still fail"', () => {
    const result = inferPlan({ source, target });
    expect(result.ambiguities.map((a) => a.keys)).toEqual([['Dense_2.kernel']]);
    expect(result.ambiguities[0]!.loadsAsStored).toBe(true);
    const plan = makePlan({ file: 'ckpt.pt', size: 10, sha256: '', select: [] }, { file: 'model.json', keys: target.length }, result);
    const outcome = { plan, result, mode: 'keys', opKeys: [], missing: [], counters: [], unexpected: [], causes: result.causes, fixable: result.fixable, complete: false, shapesDiffer: [], uncertain: [], keptMissing: [] } as unknown as PlanOutcome;
    const v = planVerdict(outcome);
    expect(v.text).not.toMatch(/would still fail/);
    expect(v.text).toMatch(/strict=True\) loads, but one weight's layout is undecided: it loads as stored, which may be transposed/);
    expect(v.tone).toBe('yellow');
    // another ambiguity beside it (a pair not made): then a strict load does fail
    const withTie = { ...outcome, result: { ...result, ambiguities: [...result.ambiguities, { keys: ['x'], candidates: ['y', 'z'], reason: 'twins' }] } } as PlanOutcome;
    expect(planVerdict(withTie).text).toMatch(/would still fail/);
  });
});
