import { describe, expect, it } from 'vitest';
import type { InferResult } from '../../src/analysis/infer/index.js';
import type { PlanOutcome } from '../../src/plan/build.js';
import { makePlan } from '../../src/plan/schema.js';
import type { PlanOp } from '../../src/plan/types.js';
import { explainToJson, pythonFix, renderExplain } from '../../src/report/explain.js';
import { braced, opWhat, renderPlan, summaryLines } from '../../src/report/plan.js';

/**
 * The human rendering of a plan, on outcomes written by hand (no inference), so each line of the
 * output can be pinned: the ops table, what stays after the plan, ambiguities, warnings, the verdict.
 */

const plain = { color: false };

function outcome(ops: PlanOp[], over: Omit<Partial<PlanOutcome>, 'result'> & { result?: Partial<InferResult> } = {}): PlanOutcome {
  const result: InferResult = {
    ops,
    mapping: {},
    unmapped: [],
    leftover: [],
    ambiguities: [],
    warnings: [],
    causes: [],
    sizeMismatches: [],
    fixable: true,
    ...over.result,
  };
  const { result: _partial, ...rest } = over;
  const plan = makePlan({ file: 'ckpt.pt', size: 10, sha256: '', select: ['state_dict'] }, { file: 'model.json', keys: 4 }, result);
  return {
    plan,
    result,
    mode: 'keys',
    opKeys: ops.map(() => 2),
    missing: [],
    counters: [],
    unexpected: [],
    causes: result.causes,
    fixable: result.fixable,
    complete: true,
    shapesDiffer: [],
    uncertain: [],
    keptMissing: [],
    ...rest,
  };
}

describe('opWhat: one cell per op', () => {
  it('says what each kind does', () => {
    expect(opWhat({ op: 'strip_prefix', prefix: 'module.' })).toBe("'module.'");
    expect(opWhat({ op: 'rename', pattern: '^a\\.', replacement: 'b.' })).toBe('^a\\. → b.');
    expect(opWhat({ op: 'drop', pattern: '^head\\.', reason: 'r' })).toBe('^head\\.');
    expect(opWhat({ op: 'transpose', key: 'h.0.w', dims: [1, 0] })).toBe('h.0.w dims [1, 0]');
    expect(opWhat({ op: 'split', key: 'a.in_proj_weight', dim: 0, targets: ['a.q.weight', 'a.k.weight', 'a.v.weight'], sizes: [8, 8, 8] })).toBe(
      'a.in_proj_weight → a.{q,k,v}.weight (dim 0, sizes 8/8/8)',
    );
    expect(opWhat({ op: 'concat', keys: ['e.0.w', 'e.1.w'], dim: 0, target: 'e.w' })).toBe('e.{0,1}.w → e.w (dim 0)');
  });

  it('prints an empty replacement visibly', () => {
    expect(opWhat({ op: 'rename', pattern: '^backbone\\.', replacement: '' })).toBe('^backbone\\. → ""');
    expect(opWhat({ op: 'rename', pattern: 'a', replacement: 'b' })).toBe('a → b');
  });

  it('renders tensor ops by key or by pattern, and an op kind it does not know from its fields', () => {
    expect(opWhat({ op: 'reshape', key: 'fc.weight', shape: [10, 4, 1, 1] })).toBe('fc.weight to [10, 4, 1, 1]');
    expect(opWhat({ op: 'transpose', pattern: '^h\\.\\d+\\.attn\\.c_attn\\.weight$', dims: [1, 0] })).toBe('^h\\.\\d+\\.attn\\.c_attn\\.weight$ dims [1, 0]');
    const future = { op: 'interpolate', key: 'pos_embed', size: [1, 577, 768] } as unknown as PlanOp;
    expect(opWhat(future)).toBe('key="pos_embed" size=[1,577,768]');
  });

  it('braces keys around their common segments', () => {
    expect(braced(['x.0.q_proj.weight', 'x.0.k_proj.weight'])).toBe('x.0.{q_proj,k_proj}.weight');
    expect(braced(['a', 'b'])).toBe('{a,b}');
    expect(braced(['only.one'])).toBe('only.one');
  });
});

describe('renderPlan', () => {
  const ops: PlanOp[] = [
    { op: 'strip_prefix', prefix: 'module.', confidence: 0.98, evidence: '2 keys, shapes equal' },
    { op: 'drop', pattern: '^fc\\.', reason: 'fc.weight [10, 4] vs [5, 4]: classifier of another class count', confidence: 0.9 },
  ];

  it('prints the ops table with key counts, confidence and evidence, then what stays after the plan', () => {
    const o = outcome(ops, {
      missing: ['fc.weight', 'fc.bias'],
      complete: false,
      causes: [{ code: 'strip_prefix', message: 'every checkpoint key carries an extra `module.` prefix: strip it' }],
      result: { warnings: ['`pos_embed` has 197 positions in the checkpoint and 577 in the model: interpolate it', 'a tied weight was kept once', 'a tied weight was kept once'] },
    });
    const text = renderPlan(o, plain, { written: 'plan.json' });
    // identical warnings are said once, with a count
    expect(text).toContain('\n  - a tied weight was kept once (×2)\n');
    expect(text.match(/a tied weight/g)).toHaveLength(1);
    const lines = text.split('\n');
    // the answer first: the verdict, the findings, the fix, what was written; then the sides
    expect(lines.slice(0, 5)).toEqual([
      'the plan leaves keys missing, unexpected or ambiguous: load_state_dict(strict=True) would still fail',
      '  - every checkpoint key carries an extra `module.` prefix: strip it',
      // a plan whose output still fails a strict load is never presented as the fix (review 22/23 trust: every claim true)
      'partial fix: sdmatch apply ckpt.pt plan.json -o fixed.pt',
      '  it applies what the plan settles, and its output still fails load_state_dict(strict=True): 2 keys the model expects left missing (the findings and lists say which)',
      'wrote plan.json',
    ]);
    expect(text).not.toMatch(/^fix:/m);
    expect(lines.slice(6, 8)).toEqual(['source    ckpt.pt, state dict state_dict', 'expected  model.json, 4 keys']);
    const row1 = lines.find((l) => l.includes('strip_prefix'))!;
    expect(row1.split(/\s{2,}/).filter(Boolean)).toEqual(['1', 'strip_prefix', "'module.'", '2', '0.98', '2 keys, shapes equal']);
    const row2 = lines.find((l) => l.includes('drop'))!;
    expect(row2).toContain('classifier of another class count');
    expect(text).toContain('after the plan: 2 missing, 0 unexpected');
    expect(text).toContain('  fc.{weight,bias}  (2 keys)');
    expect(text).toContain('warnings\n  - `pos_embed` has 197 positions');
    expect(text).not.toMatch(/\u001b\[/);
  });

  it('lists ambiguities, BatchNorm counters and shape mismatches no transform fixes', () => {
    const o = outcome([], {
      counters: ['bn.num_batches_tracked'],
      fixable: false,
      complete: false,
      result: {
        ambiguities: [{ keys: ['a.weight'], candidates: ['b.weight', 'c.weight'], reason: 'equally good' }],
        sizeMismatches: [{ source: 'l.weight', target: 'l.weight', sourceShape: [8, 4], targetShape: [6, 4] }],
      },
    });
    const text = renderPlan(o, plain);
    expect(text).toContain('plan: no ops');
    expect(text).toContain('ambiguous (1): listed, not guessed\n  a.weight → b.weight | c.weight: equally good');
    expect(text).toContain('num_batches_tracked (1): not in the checkpoint; BatchNorm fills them in when loading\n  bn.num_batches_tracked');
    expect(text).toMatch(/l\.weight\s+l\.weight\s+\[8, 4\]\s+\[6, 4\]/);
    expect(text).toContain('no key transform makes this checkpoint load');
  });

  it('escapes control characters from file-borne names and colours only when asked', () => {
    const o = outcome([{ op: 'strip_prefix', prefix: 'evil\u001b[2J.' }], { unexpected: ['x\u0007'], complete: false });
    const text = renderPlan(o, plain);
    expect(text).not.toMatch(/[\u0000-\u0008\u001b]/);
    expect(text).toContain('evil\\u001b[2J.');
    expect(renderPlan(o, { color: true })).toMatch(/\u001b\[\d+m/);
  });
});

describe('summaryLines: plain words first, one line per kind of finding', () => {
  it('merges per-op findings of one kind', () => {
    const t = (k: string): PlanOp => ({ op: 'transpose', key: k, dims: [1, 0] });
    const ops = [t('h.0.c_attn.weight'), t('h.0.c_fc.weight'), t('h.1.c_attn.weight'), t('h.1.c_fc.weight')];
    const how = 'stored transposed (Conv1D vs Linear)';
    const causes = ops.map((o) => ({ code: 'transpose', how, message: `\`${(o as { key: string }).key}\` is ${how}: transpose it` }));
    expect(summaryLines(causes, ops)).toEqual([
      '4 weights (`h.0.c_attn.weight`, `h.0.c_fc.weight`, `h.1.c_attn.weight`, …) are stored transposed (Conv1D vs Linear): transpose them',
    ]);
    // each layout said as what it is: a Flax kernel is no Conv1D
    const flax = 'stored HWIO as Flax / TensorFlow conv kernels';
    const mixed = [{ ...causes[0]!, how: flax }, causes[1]!];
    expect(summaryLines(mixed, ops.slice(0, 2))).toEqual([`2 weights (\`h.0.c_attn.weight\`, \`h.0.c_fc.weight\`) are stored in other layouts (${flax}; ${how}): transpose them`]);
    const renames = [
      { code: 'rename', message: '8 keys are named differently (`a.norm.1.w` is `a.norm1.w`): rename x → y' },
      { code: 'rename', message: '2 keys are named differently (`a.conv.1.w` is `a.conv1.w`): rename p → q' },
      { code: 'missing', message: '1 key the model expects has no source' },
    ];
    expect(summaryLines(renames, [])).toEqual([
      '8 keys are named differently (`a.norm.1.w` is `a.norm1.w`): rename x → y (and 1 more finding of this kind)',
      '1 key the model expects has no source',
    ]);
  });
});

describe('explain rendering', () => {
  it('says what is wrong first, then the one-line fix, then the plan', () => {
    const o = outcome([{ op: 'strip_prefix', prefix: 'module.' }], {
      causes: [{ code: 'strip_prefix', message: 'every checkpoint key carries an extra `module.` prefix: strip it' }],
    });
    const text = renderExplain(o, plain);
    // the plan's state dict sits at checkpoint['state_dict']: the fix takes it out first
    expect(text.split('\n').slice(1, 3)).toEqual([
      '  - every checkpoint key carries an extra `module.` prefix: strip it',
      "fix: state_dict = checkpoint['state_dict']; state_dict = {(k[7:] if k.startswith('module.') else k): v for k, v in state_dict.items()}",
    ]);
    expect(text.indexOf('plan: 1 op')).toBeGreaterThan(text.indexOf('fix:'));
  });

  it('offers no fix when no key transform explains the error, and says why', () => {
    const o = outcome([], {
      fixable: false,
      complete: false,
      causes: [{ code: 'another_model', message: 'only 0 of 5 keys correspond by name or prefix: …' }],
    });
    expect(pythonFix(o)).toEqual({ oneLine: null, function: null });
    const text = renderExplain(o, plain, { truncated: true });
    expect(text.startsWith('no key transform makes this checkpoint load: see the findings\n  - only 0 of 5 keys')).toBe(true);
    expect(text).not.toMatch(/^fix:/m);
    expect(text).not.toContain('the fix, in Python');
    expect(text).toContain('uncertain\n  - the error text was cut short');
    const json = explainToJson(o, { kind: 'load_state_dict', model: 'Net', truncated: true });
    expect(json).toMatchObject({ fixable: false, fix: null, truncated: true, error: { kind: 'load_state_dict', model: 'Net' } });
  });

  it('gives a whole function when one line cannot say it', () => {
    const o = outcome([
      { op: 'strip_prefix', prefix: 'module.' },
      { op: 'transpose', key: 'w', dims: [1, 0] },
    ]);
    const fix = pythonFix(o);
    expect(fix.oneLine).toBeNull();
    expect(fix.function).toContain('def remap_state_dict(state_dict):');
    expect(explainToJson(o, null).fix).toBe(fix.function);
    // after `state_dict = checkpoint[...]` the function is called, and no module scaffolding runs on paste
    expect(fix.function).toMatch(/^state_dict = checkpoint\['state_dict'\]\n/);
    expect(fix.function!.trimEnd().split('\n').at(-1)).toBe('state_dict = remap_state_dict(state_dict)');
    expect(fix.function).not.toContain('__main__');
  });

  it('a DCP folder: torch imported, the merge, then the fix called on the merged state dict', () => {
    const o = { ...outcome([{ op: 'strip_prefix', prefix: 'module.' }, { op: 'transpose', key: 'w', dims: [1, 0] }]), sourceFormat: 'dcp' as const };
    const fn = pythonFix(o).function!;
    const lines = fn.split('\n');
    expect(lines.indexOf('import torch')).toBeLessThan(lines.findIndex((l) => l.includes('torch.load(')));
    expect(lines.findIndex((l) => l.includes('torch.load('))).toBeLessThan(lines.indexOf('state_dict = remap_state_dict(state_dict)'));
    expect(fn).not.toContain('__main__');
  });
});

describe('a plan that would still fail a strict load: its line is a partial fix, saying what it leaves', () => {
  const ops: PlanOp[] = [{ op: 'strip_prefix', prefix: 'module.', confidence: 0.98, evidence: '2 keys, shapes equal' }];
  const left = outcome(ops, {
    missing: ['head.weight'],
    unexpected: ['aux.weight', 'aux.bias'],
    shapesDiffer: ['pos.weight'],
    complete: false,
    result: { sizeMismatches: [{ source: 'emb.weight', target: 'emb.weight', sourceShape: [5, 4], targetShape: [6, 4] }] },
  });

  it('plan and explain count each kind left; explain\'s Python is headed a partial fix too', () => {
    const plan = renderPlan(left, plain, { written: 'plan.json' });
    expect(plan).toContain('\npartial fix: sdmatch apply ckpt.pt plan.json -o fixed.pt\n  it applies what the plan settles, and its output still fails load_state_dict(strict=True): 1 key the model expects left missing, 2 keys the model does not expect left in, 2 keys of another shape than the model\'s (the findings and lists say which)\n');
    const explain = renderExplain(left, plain);
    expect(explain).toMatch(/^partial fix: /m);
    expect(explain).not.toMatch(/^fix:|the fix, in Python/m);
  });

  it('a plan that leaves only what the model keeps on purpose, or nothing, keeps its fix line', () => {
    const kept = outcome(ops, { missing: ['head.weight'], keptMissing: [{ key: 'head.weight', reason: 'a new head' }], complete: false });
    expect(renderPlan(kept, plain, { written: 'plan.json' })).not.toMatch(/partial fix/);
    expect(renderPlan(outcome(ops, { complete: true }), plain, { written: 'plan.json' })).toMatch(/^fix: sdmatch apply/m);
  });
});
