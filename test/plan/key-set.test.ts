import { describe, expect, it } from 'vitest';
import type { KeyEntry } from '../../src/formats/keys.js';
import { fingerprintProblems, keySetMatches } from '../../src/plan/fingerprint.js';
import { keySetDigest } from '../../src/plan/key-set.js';
import { makePlan } from '../../src/plan/schema.js';

const e = (key: string, shape: number[] | null = [2, 3], dtype: KeyEntry['dtype'] = 'float32'): KeyEntry => ({ key, shape, dtype });
const keys = [e('a.weight'), e('a.bias', [2]), e('b.weight', [4, 2], 'float16')];

describe('key-set digest', () => {
  it('is order-free, and changes with any name, shape or dtype', () => {
    const d = keySetDigest(keys)!;
    expect(d.count).toBe(3);
    expect(keySetDigest([...keys].reverse())).toEqual(d);
    expect(keySetDigest([e('a.weight', [3, 2]), keys[1]!, keys[2]!])).not.toEqual(d);
    expect(keySetDigest([e('a.weight', [2, 3], 'bfloat16'), keys[1]!, keys[2]!])).not.toEqual(d);
    expect(keySetDigest([e('a.weights'), keys[1]!, keys[2]!])).not.toEqual(d);
    expect(keySetDigest(keys.slice(1))).not.toEqual(d);
  });
  it('is unknown when a shape or a dtype is', () => {
    expect(keySetDigest([e('a', null)])).toBeNull();
    expect(keySetDigest([e('a', [1], null)])).toBeNull();
  });
});

describe('fingerprintProblems with a recorded key set', () => {
  const plan = makePlan({ file: 'step1.pt', size: 1000, sha256: 'a'.repeat(64), select: [], kind: 'checkpoint', keySet: keySetDigest(keys)! }, { file: 'm', keys: 3 }, { ops: [], mapping: { 'a.weight': 'a.weight', 'a.bias': 'a.bias', 'b.weight': 'b.weight' }, unmapped: [] });
  const names = keys.map((k) => k.key);
  it('another file with the key set fits, whatever its size', () => {
    expect(keySetMatches(plan, keys)).toBe(true);
    expect(fingerprintProblems(plan, { size: 5, keys: names, entries: keys })).toEqual([]);
  });
  it('the same names with another shape: says shapes or dtypes differ', () => {
    const wider = [e('a.weight', [2, 4]), keys[1]!, keys[2]!];
    expect(keySetMatches(plan, wider)).toBe(false);
    expect(fingerprintProblems(plan, { size: 5, keys: names, entries: wider })).toEqual([
      "size is 5 bytes, the plan's source had 1000",
      "key set differs: the same 3 key names as the plan's source, but shapes or dtypes differ (the plan records their digest, source.keySet)",
    ]);
  });
  it('other names: the first keys that differ, each way', () => {
    const other = [e('x.weight'), keys[1]!, keys[2]!];
    expect(fingerprintProblems(plan, { size: 1000, keys: other.map((k) => k.key), entries: other })).toEqual([
      "key set differs: 1 planned key(s) absent ('a.weight'); 1 key(s) the plan does not know ('x.weight')",
    ]);
  });
  it('a plan without a key set is checked as before', () => {
    const { keySet: _, ...source } = plan.source;
    expect(fingerprintProblems({ ...plan, source }, { size: 5, keys: names, entries: keys })).toEqual(["size is 5 bytes, the plan's source had 1000"]);
  });
});
