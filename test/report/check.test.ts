import { describe, expect, it } from 'vitest';
import { checkKeys } from '../../src/analysis/check.js';
import { DEFAULT_POLICY, resolvePolicy, type CheckPolicy } from '../../src/analysis/check-policy.js';
import type { InferResult } from '../../src/analysis/infer/index.js';
import type { KeyEntry } from '../../src/formats/keys.js';
import type { PlanOp } from '../../src/plan/types.js';
import { annotation, escapeData, escapeProperty, renderCheckGithub } from '../../src/report/check-github.js';
import { checkToJson, formatCheckJson, type CheckReport } from '../../src/report/check-json.js';
import { renderCheckJunit, xmlEscape } from '../../src/report/check-junit.js';
import { mdCode, renderCheckMarkdown } from '../../src/report/check-markdown.js';
import { renderCheck } from '../../src/report/check-text.js';
import { loadSchema, validateJson as validate } from '../helpers/json-schema.js';
import { childrenNamed, parseXml } from './check-xml.js';

/**
 * The five renderings of one result, on hand-made key sets whose keys carry every character the
 * formats must escape: `%`, `:`, `,` (GitHub properties), `|` and backticks (Markdown tables and code
 * spans), `<`, `&`, `"` (XML), and a raw newline and escape character (terminals, workflow commands).
 */

const entry = (key: string, shape: number[]): KeyEntry => ({ key, shape, dtype: 'float32' });
const NASTY = 'head|`x`.<w&"q">:50%,\n\u001b[31m';

function report(baseline: KeyEntry[], current: KeyEntry[], ops: PlanOp[], policy: Partial<CheckPolicy> = {}, extra: Partial<CheckReport> = {}): CheckReport {
  const inference: InferResult = { ops, mapping: {}, unmapped: [], leftover: [], ambiguities: [], warnings: [], causes: [], sizeMismatches: [], fixable: true };
  const resolved = resolvePolicy(null, policy);
  const result = checkKeys({ baseline, current, policy: { ...DEFAULT_POLICY, ...resolved.policy }, inference });
  return {
    result,
    baseline: { file: 'model.lock.json', kind: 'manifest', keys: baseline.length, selected: null },
    current: { file: 'model.json', kind: 'manifest', keys: current.length, selected: null },
    policy: resolved,
    policyFile: null,
    planFile: null,
    updated: null,
    ...extra,
  };
}

const base = [entry('stem.weight', [8, 3]), entry('enc.0.weight', [8, 8]), entry(NASTY, [10, 8])];
const cur = [entry('stem.weight', [8, 3]), entry('body.0.weight', [8, 8]), entry(NASTY, [5, 8]), entry('extra,1:2', [4])];
const ops: PlanOp[] = [
  { op: 'rename', pattern: '^enc\\.', replacement: 'body.', confidence: 0.93 },
  { op: 'drop', pattern: '^head', reason: 'x [10, 8] vs [5, 8]: classifier of another class count' },
];
const mixed = report(base, cur, ops);

describe('the mixed case: a rename, a resized head with a hostile name, an added key', () => {
  it('is breaking and fails the default policy', () => {
    expect(mixed.result.verdict).toBe('breaking');
    expect(mixed.result.passed).toBe(false);
    expect(mixed.result.changes.shapeChanged.map((s) => s.key)).toEqual([NASTY]);
  });

  it('text: verdict first, one table per kind, nothing raw from the file reaches the terminal', () => {
    const text = renderCheck(mixed, { color: false });
    const lines = text.split('\n');
    expect(lines[0]).toBe('sdmatch check: breaking — old checkpoints cannot fully load into the new model; the policy FAILS (fails on breaking)');
    expect(text).toContain('shape changes (1)');
    expect(text).toContain('added (1): in the current model, not in the baseline');
    expect(text).toContain('renamed (1 keys)');
    expect(text).toMatch(/enc\.0\.weight\s+body\.0\.weight\s+0\.93\s+migratable/);
    expect(text).toContain('\\u000a\\u001b[31m');
    expect(text).not.toContain('\u001b');
    expect(text).toContain('policy: fails on breaking; allow nothing; ignore nothing; minimum confidence 0.8');
  });

  it('text: colour only when asked, on the verdict', () => {
    expect(renderCheck(mixed, { color: true }).split('\n')[0]).toMatch(/^\u001b\[31msdmatch check: breaking/);
  });

  it('markdown: tables whose cells the hostile key cannot split, and a code span it cannot close', () => {
    const md = renderCheckMarkdown(mixed);
    expect(md.startsWith('### ❌ sdmatch check: breaking\n')).toBe(true);
    expect(md).toContain('the policy **fails** (fails on breaking)');
    const row = md.split('\n').find((l) => l.includes('[10, 8]'))!;
    // every | inside the row is escaped except the cell borders: 5 cells
    expect(row.replace(/\\\|/g, '').split('|').length - 2).toBe(5);
    expect(row).toContain(`\`\`head\\|\`x\`.<w&"q">:50%,\\u000a\\u001b[31m\`\``);
    expect(md).toContain('| `enc.0.weight` | `body.0.weight` | 0.93 | migratable |');
    expect(md).not.toContain('\u001b');
  });

  it('github: one annotation per broken rule, escaped as @actions/core does', () => {
    const gh = renderCheckGithub(mixed).trimEnd().split('\n');
    expect(gh).toHaveLength(4);
    expect(gh[0]).toBe('::error file=model.lock.json,title=sdmatch check%3A 1 key added (breaking)::extra,1:2 [4]');
    expect(gh[1]).toBe(
      '::error file=model.lock.json,title=sdmatch check%3A 1 shape changed%2C no plan fixes it (breaking)::head|`x`.<w&"q">:50%25,\\u000a\\u001b[31m: [10, 8] → [5, 8] (classifier of another class count)',
    );
    expect(gh[2]).toBe('::warning file=model.lock.json,title=sdmatch check%3A 1 key moved%3A old checkpoints need the plan (migratable)::enc.0.weight → body.0.weight, confidence 0.93');
    expect(gh[3]).toBe('sdmatch check: breaking — old checkpoints cannot fully load into the new model; the policy FAILS (fails on breaking)');
  });

  it('json: valid against schemas/check.schema.json, every change in its list', () => {
    const json = JSON.parse(formatCheckJson(mixed));
    expect(validate(loadSchema('check.schema.json'), json)).toEqual([]);
    expect(json).toMatchObject({ format: 'sdmatch-check', version: 1, verdict: 'breaking', passed: false });
    expect(json.renamed).toEqual([{ from: ['enc.0.weight'], to: ['body.0.weight'], how: 'rename', reshaped: false, confidence: 0.93, severity: 'migratable' }]);
    expect(json.added).toEqual([{ key: 'extra,1:2', shape: [4], dtype: 'float32', severity: 'breaking', reason: null }]);
    expect(json.shapeChanged[0]).toMatchObject({ key: NASTY, baseline: [10, 8], current: [5, 8], reason: 'classifier of another class count' });
    expect(json.rules.map((r: { id: string; failed: boolean }) => [r.id, r.failed])).toEqual([
      ['no-removed-keys', false], ['no-added-keys', true], ['no-shape-changes', true], ['renames-migratable', false], ['loads-without-plan', false], ['no-dtype-changes', false], ['no-ties-added', false], ['kept-weights-writable', false],
    ]);
    expect(json.policy.from).toEqual({ failOn: 'default', allow: 'default', ignore: 'default', minConfidence: 'default' });
  });

  it('junit: well-formed, one test case per rule, failures for the rules that fail the policy', () => {
    const xml = renderCheckJunit(mixed);
    const root = parseXml(xml);
    expect(root.name).toBe('testsuites');
    expect(root.attrs).toMatchObject({ tests: '8', failures: '2', errors: '0' });
    const suite = childrenNamed(root, 'testsuite')[0]!;
    const cases = childrenNamed(suite, 'testcase');
    expect(cases.map((c) => c.attrs.name)).toEqual(['no removed keys', 'no added keys', 'no shape changes', 'renames are migratable', 'old checkpoints load without a plan', 'no dtype changes', 'no ties added', 'every kept weight can be written']);
    const failed = cases.filter((c) => childrenNamed(c, 'failure').length > 0).map((c) => c.attrs.name);
    expect(failed).toEqual(['no added keys', 'no shape changes']);
    const shape = childrenNamed(cases[2]!, 'failure')[0]!;
    expect(shape.attrs).toEqual({ type: 'breaking', message: '1 change (breaking) fails the policy' });
    expect(shape.text).toBe('head|`x`.<w&"q">:50%,\\u000a\\u001b[31m: [10, 8] → [5, 8] (classifier of another class count)');
    expect(childrenNamed(cases[4]!, 'system-out')[0]!.text).toBe('1 change the policy accepts (migratable):\nenc.0.weight → body.0.weight, confidence 0.93');
  });
});

describe('one rule, two severities: a breaking cast beside a compatible one (review 22 F4)', () => {
  const f32 = [entry('fc.weight', [10, 8]), entry('fc.bias', [10])];
  const casts = report(f32, [{ ...f32[0]!, dtype: 'float16' }, { ...f32[1]!, dtype: 'bfloat16' }], []);
  const W = 'fc.weight: float32 → float16 (floating to a narrower range: values beyond ±65504 (float16\'s largest) become inf)';
  const B = 'fc.bias: float32 → bfloat16 (floating to floating: the values keep to the new precision)';

  it('the result weighs each cast on its own', () => {
    expect(casts.result.changes.dtypeChanged.map((d) => [d.key, d.severity])).toEqual([['fc.weight', 'breaking'], ['fc.bias', 'compatible']]);
    expect(casts.result.rules.find((r) => r.id === 'no-dtype-changes')!.groups).toEqual([
      { severity: 'breaking', failed: true, violations: [W] },
      { severity: 'compatible', failed: false, violations: [B] },
    ]);
  });

  it('github: an ::error for the breaking cast, a ::warning for the compatible one', () => {
    const gh = renderCheckGithub(casts).trimEnd().split('\n');
    expect(gh.slice(0, 2)).toEqual([
      `::error file=model.lock.json,title=sdmatch check%3A 1 dtype changed (breaking)::${W}`,
      `::warning file=model.lock.json,title=sdmatch check%3A 1 dtype changed (compatible)::${B}`,
    ]);
  });

  it('junit: the failure lists and counts only the failing cast; the compatible one is in the case\'s output', () => {
    const suite = childrenNamed(parseXml(renderCheckJunit(casts)), 'testsuite')[0]!;
    const dtypes = childrenNamed(suite, 'testcase').find((c) => c.attrs.name === 'no dtype changes')!;
    const failure = childrenNamed(dtypes, 'failure')[0]!;
    expect(failure.attrs).toEqual({ type: 'breaking', message: '1 change (breaking) fails the policy' });
    expect(failure.text).toBe(W);
    expect(childrenNamed(dtypes, 'system-out')[0]!.text).toBe(`1 change the policy accepts (compatible):\n${B}`);
  });
});

describe('changes the policy allows or ignores that keep old checkpoints from loading: every format says so', () => {
  // --allow added: a new key old checkpoints have no weights for; --ignore: a resized head
  const grown = report(base.slice(0, 2), [...base.slice(0, 2), entry('neck.weight', [4])], [], { allow: ['added'], failOn: 'any' });
  const ignored = report([entry('a.weight', [2]), entry('fc.weight', [10, 2])], [entry('a.weight', [2]), entry('fc.weight', [5, 2])], [], { ignore: ['^fc\\.'] });

  it('text: the verdict reads "compatible by the policy" and says old checkpoints do NOT load as they are; the exit stays the policy\'s', () => {
    expect([grown.result.verdict, grown.result.passed, grown.result.loads]).toEqual(['compatible', true, 'no']);
    expect(renderCheck(grown, { color: false }).split('\n')[0]).toBe('sdmatch check: compatible by the policy — old checkpoints do NOT load as they are (the policy allows neck.weight); the policy passes (fails on any change not allowed)');
    expect(renderCheck(ignored, { color: false }).split('\n')[0]).toBe('sdmatch check: compatible by the policy — old checkpoints do NOT load as they are (the policy ignores fc.weight); the policy passes (fails on breaking)');
    // not green: the verdict's own meaning does not hold
    expect(renderCheck(grown, { color: true }).split('\n')[0]).toMatch(/^\u001b\[33msdmatch check: compatible by the policy/);
  });

  it('markdown: no tick, the same words', () => {
    const md = renderCheckMarkdown(ignored).split('\n');
    expect(md[0]).toBe('### ⚠️ sdmatch check: compatible by the policy');
    expect(md[2]).toBe('**compatible by the policy**: old checkpoints do NOT load as they are (the policy ignores fc.weight); the policy **passes** (fails on breaking).');
  });

  it('github: a warning annotation, then the summary line', () => {
    const gh = renderCheckGithub(grown).trimEnd().split('\n');
    expect(gh.slice(-2)).toEqual([
      '::warning file=model.lock.json,title=sdmatch check%3A compatible by the policy::old checkpoints do NOT load as they are (the policy allows neck.weight)',
      'sdmatch check: compatible by the policy — old checkpoints do NOT load as they are (the policy allows neck.weight); the policy passes (fails on any change not allowed)',
    ]);
  });

  it('json and junit: loads and what was tolerated', () => {
    const json = checkToJson(ignored);
    expect(validate(loadSchema('check.schema.json'), json)).toEqual([]);
    expect(json).toMatchObject({ verdict: 'compatible', passed: true, loads: 'no', tolerated: [{ key: 'fc.weight', by: 'ignore' }] });
    const suite = childrenNamed(parseXml(renderCheckJunit(grown)), 'testsuite')[0]!;
    const props = childrenNamed(childrenNamed(suite, 'properties')[0]!, 'property').map((p) => [p.attrs.name, p.attrs.value]);
    expect(props).toContainEqual(['loads', 'no']);
    expect(childrenNamed(suite, 'system-out').at(-1)!.text).toBe('compatible by the policy — old checkpoints do NOT load as they are (the policy allows neck.weight); the policy passes (fails on any change not allowed)');
  });

  it('nothing tolerated: the plain verdict, loads as-is', () => {
    const same = report(base, base, []);
    expect(renderCheck(same, { color: false }).split('\n')[0]).toBe('sdmatch check: compatible — old checkpoints load as they are; the policy passes (fails on breaking)');
    expect(checkToJson(same)).toMatchObject({ loads: 'as-is', tolerated: [] });
  });
});

describe('escaping helpers', () => {
  it('GitHub: % \\r \\n in data; also : and , in properties', () => {
    expect(escapeData('50% a\r\nb: c, d')).toBe('50%25 a%0D%0Ab: c, d');
    expect(escapeProperty('50% a\r\nb: c, d')).toBe('50%25 a%0D%0Ab%3A c%2C d');
    expect(annotation('warning', { title: 'a:b,c' }, 'x\ny')).toBe('::warning title=a%3Ab%2Cc::x%0Ay');
    expect(annotation('error', {}, '%')).toBe('::error::%25');
  });

  it('Markdown code spans: a fence longer than any backtick run inside', () => {
    expect(mdCode('a.b')).toBe('`a.b`');
    expect(mdCode('a`b')).toBe('``a`b``');
    expect(mdCode('`a``')).toBe('``` `a`` ```');
  });

  it('XML: markup characters, line breaks in attributes, characters XML cannot hold', () => {
    expect(xmlEscape(`<a & "b" 'c'>`)).toBe('&lt;a &amp; &quot;b&quot; &apos;c&apos;&gt;');
    expect(xmlEscape('a\nb\tc\r')).toBe('a&#10;b&#9;c&#13;');
    expect(xmlEscape('a\nb', false)).toBe('a\nb');
    expect(xmlEscape('\u0000\u0007\ud800x')).toBe('\\u0000\\u0007\\ud800x');
    expect(parseXml(`<t a="${xmlEscape('x\n"<&>\'')}">${xmlEscape('\u0001 & <', false)}</t>`)).toEqual({ name: 't', attrs: { a: 'x\n"<&>\'' }, children: [], text: '\\u0001 & <' });
  });

  it('the test XML reader rejects what is not well-formed (so it is not vacuous)', () => {
    expect(() => parseXml('<a>&</a>')).toThrow();
    expect(() => parseXml('<a><b></a>')).toThrow();
    expect(() => parseXml('<a x=1/>')).toThrow();
    expect(() => parseXml('<a>\u0001</a>')).toThrow();
  });
});

describe('schemas/check.schema.json', () => {
  const schema = loadSchema('check.schema.json');
  const good = checkToJson(mixed);

  it('is draft 2020-12 and requires every field checkToJson writes', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect([...(schema.required as string[])].sort()).toEqual(Object.keys(good).sort());
  });

  it('rejects what it forbids (so the validator is not vacuous)', () => {
    expect(validate(schema, { ...good, extra: 1 })).not.toEqual([]);
    expect(validate(schema, { ...good, verdict: 'fine' })).not.toEqual([]);
    expect(validate(schema, { ...good, renamed: [{ ...good.renamed[0], confidence: 1.5 }] })).not.toEqual([]);
    expect(validate(schema, { ...good, updated: { file: 'x' } })).not.toEqual([]);
  });

  it('holds for copies, stacks and casts that destroy values (every migration kind and dtype verdict)', () => {
    const experts = [0, 1].map((e) => entry(`experts.${e}.w1.weight`, [4, 2]));
    const r = report(
      [entry('embed.weight', [10, 4]), ...experts, { key: 'scale', shape: [4], dtype: 'float32' }],
      [entry('embed.weight', [10, 4]), entry('head.weight', [10, 4]), entry('experts.w1', [2, 4, 2]), { key: 'scale', shape: [4], dtype: 'int8' }],
      [
        { op: 'copy', key: 'embed.weight', target: 'head.weight', confidence: 0.9 },
        { op: 'stack', pattern: '^experts\\.(\\d+)\\.w1\\.weight$', index: 1, dim: 0, target: 'experts.w1', confidence: 0.9 },
      ],
    );
    const json = checkToJson(r);
    expect(json.renamed.map((x) => x.how)).toEqual(['copy', 'stack']);
    expect(json.dtypeChanged).toMatchObject([{ key: 'scale', keepsValues: false, severity: 'breaking' }]);
    expect(validate(schema, json)).toEqual([]);
  });

  it('holds for an --update run with a plan and a policy file', () => {
    const r = report(base, base, [], { failOn: 'any' }, { planFile: 'migrate.json', policyFile: '.sdmatch.json', updated: { file: 'model.lock.json', keys: 3, created: false } });
    expect(validate(schema, checkToJson(r))).toEqual([]);
  });
});

describe('schemas/policy.schema.json', () => {
  const schema = loadSchema('policy.schema.json');
  it('accepts what parsePolicyFile accepts and rejects unknown fields', () => {
    expect(validate(schema, { $schema: 'x', check: { failOn: 'any', allow: ['added', 'dtype'], ignore: ['a$'], minConfidence: 0.5 } })).toEqual([]);
    expect(validate(schema, { check: { failon: 'any' } })).not.toEqual([]);
    expect(validate(schema, { check: { allow: ['removed'] } })).not.toEqual([]);
    expect(validate(schema, { check: { minConfidence: 2 } })).not.toEqual([]);
  });
});
