import { describe, expect, it } from 'vitest';
import { parseErrorText } from '../../src/formats/error-text.js';
import { sideOfHeadless } from '../../src/analysis/readings.js';
import { explainOnce } from '../../bench/diagnosis/run-cases.js';
import { tuningCaseText } from '../helpers/diagnosis-case.js';

// facebookresearch/unbiased-teacher#29 (tuning) as posted: fvcore's groups from inside the missing list (its heading
// cut by the paste), then the unexpected list, every key of it under the teacher's `modelTeacher.`. The s22 robustness
// probe (bench/diagnosis/robust.ts, prefix-word) renames the wrapper word: the keys' relation is the same, and so is the fix.
const TEACHER = tuningCaseText('facebookresearch-unbiased-teacher-29');
const NETWORK = TEACHER.replace(/\bmodelTeacher\./g, 'network.');

interface Out {
  fixable: boolean;
  plan: { ops: { op: string; prefix?: string }[]; mapping: Record<string, unknown> };
}
const explain = async (t: string) => JSON.parse((await explainOnce(t, true)).stdout) as Out;

describe('fvcore group lines above a heading, their own heading cut', () => {
  it('are read as a list whose side the text does not say, not thrown away', () => {
    const r = parseErrorText(TEACHER, 't');
    expect(r.unsided).toContain('backbone.fpn_lateral2.bias');
    expect(r.unsided).toContain('roi_heads.box_predictor.cls_score.weight');
    expect(r.unexpected).toContain('modelTeacher.backbone.fpn_lateral2.bias');
  });

  it('a run with the poster\'s words among the key lines is no list', () => {
    const r = parseErrorText('backbone.fpn_lateral2.weight\nthis is what I see\nroi_heads.box_head.fc1.weight\nThe checkpoint state_dict contains keys that are not used by the model:\n  net.backbone.fpn_lateral2.weight\n  net.roi_heads.box_head.fc1.weight', 't');
    expect(r.unsided ?? []).not.toContain('backbone.fpn_lateral2.weight');
  });
});

describe("the unsided list is the unexpected keys' names without one wrapper", () => {
  it('is the model\'s side (missing), whatever the wrapper is called', () => {
    for (const t of [TEACHER, NETWORK]) {
      const r = sideOfHeadless(parseErrorText(t, 't'));
      expect(r.unsided).toBeUndefined();
      expect(r.missing).toContain('backbone.fpn_lateral2.bias');
    }
  });

  it('explain strips the wrapper, `network.` as `modelTeacher.`', async () => {
    for (const [t, prefix] of [[TEACHER, 'modelTeacher.'], [NETWORK, 'network.']] as const) {
      const out = await explain(t);
      expect(out.fixable).toBe(true);
      expect(out.plan.ops).toEqual([expect.objectContaining({ op: 'strip_prefix', prefix })]);
      expect(out.plan.mapping[`${prefix}backbone.fpn_lateral2.bias`]).toBe('backbone.fpn_lateral2.bias');
    }
  });

  it('keys under two prefixes, or unsided keys that carry it too, decide nothing', () => {
    const r = parseErrorText(NETWORK, 't');
    const two = sideOfHeadless({ ...r, unexpected: [...r.unexpected, 'other.backbone.fpn_output2.bias'] });
    expect(two.unsided).toBeDefined();
    const both = sideOfHeadless({ ...r, unsided: [...r.unsided!, 'network.backbone.fpn_output3.bias'] });
    expect(both.unsided).toBeDefined();
  });
});
