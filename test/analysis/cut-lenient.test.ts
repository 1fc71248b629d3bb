import { describe, expect, it } from 'vitest';
import { headsApartFromMissing } from '../../src/analysis/cut-lenient.js';
import { errorHints, lenientHints } from '../../src/analysis/error-hints.js';
import { parseErrorText } from '../../src/formats/error-text.js';
import { advisesStrictFalse } from '../../bench/diagnosis/score.js';
import { runCli } from '../cli/capture-main.js';

// hero-y/BHRL#14, as posted (mmdet's log, cut inside the missing list)
const BHRL = "`2024-04-21 15:37:50,908 - mmdet - INFO - load checkpoint from local path: resnet_model/res50_loadfrom.pth\n2024-04-21 15:37:50,995 - mmdet - WARNING - The model and loaded state dict do not match exactly\n\nunexpected key in source state_dict: backbone.fc.weight, backbone.fc.bias\n\nmissing keys in source state_dict: neck.lateral_convs.0.conv.weight, neck.lateral_convs.0.conv.bias, neck.lateral_convs.1.conv.weight, neck.lateral_convs.1.conv.bias, neck.lateral_convs.2.conv.weight, neck.lateral_convs.2.conv.bias, neck.lateral_convs.3.conv.weight, neck.lateral_convs.3.conv.bias, neck.fpn_convs.0.conv.weight, neck.fpn_convs.0.conv.bias, neck.fpn_convs.1.conv.weight, neck.fpn_convs.1.conv.bias, neck.fpn_convs.2.conv.weight, neck.fpn_convs.2.conv.bias, neck.fpn_convs.3.conv.weight, neck.fpn_convs.3.conv.bias, rpn_head.rpn_conv.weight, rpn_head.rpn_conv.bias, rpn_head.rpn_cls.weight, rpn_head.rpn_cls.bias, rpn_head.rpn_reg.weight, rpn_head.rpn_reg.bias, roi_head.bbox_head.0.fc_cls.weight, roi_head.bbox_head.0.fc_cls.bias, roi_head.bbox_head.0.fc_reg.weight, roi_head.bbox_head.0.fc_reg.bias, roi_head.bbox_head.0.fc_branch.0.weight, roi_head.bbox_head.0.fc_branch.0.bias, roi_head.bbox_head.0.fc_branch.1.weight, roi_head.bbox_";

describe('a cut lenient report whose lists cannot correspond (cut-lenient.ts)', () => {
  it('the backbone classifier is dropped and the neck and heads kept missing, the cut said', async () => {
    const r = parseErrorText(BHRL, 'e.txt');
    expect(r.truncated).toBe(true);
    const h = lenientHints(r, r.unexpected, r.missing);
    expect(h?.drops.map((d) => d.key)).toEqual(['backbone.fc.weight', 'backbone.fc.bias']);
    expect(h?.keepMissing.map((k) => k.key)).toContain('neck.lateral_convs.0.conv.weight');
    expect(errorHints(r).blockers).toEqual([]);
    const run = await runCli(['explain', '-', '--json'], { stdin: BHRL });
    const j = JSON.parse(run.stdout) as { fixable: boolean; truncated: boolean; plan: { mapping: Record<string, string | null> } };
    expect(j.fixable).toBe(true);
    expect(j.truncated).toBe(true);
    expect(j.plan.mapping['backbone.fc.weight']).toBeNull();
    expect(advisesStrictFalse(run.stdout)).toBe(false);
    // a model key in the head's own module could be its rename: the cut stays a reason to stop
    const near = BHRL.replace('neck.lateral_convs.0.conv.weight', 'backbone.fc_new.weight');
    const n = parseErrorText(near, 'e.txt');
    expect(lenientHints(n, n.unexpected, n.missing)).toBeNull();
  });

  it('only heads on the checkpoint side, none of their top-level modules on the model side', () => {
    const isHead = (k: string) => /(?:^|\.)fc\./.test(k);
    expect(headsApartFromMissing(['backbone.fc.weight'], ['neck.conv.weight'], isHead)).toBe(true);
    expect(headsApartFromMissing(['backbone.fc.weight', 'backbone.layer5.conv.weight'], ['neck.conv.weight'], isHead)).toBe(false);
    expect(headsApartFromMissing(['backbone.fc.weight'], ['backbone.head.weight'], isHead)).toBe(false);
    expect(headsApartFromMissing(['backbone.fc.weight'], [], isHead)).toBe(false);
  });
});
