import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { checkPlanConsistency, validatePlan } from '../../src/plan/validate.js';
import { planJsonSchema, planToJson, makePlan } from '../../src/plan/schema.js';
import { regexProblem } from '../../src/analysis/infer/regex.js';
import type { Plan } from '../../src/plan/types.js';
import { applyOpsToKeys } from '../../src/analysis/op-keys.js';
import { loadSchema, validateJson } from '../helpers/json-schema.js';
import { formatErrorLine } from '../helpers/format-error.js';

const problem = (json: unknown): string => formatErrorLine(() => validatePlan(json, 'plan.json'));

function plan(over: Partial<Plan> = {}): Plan {
  return {
    format: 'sdmatch-plan',
    version: 1,
    source: { file: 'ckpt.pt', size: 10, sha256: 'a'.repeat(64), select: ['state_dict'] },
    target: { file: 'model.safetensors', keys: 2 },
    ops: [{ op: 'strip_prefix', prefix: 'module.', confidence: 0.99, evidence: '2 keys' }],
    mapping: { 'module.a': 'a', 'module.b': 'b' },
    unmapped: [],
    ...over,
  };
}

describe('validatePlan', () => {
  test('accepts a plan and round-trips through its JSON form', () => {
    const p = plan();
    expect(validatePlan(JSON.parse(planToJson(p)), 'plan.json')).toEqual(p);
  });

  test('source.kind: absent in older plans (a checkpoint), one of four kinds, and only a checkpoint has a digest', () => {
    const kinded = plan({ source: { file: 'model.lock.json', size: 10, sha256: '', select: [], kind: 'manifest' } });
    expect(validatePlan(JSON.parse(planToJson(kinded)), 'plan.json')).toEqual(kinded);
    expect(validatePlan(JSON.parse(planToJson(plan())), 'plan.json').source.kind).toBeUndefined();
    expect(problem({ ...plan(), source: { ...plan().source, kind: 'tarball' } })).toBe(
      'plan.json: source.kind: expected one of checkpoint, manifest, key-list, error-text, got "tarball"',
    );
    expect(problem({ ...plan(), source: { ...plan().source, kind: 'error-text' } })).toBe(
      "plan.json: source.sha256: a plan made from an error text records no digest (apply checks the checkpoint's keys instead): leave it empty",
    );
    expect(validatePlan({ ...plan(), source: { ...plan().source, kind: 'checkpoint' } }, 'plan.json').source.kind).toBe('checkpoint');
  });

  test('precise messages', () => {
    expect(problem([])).toBe('plan.json: expected an object, got an array');
    expect(problem({ ...plan(), format: 'x' })).toBe('plan.json: format: expected "sdmatch-plan", got "x"');
    expect(problem({ ...plan(), version: 5 })).toBe('plan.json: version: this sdmatch reads versions 1, 2, 3 and 4, got 5');
    expect(problem(plan({ ops: [{ op: 'rename', pattern: '^(a', replacement: '' }] }))).toMatch(/^plan\.json: ops\[0\]\.pattern: invalid regex: /);
    expect(problem(plan({ ops: [{ op: 'strip_prefix', prefix: 'a.' }, { op: 'rename', pattern: '^a', replacement: '$2' }] }))).toBe(
      'plan.json: ops[1].replacement: $2 refers to group 2 but the pattern has 0 group(s)',
    );
    expect(problem(plan({ ops: [{ op: 'drop', pattern: '^(a+)+$', reason: '' }] }))).toBe(
      'plan.json: ops[0].pattern: a quantified group contains a quantifier (catastrophic backtracking)',
    );
    expect(problem(plan({ ops: [{ op: 'transpose', key: 'w', dims: [0, 2] }] }))).toBe('plan.json: ops[0].dims: [0, 2] is not a permutation of 0..1');
    expect(problem(plan({ ops: [{ op: 'split', key: 'w', dim: 0, targets: ['a', 'b'], sizes: [1] }] } as never))).toBe('plan.json: ops[0].sizes: needs at least 2 entries, got 1');
    expect(problem(plan({ ops: [{ op: 'explode' }] } as never))).toMatch(/^plan\.json: ops\[0\]\.op: expected one of strip_prefix, /);
    expect(problem({ ...plan(), mapping: { a: 3 } })).toBe('plan.json: mapping["a"]: expected a key, a list of keys or null, got 3');
    expect(problem({ ...plan(), extra: 1 })).toMatch(/unknown field 'extra'/);
    expect(problem({ ...plan(), source: { ...plan().source, sha256: 'XYZ' } })).toBe('plan.json: source.sha256: expected 64 lowercase hex digits (or empty)');
    expect(problem({ ...plan(), source: { ...plan().source, entriesSha256: '' } })).toBe('plan.json: source.entriesSha256: expected 64 lowercase hex digits');
    expect(problem({ ...plan(), source: { ...plan().source, sha256: '', entriesSha256: 'a'.repeat(64), kind: 'manifest' } })).toBe(
      "plan.json: source.entriesSha256: a plan made from a manifest records no digest (apply checks the checkpoint's keys instead): leave it out",
    );
  });

  test('every object of a plan refuses a field it does not know, by name: an older sdmatch refuses a newer optional field (source.identity) and never misreads it', () => {
    const full = (): Plan => plan({ source: { file: 'a.pt', size: 10, sha256: 'b'.repeat(64), identity: { device: '1', inode: '2', size: 10, mtimeNs: '3', ctimeNs: '4' }, select: [], keySet: { count: 2, sha256: 'c'.repeat(64) } } });
    expect(validatePlan(JSON.parse(planToJson(full())), 'plan.json')).toEqual(full());
    const places: [string, (p: Record<string, any>) => Record<string, unknown>][] = [
      ['', (p) => p],
      ['source', (p) => p.source],
      ['source.identity', (p) => p.source.identity],
      ['source.keySet', (p) => p.source.keySet],
      ['target', (p) => p.target],
      ['ops[0]', (p) => p.ops[0]],
    ];
    for (const [where, at] of places) {
      const p = JSON.parse(planToJson(full()));
      at(p).fromNewerRelease = 1;
      expect(problem(p)).toMatch(new RegExp(`^plan\\.json: ${where.replace(/[.[\]]/g, '\\$&')}${where ? ': ' : ''}unknown field 'fromNewerRelease'`));
    }
  });

  test('a drop may be marked unsettled (true only): read back as written, in the published schema; a release before it refuses the field by name', () => {
    const op = { op: 'drop', pattern: '^encoder\\.layer\\.\\d+\\.adapter\\.', reason: 'NOT A SETTLED FIX: the text points to another reading', unsettled: true };
    const p = plan({ ops: [op] } as never);
    expect(validatePlan(JSON.parse(planToJson(p)), 'plan.json').ops).toEqual([op]);
    expect(validateJson(loadSchema('plan.schema.json'), JSON.parse(planToJson(p)))).toEqual([]);
    expect(problem(plan({ ops: [{ ...op, unsettled: false }] } as never))).toBe('plan.json: ops[0].unsettled: expected true (or no such field: a settled drop), got false');
    expect(validateJson(loadSchema('plan.schema.json'), JSON.parse(planToJson(plan({ ops: [{ ...op, unsettled: 'yes' }] } as never))))).not.toEqual([]);
    // only a drop carries it: on another op it is an unknown field
    expect(problem(plan({ ops: [{ op: 'strip_prefix', prefix: 'module.', unsettled: true }] } as never))).toMatch(/^plan\.json: ops\[0\]: unknown field 'unsettled'/);
  });

  test('an unsettled drop may name the reading the text points to instead (text_reading): read back, in the schema; never on a settled drop', () => {
    const op = { op: 'drop', pattern: '^encoder\\.layer\\.\\d+\\.adapter\\.', reason: 'NOT A SETTLED FIX: the text points to another reading', unsettled: true, text_reading: 'model_lacks' };
    const p = plan({ ops: [op] } as never);
    expect(validatePlan(JSON.parse(planToJson(p)), 'plan.json').ops).toEqual([op]);
    expect(validateJson(loadSchema('plan.schema.json'), JSON.parse(planToJson(p)))).toEqual([]);
    // alone it would read as a settled drop to a release that knows only `unsettled`
    expect(problem(plan({ ops: [{ ...op, unsettled: undefined }] } as never))).toBe('plan.json: ops[0].text_reading: is said only of an unsettled drop (unsettled: true)');
    expect(problem(plan({ ops: [{ ...op, text_reading: '' }] } as never))).toMatch(/^plan\.json: ops\[0\]\.text_reading: /);
  });

  test('a rename by index table: read back, in the schema, run on keys; its rows plain replacements, at most 256', () => {
    const op = { op: 'rename', pattern: '^features\\.(\\d+)\\.', table: { '0': 'backbone.features.0.conv.', '1': 'backbone.features.0.bn.', '3': 'x.$1.' } };
    const p = plan({ version: 3, ops: [op], mapping: { 'features.0.w': 'backbone.features.0.conv.w', 'features.1.w': 'backbone.features.0.bn.w', 'features.3.w': 'x.3.w' } } as never);
    expect(validatePlan(JSON.parse(planToJson(p)), 'plan.json').ops).toEqual([op]);
    expect(validateJson(loadSchema('plan.schema.json'), JSON.parse(planToJson(p)))).toEqual([]);
    // group 1's text picks the row; an index the table does not list is left as it is
    expect(applyOpsToKeys(p.ops, ['features.0.w', 'features.1.w', 'features.3.w', 'features.2.w'].map((key) => ({ key, shape: [2], dtype: 'float32' }))).mapping).toEqual({
      'features.0.w': 'backbone.features.0.conv.w', 'features.1.w': 'backbone.features.0.bn.w', 'features.3.w': 'x.3.w', 'features.2.w': 'features.2.w',
    });
    const withOp = (o: unknown) => plan({ version: 3, ops: [o] } as never);
    expect(problem(withOp({ ...op, replacement: 'a.' }))).toMatch(/^plan\.json: ops\[0\]: unknown field 'replacement'/);
    expect(problem(withOp({ ...op, pattern: '^features\\.' }))).toBe('plan.json: ops[0].pattern: a rename by table needs a group 1: its text picks the row');
    expect(problem(withOp({ ...op, table: { '0': 'a.${1+1}.' } }))).toMatch(/^plan\.json: ops\[0\]\.table\["0"\]: index arithmetic/);
    expect(problem(withOp({ ...op, table: { '0': 'a.$2.' } }))).toMatch(/^plan\.json: ops\[0\]\.table\["0"\]: \$2 refers to group 2/);
    expect(problem(withOp({ ...op, table: {} }))).toBe('plan.json: ops[0].table: has no rows');
    expect(problem(withOp({ ...op, table: Object.fromEntries(Array.from({ length: 257 }, (_, i) => [String(i), 'a.'])) }))).toBe('plan.json: ops[0].table: has 257 rows; at most 256');
    expect(validateJson(loadSchema('plan.schema.json'), JSON.parse(planToJson(withOp({ ...op, table: {} }))))).not.toEqual([]);
  });

  test('source.entriesSha256 is optional and read back as written', () => {
    const p = plan({ source: { file: 'a.pt', size: 10, sha256: 'b'.repeat(64), entriesSha256: 'a'.repeat(64), select: [] } });
    expect(validatePlan(JSON.parse(planToJson(p)), 'plan.json')).toEqual(p);
    expect(Object.keys(JSON.parse(planToJson(p)).source)).toEqual(['file', 'size', 'sha256', 'entriesSha256', 'select']);
  });

  test('transpose and reshape name a key or a pattern, exactly one', () => {
    const ops = [
      { op: 'transpose', pattern: '^h\\.\\d+\\.c_fc\\.weight$', dims: [1, 0] },
      { op: 'reshape', key: 'cls_token', shape: [1, 1, 768], confidence: 0.9, evidence: 'dims of size 1' },
    ];
    expect(validatePlan(JSON.parse(planToJson(plan({ ops } as never))), 'plan.json').ops).toEqual(ops);
    expect(problem(plan({ ops: [{ op: 'transpose', key: 'w', pattern: '^w$', dims: [1, 0] }] } as never))).toBe(
      "plan.json: ops[0]: give either 'key' or 'pattern', not both",
    );
    expect(problem(plan({ ops: [{ op: 'reshape', shape: [2] }] } as never))).toBe("plan.json: ops[0]: needs 'key' (one tensor) or 'pattern' (a regex over keys)");
    expect(problem(plan({ ops: [{ op: 'reshape', pattern: '^(a+)+$', shape: [2] }] } as never))).toBe(
      'plan.json: ops[0].pattern: a quantified group contains a quantifier (catastrophic backtracking)',
    );
    expect(problem(plan({ ops: [{ op: 'reshape', key: 'w', shape: [2, -1] }] } as never))).toBe('plan.json: ops[0].shape[1]: expected an integer ≥ 0, got -1');
  });

  test('regexes in the common subset of JavaScript and Python', () => {
    expect(regexProblem('^layers\\.(\\d+)\\.')).toBeNull();
    expect(regexProblem('^(.+\\.)gamma$')).toBeNull();
    expect(regexProblem('(?<name>a)')).toMatch(/named groups/);
    expect(regexProblem('(a)\\1')).toMatch(/backreferences/);
    expect(regexProblem('(\\d*)*')).toMatch(/catastrophic/);
  });
});

describe('checkPlanConsistency', () => {
  const keys = [{ key: 'module.a', shape: null, dtype: null }, { key: 'module.b', shape: null, dtype: null }];
  test('consistent plan: no problems', () => {
    expect(checkPlanConsistency(plan(), keys)).toEqual([]);
  });
  test('every disagreement is named', () => {
    const p = plan({ mapping: { 'module.a': 'x', 'module.zz': 'b' }, unmapped: ['b'] });
    expect(checkPlanConsistency(p, keys)).toEqual([
      "mapping['module.a']: the plan says 'x' but the ops give 'a'",
      "mapping has no entry for source key 'module.b' (ops give 'b')",
      "mapping names 'module.zz', which is not a key of the source",
      "unmapped lists 'b', but the ops produce it",
    ]);
  });
});

describe('schema', () => {
  test('schemas/plan.schema.json is the schema in code', () => {
    const file = JSON.parse(readFileSync(new URL('../../schemas/plan.schema.json', import.meta.url), 'utf8'));
    expect(file).toEqual(JSON.parse(JSON.stringify(planJsonSchema)));
  });
  test('makePlan fills the fixed fields', () => {
    const p = makePlan({ file: 'a', size: 1, sha256: '', select: ['model'] }, { file: 'b', keys: 3 }, { ops: [], mapping: {}, unmapped: [] });
    expect(p.format).toBe('sdmatch-plan');
    expect(p.version).toBe(3);
  });
});

describe('version 2: copy and index arithmetic', () => {
  test('a version-1 plan still reads, and may not use what version 2 added', () => {
    const v1 = { ...plan(), version: 1 };
    expect(validatePlan(v1, 'plan.json').version).toBe(1);
    expect(problem({ ...v1, ops: [{ op: 'copy', key: 'a', target: 'b' }] })).toBe("plan.json: ops[0].op: 'copy' needs plan version 2");
    expect(problem({ ...v1, ops: [{ op: 'split', pattern: '^a$', dim: 0, targets: ['b', 'c'], sizes: [1, 1] }] })).toBe('plan.json: ops[0].pattern: a split by pattern needs plan version 2');
    expect(problem({ ...v1, ops: [{ op: 'stack', pattern: '^e\\.(\\d+)$', index: 1, dim: 0, target: 'x' }] })).toBe("plan.json: ops[0].op: 'stack' needs plan version 2");
    expect(problem(plan({ ops: [{ op: 'stack', pattern: '^e\\.(\\d+)$', index: 2, dim: 0, target: 'x' }] }))).toBe('plan.json: ops[0].index: group 2 but the pattern has 1 group(s)');
    expect(problem(plan({ ops: [{ op: 'split', pattern: '^a$', dim: 0, targets: ['b$1', 'c'], sizes: [1, 1] }] }))).toBe('plan.json: ops[0].targets[0]: $1 refers to group 1 but the pattern has 0 group(s)');
    expect(problem({ ...v1, ops: [{ op: 'rename', pattern: '^b\\.(\\d+)', replacement: 'c.${1+1}' }] })).toBe('plan.json: ops[0].replacement: index arithmetic (${…}) needs plan version 2');
  });
  test('index arithmetic is checked like a group reference', () => {
    expect(problem(plan({ ops: [{ op: 'rename', pattern: '^b\\.(\\d+)', replacement: 'c.${2+1}' }] }))).toBe(
      'plan.json: ops[0].replacement: ${2…} refers to group 2 but the pattern has 1 group(s)',
    );
    expect(problem(plan({ ops: [{ op: 'rename', pattern: '^b\\.(\\d+)', replacement: 'c.${1//0}' }] }))).toBe('plan.json: ops[0].replacement: division by zero in ${1//0}');
    expect(problem(plan({ ops: [{ op: 'rename', pattern: '^b\\.(\\d+)', replacement: 'c.${x}' }] }))).toMatch(/must be index arithmetic/);
  });
  test('copy keeps the tensor and adds a second name for it; arithmetic regroups indices', () => {
    const keys = [{ key: 'blocks.4.w', shape: [2], dtype: 'float32' as const }, { key: 'emb.weight', shape: [5, 2], dtype: 'float32' as const }];
    const r = applyOpsToKeys([
      { op: 'rename', pattern: '^blocks\\.(\\d+)\\.', replacement: 'stages.${1//3}.blocks.${1%3}.' },
      { op: 'copy', key: 'emb.weight', target: 'head.weight' },
    ], keys);
    expect(r.errors).toEqual([]);
    expect(r.mapping).toEqual({ 'blocks.4.w': 'stages.1.blocks.1.w', 'emb.weight': ['emb.weight', 'head.weight'] });
    // the copy shares the source tensor: no bytes are rebuilt for it
    expect(r.outputs.find((o) => o.key === 'head.weight')!.recipe).toEqual({ kind: 'source', key: 'emb.weight' });
    expect(applyOpsToKeys([{ op: 'copy', key: 'nope', target: 'x' }], keys).errors).toEqual(["ops[0] (copy nope → x): no key 'nope' at this point"]);
  });
  test('stack groups by target, orders by the index, adds a leading dimension', () => {
    const experts = [1, 0, 2].flatMap((e) => [0, 1].map((l) => ({ key: `l.${l}.experts.${e}.w`, shape: [4, 3], dtype: 'float32' as const })));
    const op = { op: 'stack' as const, pattern: '^l\\.(\\d+)\\.experts\\.(\\d+)\\.w$', index: 2, dim: 0, target: 'blk.$1.exps' };
    const r = applyOpsToKeys([op], experts);
    expect(r.errors).toEqual([]);
    expect(r.mapping['l.1.experts.2.w']).toBe('blk.1.exps');
    const out = r.outputs.find((o) => o.key === 'blk.0.exps')!;
    expect(out.shape).toEqual([3, 4, 3]);
    expect(out.sources).toEqual(['l.0.experts.0.w', 'l.0.experts.1.w', 'l.0.experts.2.w']);
    // a gap in the indices is refused, not stacked short
    const gap = applyOpsToKeys([op], experts.filter((x) => !x.key.includes('experts.1.')));
    expect(gap.errors[0]).toMatch(/the stacked indices are not 0\.\.1 \(0, 2\)/);
  });
});

describe('version 3: concat by pattern', () => {
  const byPattern = { op: 'concat', pattern: '^l\\.(\\d+)\\.(q|k|v)$', part: 2, parts: ['q', 'k', 'v'], dim: 0, target: 'l.$1.qkv' };
  const keys = (n: number) => Array.from({ length: n }, (_, i) => ['q', 'k', 'v'].map((p, j) => ({ key: `l.${i}.${p}`, shape: [j + 1, 4], dtype: 'float32' as const }))).flat();

  test('reads in a version-3 plan; a version-2 or version-1 plan may not use it', () => {
    const v3 = plan({ version: 3, ops: [byPattern as Plan['ops'][number]] });
    expect(validatePlan(JSON.parse(planToJson(v3)), 'plan.json')).toEqual(v3);
    expect(problem({ ...v3, version: 2 })).toBe('plan.json: ops[0].pattern: a concat by pattern needs plan version 3 (this plan says version 2)');
    expect(problem({ ...v3, version: 1 })).toBe('plan.json: ops[0].pattern: a concat by pattern needs plan version 3 (this plan says version 1)');
    expect(problem({ ...v3, version: 5 })).toBe('plan.json: version: this sdmatch reads versions 1, 2, 3 and 4, got 5');
    // the published schema says the same: one form or the other
    expect(validateJson(loadSchema('plan.schema.json'), JSON.parse(planToJson(v3)))).toEqual([]);
    const both = { ...v3, ops: [{ ...byPattern, keys: ['a', 'b'] }] };
    expect(validateJson(loadSchema('plan.schema.json'), both)).not.toEqual([]);
  });

  test('strict fields, each problem named with the op', () => {
    const v3 = (op: object) => plan({ version: 3, ops: [op as Plan['ops'][number]] });
    expect(problem(v3({ ...byPattern, keys: ['a', 'b'] }))).toBe("plan.json: ops[0]: a concat names either 'keys' or 'pattern' with 'part' and 'parts', not both");
    expect(problem(v3({ op: 'concat', dim: 0, target: 'x' }))).toBe("plan.json: ops[0]: a concat needs 'keys' (exact keys) or 'pattern', 'part' and 'parts' (every key a regex matches)");
    expect(problem(v3({ ...byPattern, part: 3 }))).toBe('plan.json: ops[0].part: group 3 but the pattern has 2 group(s)');
    expect(problem(v3({ ...byPattern, parts: ['q'] }))).toBe('plan.json: ops[0].parts: needs at least 2 entries, got 1');
    expect(problem(v3({ ...byPattern, parts: ['q', 'k', 'q'] }))).toBe("plan.json: ops[0].parts: 'q' is listed twice: each part is joined once");
    expect(problem(v3({ ...byPattern, target: 'l.$3.qkv' }))).toBe('plan.json: ops[0].target: $3 refers to group 3 but the pattern has 2 group(s)');
    const { part: _, ...noPart } = byPattern;
    expect(problem(v3(noPart))).toBe('plan.json: ops[0].part: missing');
  });

  test('joins each group in the order of parts, whatever the key order; a group lacking a part fails naming it', () => {
    const src = keys(2).reverse();
    const r = applyOpsToKeys([byPattern as Plan['ops'][number]], src);
    expect(r.errors).toEqual([]);
    expect(r.outputs.map((o) => [o.key, o.sources, o.shape])).toEqual([
      ['l.1.qkv', ['l.1.q', 'l.1.k', 'l.1.v'], [6, 4]],
      ['l.0.qkv', ['l.0.q', 'l.0.k', 'l.0.v'], [6, 4]],
    ]);
    const lacking = applyOpsToKeys([byPattern as Plan['ops'][number]], keys(2).filter((k) => k.key !== 'l.1.v'));
    expect(lacking.errors).toEqual(["ops[0] (concat ^l\\.(\\d+)\\.(q|k|v)$ → l.$1.qkv): 'l.1.qkv': no key for part v at this point"]);
    // a failing op consumes nothing: the keys keep their names
    expect(lacking.mapping['l.0.q']).toBe('l.0.q');
    const bad = applyOpsToKeys([{ ...byPattern, dim: 1 } as Plan['ops'][number]], keys(1));
    expect(bad.errors[0]).toMatch(/'l\.0\.k' \[2, 4\] does not line up with \[1, 4\] outside dim 1/);
  });
});

describe('version 3: reshape by trailing 1s', () => {
  const add = { op: 'reshape', pattern: '^b\\.\\d+\\.fc\\.weight$', addTrailingOnes: 2 };
  const v3 = (op: object) => plan({ version: 3, ops: [op as Plan['ops'][number]] });

  test('reads in a version-3 plan; an earlier version, two forms at once or a count below 1 are refused naming the op', () => {
    expect(validatePlan(JSON.parse(planToJson(v3(add))), 'plan.json')).toEqual(v3(add));
    expect(problem({ ...v3(add), version: 2 })).toBe('plan.json: ops[0].addTrailingOnes: a reshape by trailing 1s needs plan version 3 (this plan says version 2)');
    expect(problem({ ...v3({ op: 'reshape', key: 'x', removeTrailingOnes: 1 }), version: 1 })).toBe('plan.json: ops[0].removeTrailingOnes: a reshape by trailing 1s needs plan version 3 (this plan says version 1)');
    expect(problem(v3({ ...add, shape: [2, 3, 1, 1] }))).toBe('plan.json: ops[0]: a reshape gives one of shape, addTrailingOnes, removeTrailingOnes, not shape and addTrailingOnes');
    expect(problem(v3({ op: 'reshape', key: 'x' }))).toBe("plan.json: ops[0]: a reshape needs 'shape' (one exact shape) or 'addTrailingOnes' / 'removeTrailingOnes' (dims of size 1 at the end of each tensor's own shape)");
    expect(problem(v3({ ...add, addTrailingOnes: 0 }))).toBe('plan.json: ops[0].addTrailingOnes: must be at least 1, got 0');
    // the published schema says the same
    const schema = loadSchema('plan.schema.json');
    expect(validateJson(schema, JSON.parse(planToJson(v3(add))))).toEqual([]);
    expect(validateJson(schema, JSON.parse(planToJson(v3({ ...add, shape: [1] }))))).not.toEqual([]);
    expect(validateJson(schema, JSON.parse(planToJson(v3({ op: 'reshape', key: 'x' }))))).not.toEqual([]);
  });

  test('each key derives its shape from its own; removing dims that are not 1 fails naming the key', () => {
    const keys = [4, 6].flatMap((d, i) => [{ key: `b.${i}.fc.weight`, shape: [2 * d, d], dtype: 'float32' as const }, { key: `b.${i}.fc.bias`, shape: [2 * d], dtype: 'float32' as const }]);
    const r = applyOpsToKeys([add as Plan['ops'][number]], keys);
    expect(r.errors).toEqual([]);
    expect(r.outputs.map((o) => [o.key, o.shape])).toEqual([['b.0.fc.weight', [8, 4, 1, 1]], ['b.0.fc.bias', [8]], ['b.1.fc.weight', [12, 6, 1, 1]], ['b.1.fc.bias', [12]]]);
    const back = applyOpsToKeys([add, { op: 'reshape', pattern: 'fc\\.weight$', removeTrailingOnes: 2 }] as Plan['ops'], keys);
    expect(back.outputs.map((o) => o.shape)).toEqual(keys.map((k) => k.shape));
    const bad = applyOpsToKeys([{ op: 'reshape', pattern: 'fc\\.weight$', removeTrailingOnes: 1 }], keys);
    expect(bad.errors).toEqual(["ops[0] (reshape fc\\.weight$): 'b.0.fc.weight': removeTrailingOnes 1: the tensor [8, 4] does not end in 1 dim of size 1"]);
    // without shapes (a key list) the names still follow
    const named = applyOpsToKeys([add as Plan['ops'][number]], keys.map((k) => ({ ...k, shape: null })));
    expect(named.errors).toEqual([]);
    expect(named.mapping['b.1.fc.weight']).toBe('b.1.fc.weight');
  });
});
