import { describe, expect, it } from 'vitest';
import type { ResolvedSide } from '../../src/analysis/sides.js';
import type { KeyEntry } from '../../src/formats/keys.js';
import { buildPlan, inferenceSides } from '../../src/plan/build.js';

/**
 * A plan's keys whose shape still differs from the model's after its ops (shapesDiffer): a plan of
 * renames alone reads them from the names alone (each tensor keeps its stored shape); a plan with a
 * tensor op runs the whole execution. Both say the same of the same keys.
 */
const e = (key: string, shape: number[]): KeyEntry => ({ key, shape, dtype: null });
const NO_SOURCE = { file: 'x', size: 0, sha256: '', select: [] };
const side = (file: string, entries: KeyEntry[]): ResolvedSide => ({ file, kind: 'key-list', entries, selected: null, selection: null, nonTensor: [], report: null, checkpoint: null });

describe('shapesDiffer', () => {
  it('renames only: a position table of another length is named right and still differs', () => {
    const ckpt = [e('module.embed.weight', [100, 8]), e('module.pos.weight', [64, 8]), e('module.fc.weight', [8, 8])];
    const model = [e('embed.weight', [100, 8]), e('pos.weight', [128, 8]), e('fc.weight', [8, 8])];
    const out = buildPlan(inferenceSides(side('c.pt', ckpt), side('m.json', model)), NO_SOURCE, 't');
    expect(out.plan.ops.every((o) => o.op === 'strip_prefix' || o.op === 'rename')).toBe(true);
    expect(out.shapesDiffer).toEqual(['pos.weight']);
    expect(out.complete).toBe(false);
  });

  it('with a transpose: the execution gives the shapes after it', () => {
    const ckpt = [e('module.proj.weight', [16, 8]), e('module.pos.weight', [64, 8]), e('module.fc.weight', [8, 4])];
    const model = [e('proj.weight', [8, 16]), e('pos.weight', [128, 8]), e('fc.weight', [8, 4])];
    const out = buildPlan(inferenceSides(side('c.pt', ckpt), side('m.json', model)), NO_SOURCE, 't');
    expect(out.plan.ops.some((o) => o.op === 'transpose')).toBe(true);
    expect(out.shapesDiffer).toEqual(['pos.weight']);
  });
});
