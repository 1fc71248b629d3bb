import { describe, expect, it } from 'vitest';
import { compilePattern, regexProblem } from '../../src/analysis/infer/regex.js';
import { applyOpsToKeys } from '../../src/analysis/op-keys.js';
import { validatePlan } from '../../src/plan/validate.js';
import { makePlan } from '../../src/plan/schema.js';
import type { PlanOp } from '../../src/plan/types.js';

/**
 * Plans come from strangers: a pattern crafted for catastrophic backtracking is refused when the plan
 * is read when its shape says so, and whatever passes is matched in time linear in the key.
 */
const LONG = `${'a'.repeat(200_000)}!`;

describe('plan regexes cannot hang', () => {
  it('the classic shapes are refused at validation with a clear message', () => {
    const plan = (pattern: string) => ({ ...makePlan({ file: 'x.pt', size: 1, sha256: '', select: [] }, { file: 'm', keys: 1 }, { ops: [{ op: 'drop', pattern, reason: 'x' }], mapping: {}, unmapped: [] }) });
    for (const [p, why] of [
      ['(a+)+$', /catastrophic backtracking/],
      ['(\\w*)*x', /catastrophic backtracking/],
      ['(?=a)a', /lookaround is not allowed/],
      ['\\p{L}', /not in the plan regex dialect/],
    ] as const) {
      expect(regexProblem(p)).toMatch(why);
      expect(() => validatePlan(JSON.parse(JSON.stringify(plan(p))), 'plan.json')).toThrow(why);
    }
  });

  it('shapes that pass validation but backtrack natively are matched in linear time, over a 200,000-character key', () => {
    for (const pattern of ['^(a|aa)+$', '^(a|a)*$', '.*.*.*.*.*.*x', '^(?:a|ab)*c', '^(\\w|\\d)+$', 'a*a*a*a*a*a*b']) {
      expect(regexProblem(pattern), pattern).toBeNull();
      const ops: PlanOp[] = [{ op: 'rename', pattern, replacement: 'z' }];
      // the rename matches nothing: the whole key is searched
      const r = applyOpsToKeys(ops, [{ key: LONG, shape: [1], dtype: 'float32' }]);
      expect(r.errors.join(' '), pattern).toMatch(/matches no key/);
    }
  });

  it('compilePattern gives the native answers, groups included, on ordinary keys', () => {
    const p = compilePattern('^layers\\.(\\d+)\\.(attn|mlp)\\.(.*)$');
    expect([...p.exec('layers.12.attn.c_proj.weight')!]).toEqual(['layers.12.attn.c_proj.weight', '12', 'attn', 'c_proj.weight']);
    expect(p.test('layers.x.attn.w')).toBe(false);
    // the same pattern on a key of 5,000 segments takes the linear matcher and agrees
    const deep = `layers.7.mlp.${Array.from({ length: 5000 }, (_, i) => `s${i}`).join('.')}`;
    expect(p.exec(deep)![1]).toBe('7');
    expect(p.exec(deep)![3]!.length).toBe(deep.length - 'layers.7.mlp.'.length);
  });
});
