import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ResolvedSide } from '../../src/analysis/sides.js';
import { parseErrorText, type ErrorReport } from '../../src/formats/error-text.js';
import type { KeyEntry } from '../../src/formats/keys.js';
import { diffToJson, formatDiffJson } from '../../src/report/diff-json.js';
import { buildDiffReport, diffErrorAgainstModel, hasDifferences } from '../../src/analysis/diff-model.js';
import { renderDiff } from '../../src/report/diff.js';

const ANSI = /\u001b\[[0-9;]*m/g;
const PLAIN = { color: false };
const COLOUR = { color: true };

const e = (key: string, shape: number[] | null = [4], dtype: KeyEntry['dtype'] = 'float32'): KeyEntry => ({ key, shape, dtype });

function side(file: string, entries: KeyEntry[], kind: ResolvedSide['kind'] = 'manifest'): ResolvedSide {
  return { file, kind, entries, selected: null, selection: null, nonTensor: [], report: null, checkpoint: null };
}

function errorSide(file: string, report: ErrorReport): ResolvedSide {
  return { file, kind: 'error-text', entries: [], selected: null, selection: null, nonTensor: [], report, checkpoint: null };
}

const RESNETISH: KeyEntry[] = [
  e('conv1.weight', [64, 3, 7, 7]),
  e('bn1.weight', [64]),
  e('bn1.bias', [64]),
  ...[0, 1, 2].flatMap((i) => [e(`layer1.${i}.conv1.weight`, [64, 64, 3, 3]), e(`layer1.${i}.bn1.weight`, [64])]),
  e('fc.weight', [1000, 512]),
  e('fc.bias', [1000]),
];

/** The lines of one section of the text report, without its heading. */
function sectionLines(text: string, heading: string): string[] {
  const at = text.indexOf(heading);
  if (at < 0) throw new Error(`no section ${heading}`);
  return text.slice(at).trimEnd().split('\n\n')[0]!.split('\n').slice(1);
}

describe('renderDiff', () => {
  const ddp = buildDiffReport(side('ddp.pt', RESNETISH.map((x) => ({ ...x, key: `module.${x.key}` }))), side('model.json', RESNETISH));

  it('has no escape codes without colour, and colours only headings with it', () => {
    const plain = renderDiff(ddp, PLAIN);
    expect(plain).not.toMatch(ANSI);
    const coloured = renderDiff(ddp, COLOUR);
    expect(coloured).toMatch(ANSI);
    // the same text once the codes are gone, so colour never changes what is said
    expect(coloured.replace(ANSI, '')).toBe(plain);
    // keys stay unpainted so they copy-paste cleanly
    expect(coloured).toContain('\n  module.layer1.{0..2}.{conv1,bn1}.weight  (6 keys)\n');
  });

  it('colours a table without changing its text', () => {
    const src = RESNETISH.map((x) => (x.key === 'fc.bias' ? e('fc.bias', [10]) : x));
    const r = buildDiffReport(side('a.pt', src), side('m.json', RESNETISH));
    expect(renderDiff(r, COLOUR).replace(ANSI, '')).toBe(renderDiff(r, PLAIN));
  });

  it('escapes control characters that keys from a hostile file carry', () => {
    const evil = 'fc.\u001b]0;pwned\u0007weight';
    const r = buildDiffReport(side('a\u001b[2J.pt', [e(evil)]), side('m.json', [e('fc.weight')]));
    for (const text of [renderDiff(r, PLAIN), renderDiff(r, PLAIN, { group: false })]) {
      expect(text).not.toContain('\u001b');
      expect(text).not.toContain('\u0007');
      expect(text).toContain('fc.\\u001b]0;pwned\\u0007weight');
      expect(text).toContain('a\\u001b[2J.pt');
    }
  });

  it('opens with the answer (verdict, diagnosis, the fix), then both sides, the counts and grouped lists', () => {
    const text = renderDiff(ddp, PLAIN);
    const lines = text.split('\n');
    expect(lines[0]).toBe('different: load_state_dict(strict=True) would fail');
    expect(lines[1]).toMatch(/^ {2}- every key in the checkpoint has an extra `module\.` prefix/);
    // the source is a manifest here: the fix is the plan, not apply
    expect(lines[2]).toBe('fix: sdmatch plan ddp.pt model.json');
    expect(lines.slice(4, 6)).toEqual(['source    ddp.pt  manifest, 11 keys', 'expected  model.json  manifest, 11 keys']);
    expect(text).toContain('matched 0 · missing 11 · unexpected 11 · shape mismatches 0 · dtype mismatches 0 · non-tensor 0');
    expect(sectionLines(text, 'missing (11)')).toEqual([
      '  conv1.weight',
      '  bn1.{weight,bias}  (2 keys)',
      '  layer1.{0..2}.{conv1,bn1}.weight  (6 keys)',
      '  fc.{weight,bias}  (2 keys)',
    ]);
    expect(text).not.toContain('\ndiagnosis\n');
  });

  it('says "same" and nothing else when nothing differs', () => {
    const r = buildDiffReport(side('a.json', RESNETISH), side('b.json', RESNETISH));
    expect(hasDifferences(r)).toBe(false);
    const text = renderDiff(r, PLAIN);
    expect(text).toContain('matched 11 · missing 0');
    expect(text).not.toMatch(/^fix:/m);
    expect(text.split('\n')[0]).toBe('same: every expected key is in the source with the same shape and dtype');
  });

  it('tabulates shape and dtype mismatches with both sides', () => {
    const src = RESNETISH.map((x) => (x.key === 'fc.weight' ? e('fc.weight', [10, 512]) : x.key === 'fc.bias' ? e('fc.bias', [10]) : x.key === 'bn1.bias' ? e('bn1.bias', [64], 'float16') : x));
    const text = renderDiff(buildDiffReport(side('a.pt', src), side('m.json', RESNETISH)), PLAIN);
    const table = sectionLines(text, 'shape mismatches (2)');
    expect(table).toHaveLength(3);
    expect(table[0]).toMatch(/^ {2}key\s+source\s+expected$/);
    expect(table[1]).toMatch(/^ {2}fc\.weight\s+\[10, 512\]\s+\[1000, 512\]$/);
    expect(table[2]).toMatch(/^ {2}fc\.bias\s+\[10\]\s+\[1000\]$/);
    expect(sectionLines(text, 'dtype mismatches (1)')[1]).toMatch(/^ {2}bn1\.bias\s+float16\s+float32$/);
    expect(text).toContain('load_state_dict casts on copy');
  });

  it('calls dtype-only differences loadable', () => {
    const src = RESNETISH.map((x) => ({ ...x, dtype: 'bfloat16' as const }));
    const r = buildDiffReport(side('a.pt', src), side('m.json', RESNETISH));
    expect(hasDifferences(r)).toBe(true);
    expect(renderDiff(r, PLAIN)).toContain('different in dtype only: load_state_dict casts on copy, so loading succeeds');
  });

  it('caps a list at maxLines, accounts for every key left out, and prints all with `all`', () => {
    // parent and leaf both differ, so no two keys share a pattern: one line each
    const many = Array.from({ length: 50 }, (_, i) => e(`m${i}.p${i}`));
    const r = buildDiffReport(side('a.pt', []), side('m.json', many));
    const capped = sectionLines(renderDiff(r, PLAIN, { maxLines: 10 }), 'missing (50)');
    expect(capped).toHaveLength(10);
    expect(capped[9]).toBe('  … and 41 more keys (--all lists every one)');
    expect(sectionLines(renderDiff(r, PLAIN, { maxLines: 10, all: true }), 'missing (50)')).toHaveLength(50);
  });

  it('groups only a leading slice of a huge list, cut between blocks, and counts the rest exactly', () => {
    const keys: KeyEntry[] = [];
    for (let i = 0; i < 5000; i++) for (const leaf of ['q', 'k', 'v', 'o']) keys.push(e(`blocks.${i}.attn.${leaf}.weight`, [8, 8]));
    const r = buildDiffReport(side('a.pt', []), side('m.json', keys));
    const lines = sectionLines(renderDiff(r, PLAIN), 'missing (20000)');
    // the slice ends where the block index changes, so its pattern is one clean cross product
    expect(lines).toEqual(['  blocks.{0..2047}.attn.{q,k,v,o}.weight  (8192 keys)', '  … and 11808 more keys (--all lists every one)']);
    const all = sectionLines(renderDiff(r, PLAIN, { all: true }), 'missing (20000)');
    expect(all).toEqual(['  blocks.{0..4999}.attn.{q,k,v,o}.weight  (20000 keys)']);
  });

  it('lists keys one a line with group: false', () => {
    const text = renderDiff(ddp, PLAIN, { group: false });
    expect(sectionLines(text, 'unexpected (11)').slice(0, 3)).toEqual(['  module.conv1.weight', '  module.bn1.weight', '  module.bn1.bias']);
  });

  it('shows an error-text side, its notes, and the unknown keys of a cut-short error', () => {
    const text = 'Error(s) in loading state_dict for ResNet:\n\tMissing key(s) in state_dict: "fc.weight", "fc.bias", "layer1.0.conv1.weig';
    const report = parseErrorText(text, 'err.txt');
    expect(report.truncated).toBe(true);
    const r = buildDiffReport(side('ckpt.pt', RESNETISH.slice(0, 5), 'checkpoint'), errorSide('err.txt', report));
    const out = renderDiff(r, PLAIN);
    expect(out.split('\n')).toContain('expected  err.txt  error text (load_state_dict error, model ResNet, cut short)');
    expect(out).toContain('unknown (5): the error text was cut short');
    expect(sectionLines(out, 'what the error text alone could not tell').some((l) => l.startsWith('  - the error text was cut short'))).toBe(true);
  });
});

describe('diffErrorAgainstModel: an error text read against the model it came from', () => {
  const model = [e('a.weight', [4, 2]), e('a.bias', [4]), e('b.weight', [3, 3]), e('c.weight', [5])];
  const report = (r: Partial<ErrorReport>): ErrorReport => ({
    kind: 'load_state_dict', modelName: 'M', missing: [], unexpected: [], sizeMismatch: [], truncated: false, notes: [], ...r,
  });

  it('takes missing and unexpected from the error and everything else as matched', () => {
    const d = diffErrorAgainstModel(report({ missing: ['c.weight'], unexpected: ['extra.w'], sizeMismatch: [{ key: 'a.weight', source: [8, 2], expected: [4, 2] }] }), model);
    expect(d.missing).toEqual(['c.weight']);
    expect(d.unexpected).toEqual(['extra.w']);
    expect(d.shapeMismatch).toEqual([{ key: 'a.weight', source: [8, 2], expected: [4, 2] }]);
    expect(d.matched).toEqual(['a.bias', 'b.weight']);
    expect(d.notes).toContain('2 keys of EXPECTED that the error does not mention are assumed matched');
  });

  it('notes every way the error contradicts the model, and lets the model decide', () => {
    const d = diffErrorAgainstModel(
      report({
        missing: ['zzz.weight'],
        unexpected: ['b.weight'],
        sizeMismatch: [
          { key: 'c.weight', source: [5], expected: [7] }, // the model has [5]: the checkpoint's shape fits
          { key: 'gone.weight', source: [1], expected: [2] }, // the model has no such key
        ],
      }),
      model,
    );
    expect(d.missing).toEqual([]);
    expect(d.unexpected).toEqual(['gone.weight']);
    expect(d.shapeMismatch).toEqual([]);
    expect(d.matched).toEqual(['a.weight', 'a.bias', 'b.weight', 'c.weight']);
    expect(d.notes.filter((n) => n.includes('not produced by this model'))).toHaveLength(3);
  });

  it('leaves unmentioned keys open when the error was cut short', () => {
    const d = diffErrorAgainstModel(report({ missing: ['a.weight'], truncated: true }), model);
    expect(d.unknown).toEqual(['a.bias', 'b.weight', 'c.weight']);
    expect(d.matched).toEqual([]);
  });
});

/**
 * A validator for exactly the JSON Schema subset schemas/diff.schema.json uses; an unknown keyword
 * fails loudly so the schema cannot drift beyond what is checked here.
 */
type Schema = Record<string, unknown>;
const schema = JSON.parse(readFileSync(new URL('../../schemas/diff.schema.json', import.meta.url), 'utf8')) as Schema;
const SUPPORTED = new Set(['$schema', '$id', '$ref', '$defs', 'title', 'description', 'oneOf', 'const', 'enum', 'type', 'required', 'properties', 'additionalProperties', 'items', 'minimum']);

function typeOk(t: string, v: unknown): boolean {
  switch (t) {
    case 'object': return typeof v === 'object' && v !== null && !Array.isArray(v);
    case 'array': return Array.isArray(v);
    case 'string': return typeof v === 'string';
    case 'integer': return Number.isInteger(v);
    case 'boolean': return typeof v === 'boolean';
    case 'null': return v === null;
    default: throw new Error(`validator: unsupported type ${t}`);
  }
}

/** Errors as JSON pointers, so a failure says where. */
function validate(s: Schema, v: unknown, at = ''): string[] {
  for (const k of Object.keys(s)) if (!SUPPORTED.has(k)) throw new Error(`validator: unsupported keyword ${k}`);
  if (typeof s.$ref === 'string') {
    const def = (schema.$defs as Record<string, Schema>)[s.$ref.replace('#/$defs/', '')];
    if (!def) throw new Error(`validator: no ${s.$ref}`);
    const errs = validate(def, v, at);
    if (errs.length) return errs;
  }
  if (s.oneOf && (s.oneOf as Schema[]).filter((x) => validate(x, v, at).length === 0).length !== 1) return [`${at}: not exactly one of oneOf`];
  if ('const' in s && s.const !== v) return [`${at}: not ${JSON.stringify(s.const)}`];
  if (s.enum && !(s.enum as unknown[]).includes(v)) return [`${at}: ${JSON.stringify(v)} not in enum`];
  if (s.type && !typeOk(s.type as string, v)) return [`${at}: not ${String(s.type)}`];
  if (typeof s.minimum === 'number' && typeof v === 'number' && v < s.minimum) return [`${at}: below minimum`];
  const errs: string[] = [];
  if (s.items && Array.isArray(v)) v.forEach((x, i) => errs.push(...validate(s.items as Schema, x, `${at}/${i}`)));
  if (typeOk('object', v)) {
    const o = v as Record<string, unknown>;
    for (const k of (s.required as string[] | undefined) ?? []) if (!(k in o)) errs.push(`${at}: ${k} required`);
    const props = (s.properties ?? {}) as Record<string, Schema>;
    for (const [k, x] of Object.entries(o)) {
      if (props[k]) errs.push(...validate(props[k], x, `${at}/${k}`));
      else if (s.additionalProperties === false) errs.push(`${at}/${k}: not allowed`);
    }
  }
  return errs;
}

describe('diff --json and schemas/diff.schema.json', () => {
  const shape = RESNETISH.map((x) => (x.key === 'fc.weight' ? e('fc.weight', [10, 512], 'float16') : x));
  const reports = {
    plain: buildDiffReport(side('a.pt', shape, 'checkpoint'), side('m.json', RESNETISH)),
    ddp: buildDiffReport(side('a.pt', RESNETISH.map((x) => ({ ...x, key: `module.${x.key}` }))), side('m.json', RESNETISH)),
    errorExpected: buildDiffReport(
      side('a.pt', RESNETISH),
      errorSide('e.txt', parseErrorText('Error(s) in loading state_dict for R:\n\tMissing key(s) in state_dict: "x.weight". ', 'e.txt')),
    ),
    errorSource: buildDiffReport(
      errorSide('e.txt', parseErrorText('Error(s) in loading state_dict for R:\n\tUnexpected key(s) in state_dict: "x.weight". ', 'e.txt')),
      side('m.json', RESNETISH),
    ),
  };

  it('is draft 2020-12 and requires the fields the issue names', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.required).toEqual(expect.arrayContaining(['selected', 'matched', 'missing', 'unexpected', 'shapeMismatch', 'dtypeMismatch']));
  });

  for (const [name, r] of Object.entries(reports)) {
    it(`${name}: the output validates and leads with the issue's fields`, () => {
      const json = JSON.parse(formatDiffJson(r)) as unknown;
      expect(validate(schema, json)).toEqual([]);
      expect(Object.keys(json as object).slice(0, 6)).toEqual(['selected', 'matched', 'missing', 'unexpected', 'shapeMismatch', 'dtypeMismatch']);
      expect(json).toEqual(diffToJson(r));
    });
  }

  it('rejects what the schema forbids (so the validator is not vacuous)', () => {
    const good = diffToJson(reports.plain) as unknown as Record<string, unknown>;
    expect(validate(schema, { ...good, extra: 1 })).not.toEqual([]);
    expect(validate(schema, { ...good, shapeMismatch: [{ key: 'a', source: [-1], expected: [] }] })).not.toEqual([]);
    expect(validate(schema, { ...good, dtypeMismatch: [{ key: 'a', source: 'fp32', expected: 'float32' }] })).not.toEqual([]);
    const { matched: _omitted, ...withoutMatched } = good;
    expect(validate(schema, withoutMatched)).not.toEqual([]);
  });

  it('keeps shapes on one line and reports the mismatches with both sides', () => {
    const text = formatDiffJson(reports.plain);
    expect(text).toContain('"source": [10, 512]');
    expect(text).toContain('"expected": [1000, 512]');
    const json = diffToJson(reports.plain);
    expect(json.shapeMismatch).toEqual([{ key: 'fc.weight', source: [10, 512], expected: [1000, 512] }]);
    expect(json.dtypeMismatch).toEqual([{ key: 'fc.weight', source: 'float16', expected: 'float32' }]);
    expect(json.same).toBe(false);
  });
});
