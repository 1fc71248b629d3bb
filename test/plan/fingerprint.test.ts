/**
 * Does a plan fit the checkpoint it is applied to? A plan made from a checkpoint: that file's size
 * and key set. A plan made from a manifest, a key list or an error text names no file of the
 * checkpoint's: only the key set counts, and a mismatch says what the plan was made from.
 */
import { describe, expect, test } from 'vitest';
import { fingerprintProblems } from '../../src/plan/fingerprint.js';
import { makePlan } from '../../src/plan/schema.js';
import type { PlanSource } from '../../src/plan/types.js';

const mapping = { 'encoder.0.weight': 'backbone.0.weight', 'encoder.0.bias': 'backbone.0.bias' };
const plan = (source: PlanSource) => makePlan(source, { file: 'model.json', keys: 2 }, { ops: [], mapping, unmapped: [] });
const keys = Object.keys(mapping);

describe('fingerprintProblems', () => {
  test('a checkpoint plan (kind absent, as in older plans, or given): size and key set', () => {
    for (const kind of [undefined, 'checkpoint'] as const) {
      const p = plan({ file: 'old.pt', size: 1000, sha256: '', select: [], ...(kind ? { kind } : {}) });
      expect(fingerprintProblems(p, { size: 1000, keys })).toEqual([]);
      expect(fingerprintProblems(p, { size: 999, keys })).toEqual(["size is 999 bytes, the plan's source had 1000"]);
      expect(fingerprintProblems(p, { size: 1000, keys: [...keys, 'head.weight'] })).toEqual(["key set differs: 1 key(s) the plan does not know ('head.weight')"]);
    }
  });

  test('a manifest or key-list plan: any size; the keys must be exactly the mapping\'s, else it says why', () => {
    const p = plan({ file: 'model.lock.json', size: 1745, sha256: '', select: [], kind: 'manifest' });
    expect(fingerprintProblems(p, { size: 123_456_789, keys })).toEqual([]);
    expect(fingerprintProblems(p, { size: 1, keys: ['encoder.0.weight', 'neck.weight'] })).toEqual([
      "key set differs (the plan was made from a manifest, so the checkpoint's keys must be exactly those of model.lock.json): 1 planned key(s) absent ('encoder.0.bias'); 1 key(s) the plan does not know ('neck.weight')",
    ]);
    const list = plan({ file: 'keys.txt', size: 10, sha256: '', select: [], kind: 'key-list' });
    expect(fingerprintProblems(list, { size: 0, keys })).toEqual([]);
  });

  test('an error-text plan names only the keys that differed: a whole checkpoint never fits, and it says what to do', () => {
    const p = plan({ file: 'error.txt', size: 300, sha256: '', select: [], kind: 'error-text' });
    const [problem, ...rest] = fingerprintProblems(p, { size: 300, keys: [...keys, 'stem.weight'] });
    expect(rest).toEqual([]);
    expect(problem).toContain('the plan was made from an error text, which names only the keys that differed');
    expect(problem).toContain('sdmatch plan CHECKPOINT ERROR.txt');
    // unless the checkpoint is exactly what the error named
    expect(fingerprintProblems(p, { size: 1, keys })).toEqual([]);
  });
});
