import { describe, expect, test } from 'vitest';
import { againstTextDrops, guessedDrops, guessedDropsRefusal, isAgainstText, withoutAgainstTextDrops } from '../../src/plan/unsettled.js';
import { checkPlanConsistency } from '../../src/plan/validate.js';
import type { Plan, PlanOp } from '../../src/plan/types.js';

const keys = ['module.enc.0.q.weight', 'module.enc.0.adapter.weight', 'module.enc.1.q.weight', 'module.enc.1.adapter.weight', 'module.head.weight'].map((key) => ({ key, shape: [2], dtype: null }));

const strip: PlanOp = { op: 'strip_prefix', prefix: 'module.' };
const against: PlanOp = { op: 'drop', pattern: '\\.adapter\\.', reason: 'NOT A SETTLED FIX: the text points to another reading (model_lacks: …)', unsettled: true, text_reading: 'model_lacks' };
const open: PlanOp = { op: 'drop', pattern: '^head\\.', reason: 'NOT A SETTLED FIX: the text leaves open whether these should go (fine_tune or same_classes)', unsettled: true };

function plan(ops: PlanOp[]): Plan {
  return {
    format: 'sdmatch-plan', version: 3,
    source: { file: 'ckpt.pt', size: 10, sha256: '', select: [] },
    target: { file: 'error.txt', keys: 2 },
    ops,
    mapping: { 'module.enc.0.q.weight': 'enc.0.q.weight', 'module.enc.0.adapter.weight': null, 'module.enc.1.q.weight': 'enc.1.q.weight', 'module.enc.1.adapter.weight': null, 'module.head.weight': null },
    unmapped: ['head.weight'],
    unexpected: [],
  };
}

describe('drops the text argues against (issue 10 b)', () => {
  test('told apart from the drops the text leaves open, by the field or, in a plan written before it, by the reason\'s words', () => {
    expect(isAgainstText(against)).toBe(true);
    expect(isAgainstText(open)).toBe(false);
    const { text_reading: _t, ...older } = against as Extract<PlanOp, { op: 'drop' }>;
    expect(isAgainstText(older)).toBe(true);
    expect(isAgainstText({ op: 'drop', pattern: 'x', reason: 'unused by this model' })).toBe(false);
    const p = plan([strip, against, open]);
    expect(guessedDrops(p).map((d) => d.index)).toEqual([2]);
    expect(againstTextDrops(p).map((d) => d.index)).toEqual([1]);
  });

  test('--allow-guessed-drops runs the plan without them: their keys kept under the names the other ops give, unexpected to the target; the rest as planned', () => {
    const p = plan([strip, against, open]);
    expect(checkPlanConsistency(p, keys)).toEqual([]);
    const r = withoutAgainstTextDrops(p, keys);
    expect(r.undone).toEqual([against]);
    expect(r.kept).toEqual(['enc.0.adapter.weight', 'enc.1.adapter.weight']);
    expect(r.plan.ops).toEqual([strip, open]);
    expect(r.plan.mapping).toEqual({ ...p.mapping, 'module.enc.0.adapter.weight': 'enc.0.adapter.weight', 'module.enc.1.adapter.weight': 'enc.1.adapter.weight' });
    expect(r.plan.unexpected).toEqual(['enc.0.adapter.weight', 'enc.1.adapter.weight']);
    expect(checkPlanConsistency(r.plan, keys)).toEqual([]);
    // a plan with none is returned as it is
    const settled = plan([strip, open]);
    expect(withoutAgainstTextDrops(settled, keys).plan).toBe(settled);
  });

  test('the refusal says which drops the flag leaves undone, and what the flag then writes', () => {
    expect(guessedDropsRefusal(plan([strip, against, open]), false, 'written')).toMatch(/^ops\[1\] \(drop \\\.adapter\\\.\) is a guessed drop \(nor is ops\[2\]\).*; ops\[1\] the text argues against .*: even with --allow-guessed-drops it is left undone, the keys kept; nothing written: review it, then pass --allow-guessed-drops to drop them anyway$/);
    expect(guessedDropsRefusal(plan([strip, against]), false, 'written')).toMatch(/nothing written: review it, --allow-guessed-drops writes the output with those keys kept$/);
    expect(guessedDropsRefusal(plan([strip, against]), true, 'written')).toBeNull();
  });
});
