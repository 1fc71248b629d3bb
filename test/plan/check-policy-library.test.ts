import { describe, expect, it } from 'vitest';
import { checkKeys } from '../../src/analysis/check.js';
import { openKeySource } from '../../src/checkpoint/key-source.js';
import type { KeyEntry } from '../../src/formats/keys.js';
import { checkSources } from '../../src/plan/check-run.js';
import { formatErrorOf as thrown } from '../helpers/format-error.js';

/**
 * Review 22 F10: the library's gate takes its policy from a plain-JS caller (or one that reads `.sdmatch.json`
 * itself), where no type stops `failOn: "breakng"`; it passed a breaking change. The policy is checked with the
 * code `.sdmatch.json` gets (formats/policy.ts) and a bad one throws FormatError, so the gate fails closed.
 */

const BASE: KeyEntry[] = [
  { key: 'body.weight', shape: [8, 4], dtype: 'float32' },
  { key: 'head.weight', shape: [5, 8], dtype: 'float32' },
];
// the head of another class count: breaking
const CUR: KeyEntry[] = [BASE[0]!, { key: 'head.weight', shape: [10, 8], dtype: 'float32' }];

const BAD: [string, unknown, RegExp][] = [
  ['a misspelt failOn', { failOn: 'breakng' }, /^policy\.failOn: must be one of breaking, migratable, any, not string "breakng"$/],
  ['a capitalised failOn', { failOn: 'Breaking' }, /^policy\.failOn: must be one of/],
  ['an allow kind the policy does not know', { allow: ['add'] }, /^policy\.allow\[0\]: must be one of added, dtype, not string "add"$/],
  ['allow as a string', { allow: 'added' }, /^policy\.allow: must be an array of strings/],
  ['minConfidence above 1', { minConfidence: 7 }, /^policy\.minConfidence: must be a number from 0 to 1, not 7$/],
  ['minConfidence below 0', { minConfidence: -0.1 }, /^policy\.minConfidence: must be a number from 0 to 1/],
  ['minConfidence as a string', { minConfidence: '0.9' }, /^policy\.minConfidence: must be a number from 0 to 1, not string "0.9"$/],
  ['an unknown field', { failon: 'any' }, /^policy\."failon": unknown field \(allowed: failOn, allow, ignore, minConfidence\)$/],
  ['an invalid ignore pattern', { ignore: ['(unclosed'] }, /^policy\.ignore\[0\]: invalid regex/],
  ['a policy that is not an object', 'breaking', /^policy: must be an object, not string "breaking"$/],
];

describe('checkKeys: a policy is checked as .sdmatch.json is (review 22 F10)', () => {
  it.each(BAD)('%s throws FormatError instead of passing a breaking change', (_, policy, message) => {
    expect(thrown(() => checkKeys({ baseline: BASE, current: CUR, policy: policy as never })).message).toMatch(message);
  });

  it('a good policy, an empty one and fields given as undefined keep the defaults where absent', () => {
    expect(checkKeys({ baseline: BASE, current: CUR }).passed).toBe(false);
    expect(checkKeys({ baseline: BASE, current: CUR, policy: { failOn: undefined, minConfidence: undefined } }).passed).toBe(false);
    const r = checkKeys({ baseline: BASE, current: CUR, policy: { failOn: 'any', allow: ['added'], ignore: ['^head\\.'], minConfidence: 0.9 } });
    expect(r.policy).toEqual({ failOn: 'any', allow: ['added'], ignore: ['^head\\.'], minConfidence: 0.9 });
    expect(r.passed).toBe(true);
  });
});

describe('checkSources: the same policy check, before the files are compared (review 22 F10)', () => {
  const baseline = openKeySource('fixtures/pairs/classifier-head.manifest.json');
  const current = openKeySource('fixtures/remap/classifier-10.pt');

  it('a breaking change fails under the default policy', () => {
    const r = checkSources(baseline, current);
    expect(r.verdict).toBe('breaking');
    expect(r.passed).toBe(false);
  });

  it.each(BAD)('%s throws FormatError', (_, policy, message) => {
    expect(thrown(() => checkSources(baseline, current, { policy: policy as never })).message).toMatch(message);
  });
});
