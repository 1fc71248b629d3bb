import { describe, expect, it } from 'vitest';
import { checkKeys, GUESS_LINE, guessedMigrations, type CheckResult, type RuleId } from '../../src/analysis/check.js';
import { DEFAULT_POLICY, type CheckPolicy } from '../../src/analysis/check-policy.js';
import type { InferResult } from '../../src/analysis/infer/index.js';
import type { DType } from '../../src/formats/dtype.js';
import type { KeyEntry } from '../../src/formats/keys.js';
import type { PlanOp } from '../../src/plan/types.js';
import { OP_KINDS } from '../../src/analysis/op-vocabulary.js';

/**
 * The classification on hand-written key lists. The inference is written by hand too (only its ops,
 * warnings and ambiguities matter to check), so these tests pin down what check makes of each kind of
 * op whatever inference finds; test/analysis/check-infer.test.ts runs the real inference.
 */

function keys(spec: Record<string, number[] | null>, dtype: DType | null = 'float32'): KeyEntry[] {
  return Object.entries(spec).map(([key, shape]) => ({ key, shape, dtype }));
}

function inference(ops: PlanOp[], extra: Partial<InferResult> = {}): InferResult {
  return { ops, mapping: {}, unmapped: [], leftover: [], ambiguities: [], warnings: [], causes: [], sizeMismatches: [], fixable: true, ...extra };
}

function check(baseline: KeyEntry[], current: KeyEntry[], ops: PlanOp[], policy: Partial<CheckPolicy> = {}, extra: Partial<InferResult> = {}): CheckResult {
  return checkKeys({ baseline, current, policy: { ...DEFAULT_POLICY, ...policy }, inference: inference(ops, extra) });
}

const rule = (r: CheckResult, id: RuleId) => r.rules.find((x) => x.id === id)!;
const failedRules = (r: CheckResult) => r.rules.filter((x) => x.failed).map((x) => x.id);
const brokenRules = (r: CheckResult) => r.rules.filter((x) => x.severity !== null).map((x) => x.id);

const BASE = keys({
  'stem.weight': [16, 3, 3, 3],
  'encoder.0.conv.weight': [32, 16, 3, 3],
  'encoder.0.bn.weight': [32],
  'encoder.0.bn.num_batches_tracked': [],
  'head.weight': [10, 32],
  'head.bias': [10],
});

describe('checkKeys: nothing changed', () => {
  it('is compatible, passes every policy, and every key is unchanged', () => {
    for (const failOn of ['breaking', 'migratable', 'any'] as const) {
      const r = check(BASE, BASE, [], { failOn });
      expect(r.verdict).toBe('compatible');
      expect(r.passed).toBe(true);
      expect(r.unchanged).toEqual(BASE.map((e) => e.key));
      expect(r.reasons).toEqual([]);
      expect(brokenRules(r)).toEqual([]);
      expect(r.counts).toMatchObject({ baseline: 6, current: 6, unchanged: 6, added: 0, removed: 0, renamed: 0, shapeChanged: 0, dtypeChanged: 0, ignored: 0 });
    }
  });
});

describe('checkKeys: renames', () => {
  const renamed = BASE.map((e) => ({ ...e, key: e.key.replace(/^encoder\./, 'backbone.') }));
  const op: PlanOp = { op: 'rename', pattern: '^encoder\\.', replacement: 'backbone.', confidence: 0.97, evidence: '3 keys' };

  it('a confident rename is migratable: each moved key is listed with the confidence of its op', () => {
    const r = check(BASE, renamed, [op]);
    expect(r.verdict).toBe('migratable');
    expect(r.passed).toBe(true);
    expect(r.changes.renamed).toEqual([
      { from: ['encoder.0.conv.weight'], to: ['backbone.0.conv.weight'], how: 'rename', reshaped: false, confidence: 0.97, severity: 'migratable' },
      { from: ['encoder.0.bn.weight'], to: ['backbone.0.bn.weight'], how: 'rename', reshaped: false, confidence: 0.97, severity: 'migratable' },
      { from: ['encoder.0.bn.num_batches_tracked'], to: ['backbone.0.bn.num_batches_tracked'], how: 'rename', reshaped: false, confidence: 0.97, severity: 'migratable' },
    ]);
    expect(r.changes.added).toEqual([]);
    expect(r.changes.removed).toEqual([]);
    expect(r.counts.renamed).toBe(3);
    expect(r.unchanged).toEqual(['stem.weight', 'head.weight', 'head.bias']);
    expect(brokenRules(r)).toEqual(['loads-without-plan']);
    expect(rule(r, 'loads-without-plan').violations[0]).toBe('encoder.0.conv.weight → backbone.0.conv.weight, confidence 0.97');
    // grouped by the template that produced them: the bn leaves share one line
    expect(r.reasons).toEqual([{ severity: 'migratable', message: '3 keys renamed (encoder.0.conv.weight → backbone.0.conv.weight, encoder.0.bn.{weight,num_batches_tracked} → backbone.0.bn.{weight,num_batches_tracked}): old checkpoints load after the plan' }]);
  });

  it('fails under --fail-on migratable and any, passes under breaking', () => {
    expect(check(BASE, renamed, [op], { failOn: 'breaking' }).passed).toBe(true);
    expect(failedRules(check(BASE, renamed, [op], { failOn: 'migratable' }))).toEqual(['loads-without-plan']);
    expect(check(BASE, renamed, [op], { failOn: 'any' }).passed).toBe(false);
  });

  it('a rename below the minimum confidence is breaking, under its own rule', () => {
    const r = check(BASE, renamed, [{ ...op, confidence: 0.6 }], { minConfidence: 0.8 });
    expect(r.verdict).toBe('breaking');
    expect(r.passed).toBe(false);
    expect(r.changes.renamed.every((x) => x.severity === 'breaking' && x.confidence === 0.6)).toBe(true);
    expect(failedRules(r)).toEqual(['renames-migratable']);
    expect(rule(r, 'renames-migratable').violations[0]).toBe('encoder.0.conv.weight → backbone.0.conv.weight, confidence 0.60, a guess (confidence below 0.90: paired by structure, similarity or order, not by the names), its values unverified: confidence 0.60 is below the minimum 0.8');
    expect(r.reasons[0]!.message).toMatch(/^3 migrations inferred with confidence below the minimum 0.8/);
    // the same rename counts once the minimum is lowered
    expect(check(BASE, renamed, [{ ...op, confidence: 0.6 }], { minConfidence: 0.5 }).verdict).toBe('migratable');
  });

  it('a key moved by several ops has the confidence of the least sure one; a prefix op is a rule, never the least sure', () => {
    const cur = keys({ 'net.body.weight': [4] });
    const r = check(keys({ 'module.trunk.weight': [4] }), cur, [
      { op: 'strip_prefix', prefix: 'module.', confidence: 0.85 },
      { op: 'rename', pattern: '^trunk\\.', replacement: 'body.', confidence: 0.95 },
      { op: 'add_prefix', prefix: 'net.', confidence: 0.85 },
    ]);
    expect(r.changes.renamed).toEqual([{ from: ['module.trunk.weight'], to: ['net.body.weight'], how: 'rename', reshaped: false, confidence: 0.95, severity: 'migratable' }]);
    // prefix ops alone: their confidence, never below the guess line (DDP's module. found by module alignment at 0.85)
    const ddp = check(keys({ 'module.body.weight': [4] }), keys({ 'body.weight': [4] }), [{ op: 'strip_prefix', prefix: 'module.', confidence: 0.85 }]);
    expect(ddp.changes.renamed[0]).toMatchObject({ confidence: GUESS_LINE, severity: 'migratable' });
  });

  it('a rename whose shapes still differ is a shape change of the renamed key, not a migration', () => {
    const cur = keys({ 'stem.weight': [16, 3, 3, 3], 'backbone.0.conv.weight': [64, 16, 3, 3] });
    const base = keys({ 'stem.weight': [16, 3, 3, 3], 'encoder.0.conv.weight': [32, 16, 3, 3] });
    const r = check(base, cur, [op]);
    expect(r.changes.renamed).toEqual([]);
    expect(r.changes.shapeChanged).toEqual([
      { key: 'backbone.0.conv.weight', from: 'encoder.0.conv.weight', baseline: [32, 16, 3, 3], current: [64, 16, 3, 3], fix: null, confidence: null, reason: 'renamed from encoder.0.conv.weight, and another size: no key transform makes the old weights fit', severity: 'breaking' },
    ]);
    expect(r.verdict).toBe('breaking');
  });
});

describe('checkKeys: shapes', () => {
  const resized = BASE.map((e) => (e.key.startsWith('head.') ? { ...e, shape: e.key === 'head.weight' ? [5, 32] : [5] } : e));

  it('a head the plan drops for its shape is a breaking shape change with the drop\'s reason', () => {
    const drop: PlanOp = { op: 'drop', pattern: '^head\\.', reason: 'head.weight [10, 32] vs [5, 32], head.bias [10] vs [5]: classifier of another class count', confidence: 0.9 };
    const r = check(BASE, resized, [drop]);
    expect(r.verdict).toBe('breaking');
    expect(r.passed).toBe(false);
    expect(r.changes.shapeChanged).toEqual([
      { key: 'head.weight', from: 'head.weight', baseline: [10, 32], current: [5, 32], fix: null, confidence: null, reason: 'classifier of another class count', severity: 'breaking' },
      { key: 'head.bias', from: 'head.bias', baseline: [10], current: [5], fix: null, confidence: null, reason: 'classifier of another class count', severity: 'breaking' },
    ]);
    expect(r.changes.added).toEqual([]);
    expect(r.changes.removed).toEqual([]);
    expect(failedRules(r)).toEqual(['no-shape-changes']);
    expect(rule(r, 'no-shape-changes').violations).toEqual([
      'head.weight: [10, 32] → [5, 32] (classifier of another class count)',
      'head.bias: [10] → [5] (classifier of another class count)',
    ]);
    expect(r.reasons[0]).toEqual({ severity: 'breaking', message: 'head.weight: [10, 32] → [5, 32] (classifier of another class count): old weights do not fit the new model' });
  });

  it('a shape change no op addresses is breaking, with inference\'s warning as the reason when it has one', () => {
    const base = keys({ 'pos_embed': [1, 197, 768], 'blocks.0.weight': [768, 768] });
    const cur = keys({ 'pos_embed': [1, 577, 768], 'blocks.0.weight': [1024, 768] });
    const warning = 'pos_embed: position embedding of another length (197 vs 577): interpolate it, no key transform fixes it';
    const r = check(base, cur, [], {}, { warnings: [warning] });
    expect(r.changes.shapeChanged.map((s) => [s.key, s.reason])).toEqual([
      ['pos_embed', warning],
      ['blocks.0.weight', 'another size: no key transform makes the old weights fit'],
    ]);
    expect(r.verdict).toBe('breaking');
  });

  it('a tensor the plan transposes is a migratable shape change; below the minimum confidence it breaks', () => {
    const base = keys({ 'h.0.attn.c_attn.weight': [8, 24] });
    const cur = keys({ 'h.0.attn.c_attn.weight': [24, 8] });
    const t: PlanOp = { op: 'transpose', key: 'h.0.attn.c_attn.weight', dims: [1, 0], confidence: 0.95, evidence: 'shape [8, 24] vs [24, 8]: stored transposed (Conv1D vs Linear)' };
    const r = check(base, cur, [t]);
    expect(r.changes.shapeChanged).toEqual([
      { key: 'h.0.attn.c_attn.weight', from: 'h.0.attn.c_attn.weight', baseline: [8, 24], current: [24, 8], fix: 'transpose', confidence: 0.95, reason: 'stored transposed (Conv1D vs Linear)', severity: 'migratable' },
    ]);
    expect(r.verdict).toBe('migratable');
    expect(brokenRules(r)).toEqual(['loads-without-plan']);
    const low = check(base, cur, [{ ...t, confidence: 0.5 }]);
    expect(low.verdict).toBe('breaking');
    expect(failedRules(low)).toEqual(['renames-migratable']);
  });

  it('key lists without shapes report no shape changes', () => {
    const r = check(keys({ a: null, b: null }, null), keys({ a: null, b: null }, null), []);
    expect(r.verdict).toBe('compatible');
    expect(r.unchanged).toEqual(['a', 'b']);
  });
});

describe('checkKeys: fused tensors', () => {
  it('a split is one migration from one key to several', () => {
    const base = keys({ 'attn.qkv.weight': [24, 8] });
    const cur = keys({ 'attn.q.weight': [8, 8], 'attn.k.weight': [8, 8], 'attn.v.weight': [8, 8] });
    const r = check(base, cur, [{ op: 'split', key: 'attn.qkv.weight', dim: 0, targets: ['attn.q.weight', 'attn.k.weight', 'attn.v.weight'], sizes: [8, 8, 8], confidence: 0.9 }]);
    expect(r.changes.renamed).toEqual([{ from: ['attn.qkv.weight'], to: ['attn.q.weight', 'attn.k.weight', 'attn.v.weight'], how: 'split', reshaped: false, confidence: 0.9, severity: 'migratable' }]);
    expect(r.counts.renamed).toBe(1);
    expect(r.changes.added).toEqual([]);
    expect(r.verdict).toBe('migratable');
  });

  it('a concat is one migration from several keys to one', () => {
    const base = keys({ 'attn.q.weight': [8, 8], 'attn.k.weight': [8, 8], 'attn.v.weight': [8, 8] });
    const cur = keys({ 'attn.in_proj_weight': [24, 8] });
    const r = check(base, cur, [{ op: 'concat', keys: ['attn.q.weight', 'attn.k.weight', 'attn.v.weight'], dim: 0, target: 'attn.in_proj_weight', confidence: 0.92 }]);
    expect(r.changes.renamed).toEqual([{ from: ['attn.q.weight', 'attn.k.weight', 'attn.v.weight'], to: ['attn.in_proj_weight'], how: 'concat', reshaped: false, confidence: 0.92, severity: 'migratable' }]);
    expect(r.counts.renamed).toBe(3);
    expect(r.changes.removed).toEqual([]);
  });
});

describe('checkKeys: added and removed keys', () => {
  const grown = [...BASE.slice(0, 4), ...keys({ 'neck.weight': [32, 32], 'neck.bias': [32] }), ...BASE.slice(4)];

  it('added keys break strict loading: breaking unless --allow added', () => {
    const r = check(BASE, grown, []);
    expect(r.verdict).toBe('breaking');
    expect(r.changes.added).toEqual([
      { key: 'neck.weight', shape: [32, 32], dtype: 'float32', severity: 'breaking', reason: null },
      { key: 'neck.bias', shape: [32], dtype: 'float32', severity: 'breaking', reason: null },
    ]);
    expect(failedRules(r)).toEqual(['no-added-keys']);
    expect(r.reasons[0]!.message).toBe('2 keys added (neck.weight, neck.bias): old checkpoints have no weights for them, so they load only with strict=False');
  });

  it('--allow added makes them compatible, and then even --fail-on any passes', () => {
    const r = check(BASE, grown, [], { allow: ['added'], failOn: 'any' });
    expect(r.verdict).toBe('compatible');
    expect(r.passed).toBe(true);
    expect(r.changes.added.every((a) => a.severity === 'allowed')).toBe(true);
    expect(rule(r, 'no-added-keys')).toMatchObject({ severity: 'allowed', failed: false });
    expect(r.reasons[0]!.message).toMatch(/\(allowed by the policy\)$/);
  });

  it('removed keys are breaking, and --allow added does not cover them', () => {
    const r = check(grown, BASE, [], { allow: ['added'] });
    expect(r.verdict).toBe('breaking');
    expect(r.changes.removed.map((x) => x.key)).toEqual(['neck.weight', 'neck.bias']);
    expect(failedRules(r)).toEqual(['no-removed-keys']);
    expect(rule(r, 'no-removed-keys').violations).toEqual(['neck.weight [32, 32]', 'neck.bias [32]']);
  });

  it('a key dropped by the plan without a counterpart is removed, with the drop\'s reason', () => {
    const r = check(grown, BASE, [{ op: 'drop', pattern: '^neck\\.', reason: 'not in the model' }]);
    expect(r.changes.removed).toEqual([
      { key: 'neck.weight', shape: [32, 32], dtype: 'float32', severity: 'breaking', reason: 'not in the model' },
      { key: 'neck.bias', shape: [32], dtype: 'float32', severity: 'breaking', reason: 'not in the model' },
    ]);
  });
});

describe('checkKeys: dtypes', () => {
  const half = BASE.map((e) => ({ ...e, dtype: e.key.endsWith('num_batches_tracked') ? ('int64' as DType) : ('bfloat16' as DType) }));
  const base = BASE.map((e) => ({ ...e, dtype: e.key.endsWith('num_batches_tracked') ? ('int64' as DType) : ('float32' as DType) }));

  it('a dtype change is compatible (load_state_dict casts on copy) and passes the default policy', () => {
    const r = check(base, half, []);
    expect(r.verdict).toBe('compatible');
    expect(r.passed).toBe(true);
    expect(r.changes.dtypeChanged).toHaveLength(5);
    expect(r.changes.dtypeChanged[0]).toEqual({ key: 'stem.weight', from: 'stem.weight', baseline: 'float32', current: 'bfloat16', keepsValues: true, reason: 'floating to floating: the values keep to the new precision', severity: 'compatible' });
    expect(r.unchanged).toEqual(['encoder.0.bn.num_batches_tracked']);
    expect(r.reasons).toEqual([{ severity: 'compatible', message: '5 tensors changed dtype (float32 → bfloat16): old checkpoints still load, load_state_dict casts on copy' }]);
  });

  it('--fail-on any fails on it unless --allow dtype', () => {
    expect(failedRules(check(base, half, [], { failOn: 'any' }))).toEqual(['no-dtype-changes']);
    const allowed = check(base, half, [], { failOn: 'any', allow: ['dtype'] });
    expect(allowed.passed).toBe(true);
    expect(allowed.changes.dtypeChanged.every((d) => d.severity === 'allowed')).toBe(true);
  });

  it('float32 → float16 is breaking: values beyond ±65504 become inf (review 17 F6)', () => {
    const fp16 = BASE.map((e) => ({ ...e, dtype: e.key.endsWith('num_batches_tracked') ? ('int64' as DType) : ('float16' as DType) }));
    const r = check(base, fp16, []);
    expect(r.verdict).toBe('breaking');
    expect(r.passed).toBe(false);
    expect(r.changes.dtypeChanged[0]).toMatchObject({ keepsValues: false, severity: 'breaking', reason: "floating to a narrower range: values beyond ±65504 (float16's largest) become inf" });
  });
});

describe('checkKeys: ignore patterns', () => {
  it('changes whose every key matches a pattern are left out of the verdict, not out of the list of ignored keys', () => {
    const base = keys({ 'bn.weight': [4], 'bn.running_mean': [4] });
    const cur = keys({ 'bn.weight': [4], 'bn.running_mean': [4], 'bn.num_batches_tracked': [] });
    // the baseline's _metadata records BatchNorm version 2 for bn: torch does not fill the counter in
    const v2 = new Map([['bn', 2]]);
    const counted = checkKeys({ baseline: base, current: cur, policy: DEFAULT_POLICY, inference: inference([]), versions: v2 });
    expect(counted.verdict).toBe('breaking');
    const r = checkKeys({ baseline: base, current: cur, policy: { ...DEFAULT_POLICY, ignore: ['num_batches_tracked$'] }, inference: inference([]), versions: v2 });
    expect(r.verdict).toBe('compatible');
    expect(r.passed).toBe(true);
    expect(r.changes.added).toEqual([]);
    expect(r.ignored).toEqual(['bn.num_batches_tracked']);
    expect(r.counts.ignored).toBe(1);
  });

  it('a rename is ignored only when both of its names match', () => {
    const base = keys({ 'old.num_batches_tracked': [] });
    const cur = keys({ 'new.num_batches_tracked': [] });
    const op: PlanOp = { op: 'rename', pattern: '^old\\.', replacement: 'new.', confidence: 0.9 };
    expect(check(base, cur, [op], { ignore: ['num_batches_tracked$'] }).changes.renamed).toEqual([]);
    expect(check(base, cur, [op], { ignore: ['^old\\.'] }).changes.renamed).toHaveLength(1);
  });
});

describe('checkKeys: the worst change decides', () => {
  it('breaking beats migratable beats compatible; reasons come worst first', () => {
    const base = keys({ 'a.weight': [2], 'b.weight': [3], 'c.weight': [4] });
    const cur = [...keys({ 'x.weight': [2], 'b.weight': [5] }), { key: 'c.weight', shape: [4], dtype: 'bfloat16' as DType }];
    const r = check(base, cur, [{ op: 'rename', pattern: '^a\\.', replacement: 'x.', confidence: 0.99 }]);
    expect(r.verdict).toBe('breaking');
    expect(r.reasons.map((x) => x.severity)).toEqual(['breaking', 'migratable', 'compatible']);
    expect(brokenRules(r)).toEqual(['no-shape-changes', 'loads-without-plan', 'no-dtype-changes']);
    expect(failedRules(r)).toEqual(['no-shape-changes']);
  });
});

/** Every baseline key and every current key is in exactly one of the result's lists: none lost, none counted twice. */
function accountedFor(r: CheckResult, baseline: KeyEntry[], current: KeyEntry[]): void {
  const c = r.changes;
  const baseSide = [...r.unchanged, ...c.renamed.filter((x) => x.how !== 'copy').flatMap((x) => x.from), ...c.removed.map((x) => x.key), ...c.shapeChanged.map((x) => x.from), ...c.dtypeChanged.filter((d) => !c.renamed.some((x) => x.to.includes(d.key))).map((x) => x.from)];
  const curSide = [...r.unchanged, ...c.renamed.flatMap((x) => x.to), ...c.added.map((x) => x.key), ...c.shapeChanged.map((x) => x.key), ...c.dtypeChanged.filter((d) => !c.renamed.some((x) => x.to.includes(d.key))).map((x) => x.key)];
  expect([...baseSide].sort()).toEqual(baseline.map((e) => e.key).sort());
  expect([...curSide].sort()).toEqual(current.map((e) => e.key).sort());
}

describe('checkKeys: every kind of unit plan inference can make is classified (none falls through to "unchanged" or crashes)', () => {
  const experts = (layer: number, w: string, shape: number[]) => Object.fromEntries([0, 1, 2, 3].map((e) => [`layers.${layer}.experts.${e}.${w}.weight`, shape]));

  it('a copy (tied head): the copy is a migratable change naming the new key; its source stays unchanged', () => {
    const base = keys({ 'embed.weight': [10, 4], 'body.weight': [4, 4] });
    const cur = keys({ 'embed.weight': [10, 4], 'body.weight': [4, 4], 'lm_head.weight': [10, 4] });
    const r = check(base, cur, [{ op: 'copy', key: 'embed.weight', target: 'lm_head.weight', confidence: 0.95 }]);
    expect(r.verdict).toBe('migratable');
    expect(r.loads).toBe('after-plan');
    expect(r.changes.renamed).toEqual([{ from: ['embed.weight'], to: ['lm_head.weight'], how: 'copy', reshaped: false, confidence: 0.95, severity: 'migratable' }]);
    expect(r.unchanged).toEqual(['embed.weight', 'body.weight']);
    expect(r.changes.added).toEqual([]);
    expect(r.reasons).toEqual([{ severity: 'migratable', message: '1 key copied to a second name, as tied weights are (embed.weight → lm_head.weight): old checkpoints load after the plan' }]);
    // --fail-on any: a copy is a change
    expect(check(base, cur, [{ op: 'copy', key: 'embed.weight', target: 'lm_head.weight', confidence: 0.95 }], { failOn: 'any' }).passed).toBe(false);
    accountedFor(r, base, cur);
  });

  it('a copy of a renamed key: the rename and the copy are two migrations', () => {
    const base = keys({ 'module.embed.weight': [10, 4] });
    const cur = keys({ 'embed.weight': [10, 4], 'lm_head.weight': [10, 4] });
    const r = check(base, cur, [{ op: 'strip_prefix', prefix: 'module.', confidence: 0.99 }, { op: 'copy', key: 'embed.weight', target: 'lm_head.weight', confidence: 0.9 }]);
    expect(r.changes.renamed).toEqual([
      { from: ['module.embed.weight'], to: ['embed.weight'], how: 'rename', reshaped: false, confidence: 0.99, severity: 'migratable' },
      { from: ['module.embed.weight'], to: ['lm_head.weight'], how: 'copy', reshaped: false, confidence: 0.9, severity: 'migratable' },
    ]);
    accountedFor(r, base, cur);
  });

  it('a copy the plan then drops is no change: its source goes on', () => {
    const base = keys({ 'embed.weight': [10, 4] });
    const r = check(base, base, [{ op: 'copy', key: 'embed.weight', target: 'tmp.weight' }, { op: 'drop', pattern: '^tmp\\.', reason: 'not in the model' }]);
    expect(r.verdict).toBe('compatible');
    expect(r.changes.removed).toEqual([]);
    expect(r.unchanged).toEqual(['embed.weight']);
  });

  it('a stack (experts into one tensor) is one migration from several keys to one', () => {
    const base = keys({ ...experts(0, 'w1', [32, 16]), 'norm.weight': [16] });
    const cur = keys({ 'layers.0.experts.w1': [4, 32, 16], 'norm.weight': [16] });
    const op: PlanOp = { op: 'stack', pattern: '^layers\\.(\\d+)\\.experts\\.(\\d+)\\.w1\\.weight$', index: 2, dim: 0, target: 'layers.$1.experts.w1', confidence: 0.95 };
    const r = check(base, cur, [op]);
    expect(r.verdict).toBe('migratable');
    expect(r.changes.renamed).toEqual([{ from: Object.keys(experts(0, 'w1', [])), to: ['layers.0.experts.w1'], how: 'stack', reshaped: false, confidence: 0.95, severity: 'migratable' }]);
    expect(r.counts.renamed).toBe(4);
    expect(r.reasons[0]!.message).toBe('4 keys stacked into one tensor (layers.0.experts.{0..3}.w1.weight → layers.0.experts.w1): old checkpoints load after the plan');
    accountedFor(r, base, cur);
  });

  it('stacks joined by a concat (Mixtral w1/w3 → gate_up_proj) are one migration of eight keys', () => {
    const base = keys({ ...experts(0, 'w1', [12, 8]), ...experts(0, 'w3', [12, 8]) });
    const cur = keys({ 'layers.0.mlp.gate_up_proj': [4, 24, 8] });
    const stack = (w: string): PlanOp => ({ op: 'stack', pattern: `^layers\\.(\\d+)\\.experts\\.(\\d+)\\.${w}\\.weight$`, index: 2, dim: 0, target: `layers.$1.experts.${w}.weight`, confidence: 0.9 });
    const concat: PlanOp = { op: 'concat', pattern: '^layers\\.(\\d+)\\.experts\\.(w1|w3)\\.weight$', part: 2, parts: ['w1', 'w3'], target: 'layers.$1.mlp.gate_up_proj', dim: 1, confidence: 0.9 };
    const r = check(base, cur, [stack('w1'), stack('w3'), concat]);
    expect(r.verdict).toBe('migratable');
    expect(r.changes.renamed).toHaveLength(1);
    expect(r.changes.renamed[0]).toMatchObject({ to: ['layers.0.mlp.gate_up_proj'], how: 'stack', confidence: 0.9, severity: 'migratable' });
    expect([...r.changes.renamed[0]!.from].sort()).toEqual(base.map((e) => e.key).sort());
    accountedFor(r, base, cur);
  });

  it('every op kind of the vocabulary (OP_KINDS): each key on both sides is in exactly one list, nothing throws', () => {
    const cases: { base: KeyEntry[]; cur: KeyEntry[]; ops: PlanOp[] }[] = [
      {
        base: keys({ 'module.a.qkv.weight': [24, 8], 'b.q.weight': [8, 8], 'b.k.weight': [8, 8], 'c.weight': [8, 6], 'aux.weight': [2] }),
        cur: keys({ 'net.a.q.weight': [8, 8], 'net.a.k.weight': [8, 8], 'net.a.v.weight': [8, 8], 'net.b.qk.weight': [16, 8], 'net.c.weight': [8, 6, 1, 1] }),
        ops: [
          { op: 'strip_prefix', prefix: 'module.' },
          { op: 'drop', pattern: '^aux\\.', reason: 'not in the model' },
          { op: 'add_prefix', prefix: 'net.' },
          { op: 'split', key: 'net.a.qkv.weight', dim: 0, targets: ['net.a.q.weight', 'net.a.k.weight', 'net.a.v.weight'], sizes: [8, 8, 8], confidence: 0.9 },
          { op: 'transpose', pattern: '^net\\.a\\.[qkv]\\.weight$', dims: [1, 0], confidence: 0.9 },
          { op: 'rope_permute', pattern: '^net\\.a\\.[qk]\\.weight$', heads: 2, to: 'halves', confidence: 0.9 },
          { op: 'concat', pattern: '^net\\.b\\.(q|k)\\.weight$', part: 1, parts: ['q', 'k'], target: 'net.b.qk.weight', dim: 0, confidence: 0.9 },
          { op: 'reshape', key: 'net.c.weight', addTrailingOnes: 2, confidence: 0.9 },
        ],
      },
      {
        base: keys({ ...experts(0, 'w1', [32, 16]), 'embed.weight': [10, 4] }),
        cur: keys({ 'layers.0.experts.w1': [4, 32, 16], 'tok.weight': [10, 4], 'head.weight': [10, 4] }),
        ops: [
          { op: 'stack', pattern: '^layers\\.(\\d+)\\.experts\\.(\\d+)\\.w1\\.weight$', index: 2, dim: 0, target: 'layers.$1.experts.w1', confidence: 0.85 },
          { op: 'rename', pattern: '^embed\\.', replacement: 'tok.', confidence: 0.9 },
          { op: 'copy', key: 'tok.weight', target: 'head.weight', confidence: 0.85 },
        ],
      },
    ];
    expect(new Set(cases.flatMap((c) => c.ops.map((o) => o.op)))).toEqual(new Set(OP_KINDS));
    for (const c of cases) {
      const r = check(c.base, c.cur, c.ops);
      expect(r.changes.removed.map((x) => x.key)).toEqual(c.base.some((e) => e.key === 'aux.weight') ? ['aux.weight'] : []);
      accountedFor(r, c.base, c.cur);
    }
  });
});

describe('checkKeys: what old checkpoints do, whatever the policy allows or ignores', () => {
  it('added keys the policy allows: compatible by the policy, but old checkpoints do not load (tolerated, by allow)', () => {
    const grown = [...BASE, ...keys({ 'neck.weight': [32, 32], 'neck.bias': [32] })];
    const r = check(BASE, grown, [], { allow: ['added'], failOn: 'any' });
    expect([r.verdict, r.passed, r.loads]).toEqual(['compatible', true, 'no']);
    expect(r.tolerated).toEqual([{ key: 'neck.weight', by: 'allow' }, { key: 'neck.bias', by: 'allow' }]);
  });

  it('an ignored shape change: compatible by the policy, old checkpoints do not load (tolerated, by ignore), with a reason', () => {
    const resized = BASE.map((e) => (e.key === 'head.weight' ? { ...e, shape: [5, 32] } : e.key === 'head.bias' ? { ...e, shape: [5] } : e));
    const r = check(BASE, resized, [], { ignore: ['^head\\.'] });
    expect([r.verdict, r.passed, r.loads]).toEqual(['compatible', true, 'no']);
    expect(r.tolerated).toEqual([{ key: 'head.weight', by: 'ignore' }, { key: 'head.bias', by: 'ignore' }]);
    expect(r.reasons).toEqual([{ severity: 'allowed', message: '2 changes the policy ignores (head.weight, head.bias) still keep old checkpoints from loading as they are' }]);
  });

  it('an ignored rename under a compatible verdict: old checkpoints load only after the plan; under a migratable verdict nothing is tolerated', () => {
    const base = keys({ 'old.num_batches_tracked': [], 'a.weight': [2] });
    const cur = keys({ 'new.num_batches_tracked': [], 'a.weight': [2] });
    const op: PlanOp = { op: 'rename', pattern: '^old\\.', replacement: 'new.', confidence: 0.9 };
    const r = check(base, cur, [op], { ignore: ['num_batches_tracked$'] });
    expect([r.verdict, r.loads]).toEqual(['compatible', 'after-plan']);
    expect(r.tolerated).toEqual([{ key: 'old.num_batches_tracked', by: 'ignore' }]);
    const moved = check(keys({ 'old.w': [2], 'old.num_batches_tracked': [] }), keys({ 'new.w': [2], 'new.num_batches_tracked': [] }), [op], { ignore: ['num_batches_tracked$'] });
    expect([moved.verdict, moved.loads, moved.tolerated]).toEqual(['migratable', 'after-plan', []]);
  });

  it('nothing tolerated: the verdict says what torch does', () => {
    expect([check(BASE, BASE, []).loads, check(BASE, BASE, []).tolerated]).toEqual(['as-is', []]);
  });
});

describe('checkKeys: a dtype change is compatible only when the cast keeps the values (check-casts.ts)', () => {
  const withDtype = (d: DType) => keys({ 'scale': [4], 'fc.weight': [4, 4] }).map((e) => (e.key === 'scale' ? { ...e, dtype: d } : e));

  for (const [from, to, reason] of [
    ['float32', 'int8', 'floating to integer: the cast truncates every fraction (0.3 becomes 0)'],
    ['complex64', 'float32', 'complex to real: the cast discards the imaginary parts'],
    ['int64', 'int32', 'integer narrowing (or signed to unsigned): values outside the new range wrap around'],
    ['float16', 'bool', 'floating to bool: every nonzero value becomes True'],
  ] as const) {
    it(`${from} → ${to} destroys values: breaking, even with --allow dtype`, () => {
      for (const allow of [[], ['dtype']] as const) {
        const r = check(withDtype(from), withDtype(to), [], { allow: [...allow] });
        expect(r.verdict).toBe('breaking');
        expect(r.loads).toBe('no');
        expect(r.changes.dtypeChanged).toEqual([{ key: 'scale', from: 'scale', baseline: from, current: to, keepsValues: false, reason, severity: 'breaking' }]);
        expect(rule(r, 'no-dtype-changes').violations).toEqual([`scale: ${from} → ${to} (${reason})`]);
      }
    });
  }

  it('float32 → complex64 and int32 → int64 keep the values: compatible, loads as-is', () => {
    for (const [from, to] of [['float32', 'complex64'], ['int32', 'int64'], ['uint8', 'float16']] as const) {
      const r = check(withDtype(from), withDtype(to), []);
      expect([r.verdict, r.loads, r.changes.dtypeChanged[0]!.keepsValues]).toEqual(['compatible', 'as-is', true]);
    }
  });
});

describe('checkKeys: a BatchNorm counter the baseline lacks (the shared rule of module-versions.ts)', () => {
  const base = keys({ 'bn.weight': [4], 'bn.running_mean': [4] });
  const cur = keys({ 'bn.weight': [4], 'bn.running_mean': [4], 'bn.num_batches_tracked': [] });
  const run = (versions: Map<string, number>, b = base, c = cur, ops: PlanOp[] = []) =>
    checkKeys({ baseline: b, current: c, policy: DEFAULT_POLICY, inference: inference(ops), versions });

  it('without _metadata BatchNorm fills it in: compatible, loads as-is, the reason given', () => {
    const r = run(new Map());
    expect([r.verdict, r.passed, r.loads]).toEqual(['compatible', true, 'as-is']);
    expect(r.changes.added).toEqual([{ key: 'bn.num_batches_tracked', shape: [], dtype: 'float32', severity: 'compatible', reason: 'BatchNorm fills the counter in when loading: the baseline records no BatchNorm version 2 for its module (_metadata)' }]);
    expect(r.reasons[0]!.message).toMatch(/^1 BatchNorm counter added \(bn\.num_batches_tracked\): the baseline records no BatchNorm version 2 for its module/);
  });

  it('with _metadata at version 2 for its module it stays missing: breaking; at version 1 it is filled in', () => {
    expect(run(new Map([['bn', 2]])).verdict).toBe('breaking');
    expect(run(new Map([['bn', 1]])).verdict).toBe('compatible');
    // another module's version says nothing about bn: absent from _metadata counts as below 2
    expect(run(new Map([['other', 2]])).verdict).toBe('compatible');
  });

  it('a renamed module is asked under its baseline name', () => {
    const old = keys({ 'norm.weight': [4], 'norm.running_mean': [4] });
    const op: PlanOp = { op: 'rename', pattern: '^norm\\.', replacement: 'bn.', confidence: 0.95 };
    expect(run(new Map([['norm', 2]]), old, cur, [op]).verdict).toBe('breaking');
    expect(run(new Map([['norm', 1]]), old, cur, [op]).verdict).toBe('migratable');
  });
});

describe('checkKeys: migrations resting on a guess (review 17 F2)', () => {
  // v1 fc1/fc2 [8, 8] → v2 mlp.down/mlp.up: nothing in names or shapes says which is which; paired by order at 0.85
  const base = keys({ 'l.fc1.weight': [8, 8], 'l.fc2.weight': [8, 8] });
  const cur = keys({ 'l.mlp.down.weight': [8, 8], 'l.mlp.up.weight': [8, 8] });
  const ops: PlanOp[] = [
    { op: 'rename', pattern: '^l\\.fc1\\.', replacement: 'l.mlp.down.', confidence: 0.85 },
    { op: 'rename', pattern: '^l\\.fc2\\.', replacement: 'l.mlp.up.', confidence: 0.85 },
  ];

  it('a minimum at the plan\'s guess line: a guessed pairing is breaking, and said as a guess', () => {
    const r = check(base, cur, ops, { minConfidence: GUESS_LINE });
    expect([r.verdict, r.passed]).toEqual(['breaking', false]);
    expect(r.reasons[0]!.message).toMatch(/rest on a guess \(paired by structure, similarity or order/);
    expect(rule(r, 'renames-migratable').violations[0]).toContain('a guess (confidence below 0.90');
    expect(guessedMigrations(r.changes).map((g) => g.from[0])).toEqual(['l.fc1.weight', 'l.fc2.weight']);
  });

  it('the default minimum (below the guess line) lets it through as migratable, said as a guess', () => {
    expect(DEFAULT_POLICY.minConfidence).toBeLessThan(GUESS_LINE);
    const r = check(base, cur, ops);
    expect([r.verdict, r.passed]).toEqual(['migratable', true]);
    expect(r.reasons.map((x) => x.message).join('\n')).toMatch(/rest on a guess .* their values are unverified/);
    expect(rule(r, 'loads-without-plan').violations.every((v) => v.includes('a guess'))).toBe(true);
  });
});

describe('checkKeys: a tie added (review 25 F8)', () => {
  // the current model ties lm_head to the embedding; the baseline holds both names
  const LM = keys({ 'embed.weight': [12, 8], 'norm.weight': [8], 'lm_head.weight': [12, 8] });
  const identity = Object.fromEntries(LM.map((e) => [e.key, e.key]));
  const tied = [['lm_head.weight', 'embed.weight']];
  const run = (sourceStorages: string[][] | null, sourceEqualValues?: string[][]) =>
    checkKeys({ baseline: LM, current: LM, inference: inference([], { mapping: identity }), inferOptions: { targetStorages: tied, sourceStorages, ...(sourceEqualValues ? { sourceEqualValues } : {}) } });

  it('separate tensors in the baseline: breaking, not "load as they are"; old checkpoints keep only the last one\'s values', () => {
    const r = run([]);
    expect(r.verdict).toBe('breaking');
    expect(r.passed).toBe(false);
    expect(r.loads).toBe('no');
    expect(r.changes.tiesAdded).toEqual([{ keys: ['embed.weight', 'lm_head.weight'], from: ['embed.weight', 'lm_head.weight'], shown: true, severity: 'breaking' }]);
    expect(failedRules(r)).toEqual(['no-ties-added']);
    expect(rule(r, 'no-ties-added').violations[0]).toMatch(/^tie added: embed\.weight = lm_head\.weight .*keeps only lm_head\.weight's values: embed\.weight's trained values are lost/);
    expect(r.reasons[0]!.message).toMatch(/build the model untied \(tie_word_embeddings=False\)/);
  });
  it('the baseline ties them too, or holds them with equal bytes: compatible, no tie added', () => {
    expect(run([['embed.weight', 'lm_head.weight']])).toMatchObject({ verdict: 'compatible', changes: { tiesAdded: [] } });
    expect(run([], [['embed.weight', 'lm_head.weight'], ['norm.weight']])).toMatchObject({ verdict: 'compatible', changes: { tiesAdded: [] } });
  });
  it('a baseline that cannot show storages, bytes not read: breaking, said as not shown; one that says nothing (a key list): nothing', () => {
    const r = run(null, []);
    expect(r.changes.tiesAdded).toEqual([{ keys: ['embed.weight', 'lm_head.weight'], from: ['embed.weight', 'lm_head.weight'], shown: false, severity: 'breaking' }]);
    expect(rule(r, 'no-ties-added').violations[0]).toMatch(/may hold them as separate tensors \(the baseline cannot show whether they were one\)/);
    expect(run(null).changes.tiesAdded).toEqual([]);
  });
  it('ignored keys leave it out of the verdict, and the load says what torch does', () => {
    const r = checkKeys({ baseline: LM, current: LM, policy: { ignore: ['^(embed|lm_head)\\.'] }, inference: inference([], { mapping: identity }), inferOptions: { targetStorages: tied, sourceStorages: [] } });
    expect(r.verdict).toBe('compatible');
    expect(r.loads).toBe('no');
    expect(r.tolerated).toEqual([{ key: 'embed.weight', by: 'ignore' }]);
  });
});

describe('checkKeys: baseline tensors sdmatch cannot write (review 25 F6)', () => {
  // a Megatron folder's keys of unknown split: read from rank 0, no bytes as one tensor (plan/unwritable.ts)
  const LAYERS = [0, 1, 2, 3];
  const whole = keys(Object.fromEntries(LAYERS.map((l) => [`layers.${l}.adapter.weight`, [8, 6]])));
  const rank0 = keys(Object.fromEntries(LAYERS.map((l) => [`layers.${l}.adapter.weight`, [4, 6]])));
  const storage = (k: string) => `${k} (mp_rank_00 of 2 ranks, split unknown: equal shapes on every rank and a name of no known parallel layer)`;
  const unwritable = new Map(whole.map((e) => [e.key, storage(e.key)]));

  it('a kept unwritable key is breaking under its own rule, in the words plan and apply use; never compatible', () => {
    const r = checkKeys({ baseline: whole, current: whole, inference: inference([]), unwritable });
    expect(r.verdict).toBe('breaking');
    expect(r.loads).toBe('no');
    expect(r.changes.unwritable).toHaveLength(4);
    expect(r.changes.unwritable[0]).toEqual({ key: 'layers.0.adapter.weight', to: 'layers.0.adapter.weight', why: '(mp_rank_00 of 2 ranks, split unknown: equal shapes on every rank and a name of no known parallel layer)', severity: 'breaking' });
    expect(failedRules(r)).toEqual(['kept-weights-writable']);
    expect(r.reasons[0]!.message).toMatch(/^4 tensors of the checkpoint have no bytes sdmatch can write as one tensor, so apply refuses them: `layers\.0\.adapter\.weight` \(mp_rank_00 of 2 ranks, split unknown/);
  });

  it('a key the migration drops is not kept: it does not count', () => {
    const r = checkKeys({ baseline: whole, current: whole, inference: inference([], { mapping: Object.fromEntries(whole.map((e) => [e.key, null])) }), unwritable });
    expect(r.changes.unwritable).toEqual([]);
  });

  it('shapes that are 1/N of the model along one dim are said as one rank\'s shard, as plan says them, not "another size"', () => {
    const r = checkKeys({ baseline: rank0, current: whole, inference: inference([]), unwritable });
    expect(r.changes.shapeChanged.map((s) => s.reason)).toEqual(LAYERS.map(() => "this looks like one tensor-parallel rank's shard of a model split over 2 ranks, not another model size or head"));
    expect(r.reasons.map((x) => x.message).join('\n')).not.toMatch(/another size/);
  });
});
