/**
 * Plan inference against the benchmark's ground truth (bench/families: 13 rename families taken from
 * public conversion code), scored exactly as `npm run bench` scores it. The per-family numbers are
 * the level inference reaches today: a change that loses a single pair, invents one, or needs more
 * ops fails here. Timing is the benchmark's business, not this test's.
 */
import { describe, expect, test } from 'vitest';
import { FAMILIES, scoreMapping, type Family } from '../../../bench/families/index.js';
import { claimedMapping } from '../../../bench/suites/plan-score.js';
import { inferPlan, type InferResult } from '../../../src/analysis/infer/index.js';
import { checkPlanConsistency } from '../../../src/plan/validate.js';
import { makePlan } from '../../../src/plan/schema.js';

/** what each family reaches: correct pairs of the truth, and the ops the plan needs */
const REACHED: Record<string, { correct: number; expected: number; ops: number }> = {
  'ddp-module-prefix': { correct: 320, expected: 320, ops: 1 },
  'torch-compile-orig-mod': { correct: 16, expected: 16, ops: 1 },
  'ddp-and-compile-prefix': { correct: 32, expected: 32, ops: 1 },
  'lightning-wrapper-prefix': { correct: 23, expected: 23, ops: 1 },
  'llama-meta-to-hf': { correct: 30, expected: 30, ops: 13 },
  'whisper-openai-to-hf': { correct: 89, expected: 89, ops: 21 },
  'sd-v1-unet-ldm-to-diffusers': { correct: 686, expected: 686, ops: 70 },
  'sd-v1-vae-ldm-to-diffusers': { correct: 248, expected: 248, ops: 22 },
  'densenet-legacy-names': { correct: 606, expected: 606, ops: 4 },
  'resnet-torchvision-to-detectron2': { correct: 320, expected: 320, ops: 12 },
  // visual.proj → head.weight: transposed and named nothing alike; the one pair not inferred
  'clip-openai-to-timm-vit': { correct: 31, expected: 32, ops: 15 },
  'gpt2-conv1d-to-nanogpt': { correct: 33, expected: 33, ops: 6 },
  'vit-head-other-class-count': { correct: 32, expected: 32, ops: 1 },
};

interface Run {
  family: Family;
  result: InferResult;
}

const runs: Run[] = FAMILIES.map((make) => {
  const family = make();
  return { family, result: inferPlan({ source: family.source, target: family.target }) };
});

describe('plan inference on the benchmark families', () => {
  test('every family is scored here', () => {
    expect(runs.map((r) => r.family.name).sort()).toEqual(Object.keys(REACHED).sort());
  });

  for (const { family, result } of runs) {
    describe(family.name, () => {
      const reached = REACHED[family.name]!;
      const score = scoreMapping(family, claimedMapping(result));

      test(`precision 1, recall ${reached.correct}/${reached.expected}`, () => {
        expect(score.expected).toBe(reached.expected);
        // nothing claimed is wrong
        expect(score.predicted).toBe(score.correct);
        expect(score.correct).toBeGreaterThanOrEqual(reached.correct);
      });

      test(`${reached.ops} ops, within 2 × ${family.patterns} patterns`, () => {
        expect(result.ops.length).toBeLessThanOrEqual(reached.ops);
        expect(result.ops.length).toBeLessThanOrEqual(2 * family.patterns);
      });

      test('the ops give exactly the mapping, each matching a key; the plan is a fix', () => {
        const plan = makePlan({ file: family.name, size: 0, sha256: '', select: [] }, { file: 'model', keys: family.target.length }, result);
        expect(checkPlanConsistency(plan, family.source)).toEqual([]);
        expect(result.fixable).toBe(true);
        expect(result.sizeMismatches).toEqual([]);
      });

      if (family.transposed?.length) {
        test('every tensor the reference transposes and the plan maps is transposed', () => {
          const plan = makePlan({ file: family.name, size: 0, sha256: '', select: [] }, { file: 'model', keys: family.target.length }, result);
          const transposed = new Set<string>();
          for (const op of plan.ops) {
            if (op.op !== 'transpose') continue;
            const re = op.pattern !== undefined ? new RegExp(op.pattern) : null;
            for (const [s, t] of Object.entries(plan.mapping)) if (typeof t === 'string' && (re ? re.test(t) : t === op.key)) transposed.add(s);
          }
          // (a key the plan does not map where the reference does is a recall miss, counted above)
          for (const k of family.transposed!) if (result.mapping[k] === family.truth[k]) expect(transposed.has(k), k).toBe(true);
        });
      }

      if (family.reshaped?.length) {
        test('every tensor the reference reshapes is reshaped to the model\'s shape', () => {
          const targetShape = new Map(family.target.map((e) => [e.key, e.shape]));
          for (const k of family.reshaped!) {
            const t = result.mapping[k];
            expect(typeof t, k).toBe('string');
            const op = result.ops.find((o) => o.op === 'reshape' && (o.key === t || (o.pattern !== undefined && new RegExp(o.pattern).test(t as string))));
            expect(op, k).toMatchObject({ op: 'reshape', shape: targetShape.get(t as string) });
          }
        });
      }
    });
  }

  test('overall: precision ≥ 0.99 and recall ≥ 0.95, micro-averaged over every pair', () => {
    let correct = 0;
    let predicted = 0;
    let expected = 0;
    for (const { family, result } of runs) {
      const s = scoreMapping(family, claimedMapping(result));
      correct += s.correct;
      predicted += s.predicted;
      expected += s.expected;
    }
    expect(correct / predicted).toBeGreaterThanOrEqual(0.99);
    expect(correct / expected).toBeGreaterThanOrEqual(0.95);
    // the level reached: one pair of 2467 missed, none wrong
    expect(expected - correct).toBeLessThanOrEqual(1);
    expect(predicted).toBe(correct);
  });
});
