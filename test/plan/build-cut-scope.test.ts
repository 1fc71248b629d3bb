import { describe, expect, it } from 'vitest';
import type { ResolvedSide } from '../../src/analysis/sides.js';
import { parseErrorText } from '../../src/formats/error-text.js';
import type { KeyEntry } from '../../src/formats/keys.js';
import { buildPlan, inferenceSides } from '../../src/plan/build.js';

/**
 * A checkpoint with a cut error text (review B finding 4, rv/dino.pt + rv/t4.txt): the checkpoint keys the
 * text lost may be weights the model loaded; the plan must not drop them, nor generalise a drop onto them.
 */

const e = (key: string): KeyEntry => ({ key, shape: [4], dtype: null });
const side = (over: Partial<ResolvedSide>): ResolvedSide => ({ file: 'x', kind: 'key-list', entries: [], selected: null, selection: null, nonTensor: [], report: null, checkpoint: null, ...over });

// rv/dino.pt: a student and its teacher copy, the student's weights at the top level
const DINO = ['conv1.weight', 'teacher.conv1.weight', 'bn1.weight', 'teacher.bn1.weight', 'bn1.bias', 'teacher.bn1.bias', 'layer1.0.conv1.weight', 'teacher.layer1.0.conv1.weight', 'layer1.0.bn1.weight', 'teacher.layer1.0.bn1.weight'];
const T4 = 'RuntimeError: Error(s) in loading state_dict for Net:\n\tUnexpected key(s) in state_dict: "teacher.conv1.weight", "teacher.bn1.weight", "teacher.bn1.bias", "teacher.layer1.0.conv1.weight", "teacher.layer1.0.bn1.weigh';

describe('a checkpoint with a cut error text', () => {
  it('keeps every key the text does not name outside the copy it shows, and drops only that copy', () => {
    const report = parseErrorText(T4, 't4.txt');
    const sides = inferenceSides(side({ kind: 'checkpoint', entries: DINO.map(e) }), side({ kind: 'error-text', report }));
    const out = buildPlan(sides, { file: 'x', size: 0, sha256: '', select: [] }, 't');
    const kept = DINO.filter((k) => out.plan.mapping[k] != null);
    expect(out.plan.mapping['conv1.weight']).toBe('conv1.weight');
    expect(kept).toEqual(['conv1.weight', 'bn1.weight', 'bn1.bias', 'layer1.0.conv1.weight', 'layer1.0.bn1.weight']);
  });
});
