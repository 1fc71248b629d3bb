/**
 * Review 10 F4: a strict load checks names and shapes, not values. A plan whose ops rest on a guess (a
 * confidence below the one the exact rules start at, or a reversed weight nothing witnesses) must not
 * get the exact plan's headline, JSON or apply verdict: each says what is verified (keys and shapes) and
 * names the ops whose values are not.
 */
import { describe, expect, it } from 'vitest';
import { explainCauses, UNWITNESSED_REVERSAL } from '../../src/analysis/infer/causes.js';
import { CONFIDENCE } from '../../src/analysis/infer/confidence.js';
import { inferPlan } from '../../src/analysis/infer/index.js';
import type { PlanOutcome } from '../../src/plan/build.js';
import { GUESS_BELOW, guessedOps } from '../../src/plan/guesses.js';
import { makePlan } from '../../src/plan/schema.js';
import type { PlanOp } from '../../src/plan/types.js';
import { validatePlan } from '../../src/plan/validate.js';
import { renderTargetCheck } from '../../src/report/apply.js';
import { explainToJson } from '../../src/report/explain.js';
import { planVerdict } from '../../src/report/plan.js';
import { e } from '../analysis/infer/layouts.js';
import { loadSchema, validateJson } from '../helpers/json-schema.js';
import type { TargetCheck } from '../../src/apply/apply-target.js';

// up [32, 48] / down [48, 32] against [48, 32] / [32, 48]: a transposed layout and a model of swapped sizes fit alike
const side = (up: number[], down: number[]) => [0, 1].flatMap((l) => [e(`layers.${l}.up.weight`, up), e(`layers.${l}.down.weight`, down)]);

const outcomeOf = (ops: PlanOp[], complete = true, mode = 'keys'): PlanOutcome => {
  const plan = makePlan({ file: 'ckpt.pt', size: 10, sha256: '', select: [] }, { file: 'model.pt', keys: 2 }, { ops, mapping: {}, unmapped: [] });
  const result = { ops, mapping: {}, unmapped: [], leftover: [], ambiguities: [], warnings: [], causes: [], sizeMismatches: [], fixable: true };
  return { plan, result, mode, opKeys: [], missing: [], counters: [], unexpected: [], causes: [], fixable: true, complete, shapesDiffer: [], uncertain: [], keptMissing: [] } as unknown as PlanOutcome;
};

const exact: PlanOp = { op: 'strip_prefix', prefix: 'module.', confidence: 0.99, evidence: '16 keys' };
const byOrder: PlanOp = { op: 'rename', pattern: '^a\\.', replacement: 'b.', confidence: 0.87, evidence: '2 keys, order preserved' };

describe('a reversal nothing witnesses is a typed field on its op', () => {
  it('inference sets unwitnessed: true on the transpose, and only there', () => {
    const r = inferPlan({ source: side([32, 48], [48, 32]), target: side([48, 32], [32, 48]) });
    const t = r.ops.filter((o) => o.op === 'transpose');
    expect(t.length).toBeGreaterThan(0);
    for (const o of t) expect(o).toMatchObject({ unwitnessed: true });
    const biased = (up: number[], down: number[]) => [...side(up, down), ...[0, 1].flatMap((l) => [e(`layers.${l}.up.bias`, [32]), e(`layers.${l}.down.bias`, [48])])];
    const w = inferPlan({ source: biased([48, 32], [32, 48]), target: biased([32, 48], [48, 32]) });
    for (const o of w.ops.filter((x) => x.op === 'transpose')) expect(o).not.toHaveProperty('unwitnessed');
  });

  it('the finding reads the field, not the end of the evidence text', () => {
    const facts = (op: PlanOp) => ({ sourceCount: 1, targetCount: 1, ops: [op], covers: [['w.weight']], exampleOf: () => 'w.weight', anotherModel: false, matched: 1, sizeMismatches: [], positionWarnings: [], leftover: [], unmapped: [], ambiguous: 0 });
    const typed = explainCauses(facts({ op: 'transpose', key: 'w.weight', dims: [1, 0], evidence: 'shape [2, 3] vs [3, 2]', unwitnessed: true }));
    expect(typed[0]!.message).toMatch(/swapped sizes/);
    const wordsOnly = explainCauses(facts({ op: 'transpose', key: 'w.weight', dims: [1, 0], evidence: `shape [2, 3] vs [3, 2]: ${UNWITNESSED_REVERSAL}` }));
    expect(wordsOnly[0]!.message).not.toMatch(/swapped sizes/);
  });

  it('the plan format reads it (true only)', () => {
    const plan = (unwitnessed: unknown) => ({ format: 'sdmatch-plan', version: 3, source: { file: 'a.pt', size: 1, sha256: '', select: [] }, target: { file: 'b.pt', keys: 1 }, ops: [{ op: 'transpose', key: 'w', dims: [1, 0], unwitnessed }], mapping: { w: 'w' }, unmapped: [] });
    expect(validatePlan(plan(true), 'p.json').ops[0]).toMatchObject({ unwitnessed: true });
    expect(() => validatePlan(plan(false), 'p.json')).toThrow(/unwitnessed: expected true/);
    expect(validateJson(loadSchema('plan.schema.json'), plan(true))).toEqual([]);
  });
});

describe('which ops rest on a guess', () => {
  it('below CONFIDENCE.prefixBase, or an unwitnessed transpose; prefix ops, drops and ops without a confidence are not listed', () => {
    expect(GUESS_BELOW).toBe(CONFIDENCE.prefixBase);
    const ops: PlanOp[] = [
      // DDP's `module.` as module alignment finds it first: 0.85, and still the names decide
      { op: 'strip_prefix', prefix: 'module.', confidence: 0.85 },
      byOrder,
      { op: 'drop', pattern: '^x$', reason: 'head', confidence: 0.5 },
      { op: 'transpose', pattern: '^w$', dims: [1, 0], confidence: 1, unwitnessed: true },
      { op: 'rename', pattern: '^c$', replacement: 'd' },
      { op: 'rename', pattern: '^e$', replacement: 'f', confidence: GUESS_BELOW },
    ];
    expect(guessedOps(ops).map((g) => g.index)).toEqual([1, 3]);
  });
});

describe('the headline, the JSON and apply say what is verified', () => {
  it('a complete plan with a guessed op: keys and shapes, and the op named; an exact one keeps its headline', () => {
    const guessed = planVerdict(outcomeOf([exact, byOrder]));
    expect(guessed.text).not.toMatch(/explains every difference/);
    expect(guessed.text).toMatch(/^keys and shapes check: after the plan, load_state_dict\(strict=True\) succeeds; but 1 of 2 ops rests on a guess \(#2: confidence below 0\.90\), so the values it moves are unverified/);
    expect(guessed.tone).toBe('yellow');
    expect(planVerdict(outcomeOf([exact])).text).toBe('the plan explains every difference: after it, load_state_dict(strict=True) succeeds');
    const withError = planVerdict(outcomeOf([byOrder], true, 'checkpoint-and-error'));
    expect(withError.text).toMatch(/\(keys and shapes\); its one op rests on a guess \(#1/);
  });

  it('explain --json lists the guesses, and the document fits its schema', () => {
    const j = explainToJson(outcomeOf([exact, byOrder]), null);
    expect(j.complete).toBe(true);
    expect(j.guesses).toEqual([{ index: 1, op: 'rename', confidence: 0.87, why: expect.stringMatching(/below the 0\.90/) }]);
    expect(validateJson(loadSchema('explain.schema.json'), JSON.parse(JSON.stringify(j)))).toEqual([]);
    expect(explainToJson(outcomeOf([exact]), null).guesses).toEqual([]);
  });

  it("apply's first line: 'keys and shapes verified' and the ops not verified; counters BatchNorm fills in are said, not hidden", () => {
    const check: TargetCheck = { target: 'model.pt', against: 'model', missing: [], unexpected: [], shapes: [] };
    expect(renderTargetCheck({ color: false }, check)).toBe('verified against model.pt: every key it expects is there with its shape, and nothing else: load_state_dict(strict=True) accepts the output');
    const guessed = renderTargetCheck({ color: false }, { ...check, guesses: guessedOps([exact, byOrder]) });
    expect(guessed).toMatch(/^keys and shapes verified against model\.pt: .*accepts the output; not verified: the values of one op that rests on a guess \(ops\[1\]/);
    const counters = renderTargetCheck({ color: false }, { ...check, counters: ['bn1.num_batches_tracked', 'bn2.num_batches_tracked'] });
    expect(counters).toMatch(/every key it expects is there with its shape but 2 BatchNorm `num_batches_tracked` counters, which BatchNorm fills in as it loads, and nothing else/);
  });
});

describe('review25 F13f: a wrapper infix removed is read off the names, as a prefix is', () => {
  const rename = (pattern: string, replacement = '$1'): PlanOp => ({ op: 'rename', pattern, replacement, confidence: 0.86, evidence: '60 keys, shapes equal, order preserved' });

  it("FSDP's, activation checkpointing's and fairscale's infixes are no guess whatever the pairs' confidence", () => {
    expect(guessedOps([rename('(^|\\.)_fsdp_wrapped_module\\.'), rename('(^|\\.)_checkpoint_wrapped_module\\.'), rename('(^|\\.)_fsdp_wrapped_module\\._fpw_module\\.')])).toEqual([]);
  });

  it('any other name, or a replacement that renames, stays a guess below the line', () => {
    expect(guessedOps([rename('(^|\\.)blocks\\.'), rename('(^|\\.)_fsdp_wrapped_module\\.', '$1layers.'), rename('(^|\\.)_fsdp_wrapped_module\\.blocks\\.')]).map((g) => g.index)).toEqual([0, 1, 2]);
  });
});
