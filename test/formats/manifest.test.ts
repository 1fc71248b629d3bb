import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FormatError } from '../../src/formats/errors.js';
import { formatErrorLine } from '../helpers/format-error.js';
import type { KeyEntry } from '../../src/formats/keys.js';
import { looksLikeManifest, parseManifest, writeManifest } from '../../src/formats/manifest.js';

const RESNET: KeyEntry[] = [
  { key: 'conv1.weight', shape: [64, 3, 7, 7], dtype: 'float32' },
  { key: 'bn1.weight', shape: [64], dtype: 'float32' },
  { key: 'bn1.bias', shape: [64], dtype: 'float32' },
  { key: 'bn1.running_mean', shape: [64], dtype: 'float32' },
  { key: 'bn1.running_var', shape: [64], dtype: 'float32' },
  { key: 'bn1.num_batches_tracked', shape: [], dtype: 'int64' },
  { key: 'layer1.0.conv1.weight', shape: [64, 64, 3, 3], dtype: 'float32' },
  { key: 'fc.weight', shape: [1000, 512], dtype: 'float32' },
  { key: 'fc.bias', shape: [1000], dtype: 'float32' },
];

const errorOf = formatErrorLine;

describe('parseManifest', () => {
  it('round-trips the long form, order and all', () => {
    const text = writeManifest(RESNET);
    expect(looksLikeManifest(text)).toBe(true);
    expect(parseManifest(text, 'm.json')).toEqual(RESNET);
    expect(writeManifest(parseManifest(text, 'm.json'))).toBe(text);
  });

  it('writes one tensor a line, stable and readable', () => {
    const text = writeManifest(RESNET.slice(0, 2));
    expect(text).toBe(
      '{\n  "format": "sdmatch-manifest",\n  "version": 1,\n  "tensors": {\n' +
        '    "conv1.weight": {"shape": [64, 3, 7, 7], "dtype": "float32"},\n' +
        '    "bn1.weight": {"shape": [64], "dtype": "float32"}\n  }\n}\n',
    );
    expect(writeManifest([{ key: 'a', shape: null, dtype: null }])).toContain('"a": {"shape": null}');
    expect(() => writeManifest([RESNET[0]!, RESNET[0]!])).toThrow(/duplicate/);
  });

  it('reads the short form key → shape', () => {
    const text = '{"conv1.weight": [64, 3, 7, 7], "fc.bias": [1000], "step": []}';
    expect(looksLikeManifest(text)).toBe(true);
    expect(parseManifest(text, 'm.json')).toEqual([
      { key: 'conv1.weight', shape: [64, 3, 7, 7], dtype: null },
      { key: 'fc.bias', shape: [1000], dtype: null },
      { key: 'step', shape: [], dtype: null },
    ]);
  });

  it('keeps file order even for integer-like keys (a bare ParameterList)', () => {
    const long = writeManifest([
      { key: 'scale', shape: [1], dtype: 'float32' },
      { key: '1', shape: [4], dtype: 'float32' },
      { key: '0', shape: [4], dtype: 'float32' },
    ]);
    expect(parseManifest(long, 'm.json').map((e) => e.key)).toEqual(['scale', '1', '0']);
    expect(parseManifest('{"b": [1], "10": [2], "2": [3]}', 'm.json').map((e) => e.key)).toEqual(['b', '10', '2']);
  });

  it('rejects bad entries with a JSON-pointer location', () => {
    const wrap = (tensors: string) => `{"format": "sdmatch-manifest", "version": 1, "tensors": {${tensors}}}`;
    expect(errorOf(() => parseManifest(wrap('"fc.weight": {"shape": [10, -1]}'), 'm.json'))).toBe(
      'm.json: /tensors/fc.weight/shape/1: a size must be a non-negative integer, not -1',
    );
    expect(errorOf(() => parseManifest(wrap('"fc.weight": {"shape": [10], "dtype": "fp32"}'), 'm.json'))).toMatch(
      /^m\.json: \/tensors\/fc\.weight\/dtype: unknown dtype "fp32"/,
    );
    expect(errorOf(() => parseManifest(wrap('"a/b~c": {"shape": "10"}'), 'm.json'))).toBe(
      'm.json: /tensors/a~1b~0c/shape: shape must be an array of sizes, not string',
    );
    expect(errorOf(() => parseManifest(wrap('"x": {"dtype": "float32"}'), 'm.json'))).toMatch(/\/tensors\/x: shape is required/);
    expect(errorOf(() => parseManifest(wrap('"x": {"shape": [1], "stride": [1]}'), 'm.json'))).toMatch(/\/tensors\/x\/stride: unknown field/);
    expect(errorOf(() => parseManifest('{"format": "sdmatch-manifest", "version": 2, "tensors": {}}', 'm.json'))).toMatch(
      /\/version: unsupported manifest version 2/,
    );
    expect(errorOf(() => parseManifest('{"format": "other", "version": 1}', 'm.json'))).toMatch(/\/format: expected "sdmatch-manifest"/);
    expect(errorOf(() => parseManifest('{"conv1.weight": [64, 3.5]}', 'm.json'))).toBe(
      'm.json: /conv1.weight/1: a size must be a non-negative integer, not 3.5',
    );
    expect(errorOf(() => parseManifest('{"conv1.weight": ', 'm.json'))).toMatch(/^m\.json: not valid JSON/);
    expect(errorOf(() => parseManifest('[1, 2]', 'm.json'))).toMatch(/a manifest is a JSON object, not array/);
    expect(errorOf(() => parseManifest('{}', 'm.json'))).toMatch(/lists no tensors/);
  });

  it('refuses a tensor named twice (JSON.parse keeps the last shape silently), in either form, and "tensors" twice', () => {
    expect(errorOf(() => parseManifest('{"format": "sdmatch-manifest", "version": 1, "tensors": {"a": {"shape": [1]}, "0": {"shape": [1]}, "a": {"shape": [2]}}}', 'm.json'))).toBe(
      'm.json: the manifest names tensor "a" twice',
    );
    expect(errorOf(() => parseManifest('{"b": [1], "a\\u0062": [2], "ab": [3]}', 'm.json'))).toBe('m.json: the manifest names tensor "ab" twice');
    expect(errorOf(() => parseManifest('{"format": "sdmatch-manifest", "version": 1, "tensors": {"a": {"shape": [1]}}, "tensors": {"b": {"shape": [2]}}}', 'm.json'))).toBe(
      'm.json: /tensors: appears twice',
    );
    // the same key in two tensors' own fields is no repeat
    expect(parseManifest('{"format": "sdmatch-manifest", "version": 1, "tensors": {"a": {"shape": [1]}, "b": {"shape": [1]}}}', 'm.json')).toHaveLength(2);
  });

  it('is not fooled by other JSON or text', () => {
    expect(looksLikeManifest('{"model": {"a": 1}}')).toBe(false);
    expect(looksLikeManifest('conv1.weight\nfc.bias\n')).toBe(false);
    expect(looksLikeManifest('\uFEFF  {"format": "sdmatch-manifest"')).toBe(true);
  });
});

/**
 * The schema and the parser must agree. A tiny validator for exactly the JSON Schema subset the
 * schema file uses ($ref to $defs, oneOf, not, const, enum, type, required, properties,
 * additionalProperties, minProperties, items, minimum) checks both on the same samples.
 */
type Schema = Record<string, unknown>;
const schema = JSON.parse(readFileSync(new URL('../../schemas/manifest.schema.json', import.meta.url), 'utf8')) as Schema;

function resolve(s: Schema): Schema {
  const ref = s.$ref as string | undefined;
  if (!ref) return s;
  const name = ref.replace('#/$defs/', '');
  return (schema.$defs as Record<string, Schema>)[name]!;
}

function typeOk(t: string, v: unknown): boolean {
  switch (t) {
    case 'object': return typeof v === 'object' && v !== null && !Array.isArray(v);
    case 'array': return Array.isArray(v);
    case 'string': return typeof v === 'string';
    case 'integer': return Number.isInteger(v);
    case 'null': return v === null;
    default: throw new Error(`validator: unsupported type ${t}`);
  }
}

const SUPPORTED = new Set(['$schema', '$id', '$ref', '$defs', 'title', 'description', 'oneOf', 'not', 'const', 'enum', 'type', 'required', 'properties', 'additionalProperties', 'minProperties', 'items', 'minimum']);

function valid(raw: Schema, v: unknown): boolean {
  const s = resolve(raw);
  for (const k of Object.keys(s)) if (!SUPPORTED.has(k)) throw new Error(`validator: unsupported keyword ${k}`);
  if (s.oneOf && (s.oneOf as Schema[]).filter((x) => valid(x, v)).length !== 1) return false;
  if (s.not && valid(s.not as Schema, v)) return false;
  if ('const' in s && s.const !== v) return false;
  if (s.enum && !(s.enum as unknown[]).includes(v)) return false;
  if (s.type && !typeOk(s.type as string, v)) return false;
  if (typeof s.minimum === 'number' && typeof v === 'number' && v < s.minimum) return false;
  if (s.items && Array.isArray(v) && !v.every((x) => valid(s.items as Schema, x))) return false;
  if (typeOk('object', v)) {
    const o = v as Record<string, unknown>;
    if (s.required && !(s.required as string[]).every((k) => k in o)) return false;
    if (typeof s.minProperties === 'number' && Object.keys(o).length < s.minProperties) return false;
    const props = (s.properties ?? {}) as Record<string, Schema>;
    for (const [k, x] of Object.entries(o)) {
      if (props[k]) {
        if (!valid(props[k], x)) return false;
      } else if (s.additionalProperties === false) return false;
      else if (s.additionalProperties && !valid(s.additionalProperties as Schema, x)) return false;
    }
  }
  return true;
}

function parses(text: string): boolean {
  try {
    parseManifest(text, 'm.json');
    return true;
  } catch (e) {
    if (!(e instanceof FormatError)) throw e;
    return false;
  }
}

describe('schemas/manifest.schema.json', () => {
  it('is draft 2020-12', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  });

  const samples: [string, boolean][] = [
    [writeManifest(RESNET), true],
    [writeManifest([{ key: 'a', shape: null, dtype: null }]), true],
    ['{"format": "sdmatch-manifest", "version": 1, "model": "ResNet", "tensors": {"a": {"shape": [1], "dtype": null}}}', true],
    ['{"format": "sdmatch-manifest", "version": 1, "tensors": {}}', true],
    ['{"conv1.weight": [64, 3, 7, 7], "fc.bias": [1000]}', true],
    ['{"format": "sdmatch-manifest", "version": 2, "tensors": {}}', false],
    ['{"format": "sdmatch-manifest", "version": 1}', false],
    ['{"format": "sdmatch-manifest", "version": 1, "tensors": {}, "extra": 1}', false],
    ['{"format": "sdmatch-manifest", "version": 1, "tensors": {"a": {"shape": [1], "dtype": "fp32"}}}', false],
    ['{"format": "sdmatch-manifest", "version": 1, "tensors": {"a": {"shape": [-1]}}}', false],
    ['{"format": "sdmatch-manifest", "version": 1, "tensors": {"a": {"dtype": "float32"}}}', false],
    ['{"format": "sdmatch-manifest", "version": 1, "tensors": {"a": [1, 2]}}', false],
    ['{"conv1.weight": [64, 3.5]}', false],
    ['{"conv1.weight": "64"}', false],
    ['{}', false],
  ];
  for (const [text, ok] of samples) {
    it(`${ok ? 'accepts' : 'rejects'} ${text.length > 70 ? `${text.slice(0, 67)}...` : text}`, () => {
      expect(valid(schema, JSON.parse(text))).toBe(ok);
      expect(parses(text)).toBe(ok);
    });
  }
});
