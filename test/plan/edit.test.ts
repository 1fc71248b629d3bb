import { describe, expect, it } from 'vitest';
import { applyOpsToKeys } from '../../src/analysis/op-keys.js';
import type { PlanOp } from '../../src/analysis/op-vocabulary.js';
import type { KeyEntry } from '../../src/formats/keys.js';
import { planKeyChanges } from '../../src/apply/apply-changes.js';
import { editPlan, NO_EDITS, splitPair, targetKeysOf } from '../../src/plan/edit.js';
import { makePlan } from '../../src/plan/schema.js';
import type { Plan } from '../../src/plan/types.js';
import { checkPlanConsistency } from '../../src/plan/validate.js';

const e = (key: string): KeyEntry => ({ key, shape: [2], dtype: 'float32' });
const SOURCE = ['module.enc.w', 'module.enc.b', 'module.aux.w', 'module.head.w'].map(e);
const TARGET = ['enc.w', 'enc.b', 'head.w', 'new_head.w'];

function planWith(ops: PlanOp[]): Plan {
  const { mapping } = applyOpsToKeys(ops, SOURCE);
  return makePlan({ file: 'ckpt.pt', size: 1, sha256: '', select: [] }, { file: 'model', keys: TARGET.length }, { ops, mapping, unmapped: ['new_head.w'], unexpected: ['aux.w'] });
}

describe('plan edit', () => {
  it('after a hand edit of the ops, the stored mapping disagrees; plan edit with no edits re-derives it', () => {
    const plan = planWith([{ op: 'strip_prefix', prefix: 'module.' }]);
    const handEdited = { ...plan, ops: [...plan.ops, { op: 'drop', pattern: '^aux\\.', reason: 'by hand' } as PlanOp] };
    expect(checkPlanConsistency(handEdited, SOURCE)).toEqual(["mapping['module.aux.w']: the plan says 'aux.w' but the ops give dropped"]);
    const fixed = editPlan(handEdited, 'plan.json', NO_EDITS);
    expect(checkPlanConsistency(fixed, SOURCE)).toEqual([]);
    expect(fixed.unexpected).toEqual([]);
    expect(fixed.unmapped).toEqual(['new_head.w']);
  });

  it('edits append renames, ties, drops in that order and recompute unmapped and unexpected', () => {
    const plan = planWith([{ op: 'strip_prefix', prefix: 'module.' }]);
    const edited = editPlan(plan, 'plan.json', { drop: ['^aux\\.'], keepMissing: [], rename: [{ from: '^head\\.', to: 'new_head.' }], tie: [{ target: 'head.w', source: 'new_head.w' }] });
    expect(edited.ops.slice(1).map((o) => o.op)).toEqual(['rename', 'copy', 'drop']);
    expect(edited.mapping['module.head.w']).toEqual(['new_head.w', 'head.w']);
    expect(edited.unmapped).toEqual([]);
    expect(edited.unexpected).toEqual([]);
    expect(edited.keepMissing).toBeUndefined();
    const kept = editPlan(plan, 'plan.json', { ...NO_EDITS, keepMissing: ['^new_head\\.'] });
    expect(kept.keepMissing).toEqual(['^new_head\\.']);
    expect(kept.unmapped).toEqual(['new_head.w']);
  });

  it('a --keep-missing that matches no missing key, and an edit that matches nothing, are refused naming the plan', () => {
    const plan = planWith([{ op: 'strip_prefix', prefix: 'module.' }]);
    expect(() => editPlan(plan, 'plan.json', { ...NO_EDITS, keepMissing: ['^enc\\.'] })).toThrow("--keep-missing ^enc\\.: matches no key the plan leaves missing ('new_head.w')");
    expect(() => editPlan(plan, 'plan.json', { ...NO_EDITS, drop: ['^nope'] })).toThrow(/after the edits: ops\[1\] \(drop \^nope\): matches no key/);
    expect(() => editPlan(plan, 'plan.json', { ...NO_EDITS, drop: ['('] })).toThrow(/^--drop \(: /);
  });

  it('a --drop the plan already carries out (by file name or by the name its renames give) adds no op and is no error', () => {
    const plan = planWith([{ op: 'drop', pattern: '^module\\.aux\\.', reason: 'inferred' }, { op: 'strip_prefix', prefix: 'module.' }]);
    for (const d of ['^aux\\.', '^module\\.aux\\.']) {
      const edited = editPlan(plan, 'plan.json', { ...NO_EDITS, drop: [d] });
      expect(edited.ops).toEqual(plan.ops);
      expect(edited.mapping['module.aux.w']).toBeNull();
    }
    // a drop that matches neither a key left nor a key dropped is still a mistake
    expect(() => editPlan(plan, 'plan.json', { ...NO_EDITS, drop: ['^aux2\\.'] })).toThrow(/matches no key/);
  });

  it('with --select, the ops run over another state dict\'s keys, whose key set the plan then records', () => {
    const plan = planWith([{ op: 'strip_prefix', prefix: 'module.' }]);
    const other = ['module.enc.w', 'module.enc.b', 'module.head.w', 'module.new_head.w'].map(e);
    const edited = editPlan(plan, 'plan.json', NO_EDITS, { select: ['state_dict'], entries: other });
    expect(edited.source.select).toEqual(['state_dict']);
    expect(edited.source.keySet?.count).toBe(4);
    expect(Object.keys(edited.mapping)).toEqual(other.map((x) => x.key));
    expect(edited.unmapped).toEqual([]);
    expect(edited.unexpected).toEqual([]);
  });

  it('the target key set: from unexpected, or from the counts of an older plan when they add up', () => {
    const plan = planWith([{ op: 'strip_prefix', prefix: 'module.' }]);
    expect([...targetKeysOf(plan)!].sort()).toEqual([...TARGET].sort());
    const { unexpected: _, ...older } = plan;
    expect(targetKeysOf(older)).toBeNull();
    expect(() => editPlan(older, 'old.json', NO_EDITS)).toThrow(/old\.json|re-run sdmatch plan/);
    expect(targetKeysOf({ ...older, target: { file: 'model', keys: 5 } })?.size).toBe(5);
  });

  it('apply derives what stays missing from the ops, not from the stored unmapped list', () => {
    const plan = planWith([{ op: 'strip_prefix', prefix: 'module.' }]);
    const handEdited = { ...plan, ops: [...plan.ops, { op: 'rename', pattern: '^head\\.', replacement: 'old_head.' } as PlanOp] };
    expect(planKeyChanges(handEdited, 'plan.json', SOURCE).missing).toEqual(['new_head.w', 'head.w']);
  });

  it('FROM=TO splits at the first = that is not escaped', () => {
    expect(splitPair('--rename', 'a\\=b=c=d', 'FROM', 'TO')).toEqual(['a=b', 'c=d']);
    expect(() => splitPair('--tie', '=x', 'TARGET', 'SOURCE')).toThrow('--tie =x: expected TARGET=SOURCE');
  });
});
