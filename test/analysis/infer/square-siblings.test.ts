/**
 * Review 23 F1: a checkpoint storing its Linear weights [in, out] under plain names (`proj`, `out`), one of them
 * square. The non-square `out.weight` shows the layout (its shape is the model's reversed, its bias its dim 1) and is
 * transposed; the square `proj.weight` reads the same either way. The plan said "explains every difference" and apply
 * "verified", while torch loaded `proj.weight` untransposed. A square weight of the kind the plan transposes on its
 * shapes is listed (loaded as stored, values unverified), whatever the names, unless another reading decides it.
 */
import { describe, expect, test } from 'vitest';
import { inferPlan } from '../../../src/analysis/infer/index.js';
import type { KeyEntry } from '../../../src/formats/keys.js';
import { e } from './layouts.js';

/** Linear(8, 8) `proj` and Linear(8, 4) `out`, each weight stored [in, out] (`inOut`) or as torch stores it */
const sq = (inOut: boolean): KeyEntry[] => [
  e('proj.weight', [8, 8]), e('proj.bias', [8]),
  e('out.weight', inOut ? [8, 4] : [4, 8]), e('out.bias', [4]),
];
const listed = (r: ReturnType<typeof inferPlan>) => r.ambiguities.filter((a) => a.loadsAsStored).map((a) => a.keys[0]);

describe('a square weight beside a transposed sibling of its kind (review 23 F1)', () => {
  test('plain names, no classes: out.weight transposed, proj.weight listed with why, loaded as stored', () => {
    const r = inferPlan({ source: sq(true), target: sq(false) });
    expect(r.ops.filter((o) => o.op === 'transpose').map((o) => ('key' in o ? o.key : o.pattern))).toEqual(['out.weight']);
    expect(listed(r)).toEqual(['proj.weight']);
    const why = r.ambiguities.find((a) => a.keys[0] === 'proj.weight')!.reason;
    expect(why).toMatch(/^values unverified: transpose\? square \[8, 8\], so its shape cannot tell; the checkpoint stores a weight of its kind \(`out\.weight` \[8, 4\] for the model's \[4, 8\]\) transposed/);
    expect(why).toMatch(/loaded as stored, which may be transposed/);
  });

  test('the model\'s manifest records Linear for both (one side\'s classes): still listed', () => {
    const targetModules = new Map([['proj', 'Linear'], ['out', 'Linear']]);
    const r = inferPlan({ source: sq(true), target: sq(false), options: { targetModules } });
    expect(listed(r)).toEqual(['proj.weight']);
  });

  test('both sides record a class that stores it as the model does: decided, not listed', () => {
    const modules = new Map([['proj', 'Linear'], ['out', 'Linear']]);
    const r = inferPlan({ source: sq(true), target: sq(false), options: { sourceModules: modules, targetModules: modules } });
    expect(listed(r)).toEqual([]);
  });

  test('nothing transposed (control): the square loads as stored with nothing to doubt', () => {
    const r = inferPlan({ source: sq(false), target: sq(false) });
    expect(r.ambiguities).toEqual([]);
  });

  test('a lookup table is no Linear weight: a square embedding beside a transposed weight is not listed', () => {
    const side = (inOut: boolean) => [e('embed.weight', [8, 8]), ...sq(inOut).slice(2)];
    const r = inferPlan({ source: side(true), target: side(false) });
    expect(r.ops.some((o) => o.op === 'transpose')).toBe(true);
    expect(listed(r)).toEqual([]);
  });

  test('a square of another leaf (`gamma`) is not listed for a transposed `weight`', () => {
    const side = (inOut: boolean) => [e('scale.gamma', [8, 8]), ...sq(inOut).slice(2)];
    const r = inferPlan({ source: side(true), target: side(false) });
    expect(listed(r)).toEqual([]);
  });
});
