import { describe, expect, it } from 'vitest';
import type { ResolvedSide } from '../../src/analysis/sides.js';
import type { KeyEntry } from '../../src/formats/keys.js';
import { buildPlan, inferenceSides, OUTCOME_RULES, plannedFromInference } from '../../src/plan/build.js';

/**
 * The outcome rules of a finished plan (build.ts OUTCOME_RULES): one ordered list, each with its name and why, run by
 * one loop. A 6-class fine-tune against a model built with the default 1000 classes (review 20 F3): the head drop is
 * a config to build, said once per head key, however many drop ops match a key.
 */

const e = (key: string, shape: number[]): KeyEntry => ({ key, shape, dtype: 'float32' });
const side = (entries: KeyEntry[], file: string): ResolvedSide => ({ file, kind: 'key-list', entries, selected: null, selection: null, nonTensor: [], report: null, checkpoint: null });
const NO_SOURCE = { file: 'src.pt', size: 0, sha256: '', select: [] };
const cls = (n: number) => [e('body.weight', [8, 8]), e('body.bias', [8]), e('norm.weight', [8]), e('norm.bias', [8]), e('head.weight', [n, 8]), e('head.bias', [n])];

describe('outcome rules', () => {
  const sides = inferenceSides(side(cls(6), 'src.pt'), side(cls(1000), 'model.json'));

  it('each rule has a name and a why, in one ordered list', () => {
    expect(OUTCOME_RULES.map((r) => r.name)).toEqual(['default-count heads', 'trained drops', 'tied written apart', 'wrapped by the load']);
    for (const r of OUTCOME_RULES) expect(r.why.length).toBeGreaterThan(20);
  });

  it('a default-count head: the first finding says to build the model with the checkpoint count, for its two keys', () => {
    const out = buildPlan(sides, NO_SOURCE, 'model.json');
    expect(out.causes[0]!.code).toBe('class_count_config');
    expect(out.causes[0]!.count).toBe(2);
  });

  it('a key matched by two drop ops counts once in the words', () => {
    const { result } = buildPlan(sides, NO_SOURCE, 'model.json');
    const drop = result.ops.find((o) => o.op === 'drop')!;
    expect(drop).toBeDefined();
    // a second drop of the head's weight alone: the key is dropped by both ops, and is one head key
    const twice = { ...result, ops: [...result.ops, { op: 'drop' as const, pattern: '^head\\.weight$', reason: 'a second drop of the same key' }] };
    const out = plannedFromInference(sides, twice, NO_SOURCE, 'model.json');
    const first = out.causes[0]!;
    expect(first.code).toBe('class_count_config');
    expect(first.count).toBe(2);
    expect(first.subject).toBe('`head.weight`, `head.bias`');
    expect(out.plan.ops.filter((o) => o.op === 'drop').every((o) => o.op === 'drop' && o.unsettled)).toBe(true);
  });
});
