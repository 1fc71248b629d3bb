import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { SAFETY_EXIT } from '../../src/cli/inspect.js';
import type { Verdict } from '../../src/formats/pickle/safety.js';
import { DTYPES } from '../../src/formats/dtype.js';
import { repoRoot } from '../helpers/corpus.js';
import { validateJson, type JsonSchema } from '../helpers/json-schema.js';

/** schemas/inspect.schema.json documents exactly what `inspect --json` prints, for every fixture. */
const schema = JSON.parse(readFileSync(join(repoRoot, 'schemas/inspect.schema.json'), 'utf8')) as Exclude<JsonSchema, boolean>;
const defs = schema.$defs as Record<string, { enum?: unknown[] }>;
const fixtures = join(repoRoot, 'fixtures');

function checkpoints(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return n === 'truth' ? [] : checkpoints(p);
    return /\.(pt|pth|ckpt|pkl|safetensors|bin)$|index\.json$/.test(n) ? [p] : [];
  });
}

describe('the JSON Schema helper', () => {
  const s: JsonSchema = {
    type: 'object',
    additionalProperties: false,
    required: ['a'],
    properties: {
      a: { type: 'array', items: { $ref: '#/$defs/n' } },
      b: { enum: ['x', 'y'] },
      c: { type: ['string', 'null'] },
      d: { type: 'object', propertyNames: { enum: ['k'] }, additionalProperties: { type: 'boolean' } },
      e: { oneOf: [{ type: 'integer' }, { type: 'number', minimum: 10 }] },
    },
    $defs: { n: { type: 'integer', minimum: 0 } },
  };

  it('accepts a valid value', () => {
    expect(validateJson(s, { a: [0, 3], b: 'y', c: null, d: { k: true }, e: 2.5 - 0.5 })).toEqual([]);
  });

  it('reports each kind of violation with a JSON pointer', () => {
    expect(validateJson(s, { a: [1, -1, 1.5] })).toEqual(['/a/1: -1 is below the minimum 0', '/a/2: expected integer, got number']);
    expect(validateJson(s, { b: 'z' })).toEqual(['/: missing required property "a"', '/b: "z" is not one of ["x","y"]']);
    expect(validateJson(s, { a: [], extra: 1 })).toEqual(['/extra: property not allowed']);
    expect(validateJson(s, { a: [], c: 3 })).toEqual(['/c: expected string or null, got integer']);
    expect(validateJson(s, { a: [], d: { k: 1, q: true } })).toEqual(['/d/k: expected boolean, got integer', '/d/q (property name): "q" is not one of ["k"]']);
    expect(validateJson(s, { a: [], e: 12 })).toEqual(['/e: matches 2 of oneOf (exactly 1 required)']);
    expect(validateJson(s, [])).toEqual(['/: expected object, got array']);
  });

  it('checks pattern, minItems/maxItems, minProperties and not, as the plan and manifest schemas use them', () => {
    expect(validateJson({ type: 'string', pattern: '^[0-9a-f]{4}$' }, 'beef')).toEqual([]);
    expect(validateJson({ type: 'string', pattern: '^[0-9a-f]{4}$' }, 'BEEF')).toEqual(['/: "BEEF" does not match ^[0-9a-f]{4}$']);
    expect(validateJson({ type: 'array', minItems: 1, maxItems: 2 }, [])).toEqual(['/: fewer than 1 items']);
    expect(validateJson({ type: 'array', minItems: 1, maxItems: 2 }, [1, 2, 3])).toEqual(['/: more than 2 items']);
    expect(validateJson({ type: 'object', minProperties: 1 }, {})).toEqual(['/: fewer than 1 properties']);
    expect(validateJson({ not: { required: ['format'] } }, { format: 1 })).toEqual(['/: matches the schema under "not"']);
    expect(validateJson({ not: { required: ['format'] } }, { a: 1 })).toEqual([]);
  });

  it('refuses keywords it does not implement rather than ignoring them', () => {
    expect(() => validateJson({ type: 'string', format: 'uri' }, 'b')).toThrow(/unsupported keyword "format"/);
    expect(() => validateJson({ $ref: 'other.json#/x' }, 1)).toThrow(/cannot resolve/);
  });
});

describe('schemas/inspect.schema.json', () => {
  it('names every dtype sdmatch knows, and only those', () => {
    expect([...defs.dtype!.enum!].sort()).toEqual(Object.keys(DTYPES).sort());
  });

  it('is itself within the keyword subset the helper checks', () => {
    expect(() => validateJson(schema, {})).not.toThrow();
  });

  const files = checkpoints(fixtures);
  it('has fixtures to check', () => {
    expect(files.length).toBeGreaterThanOrEqual(48);
  });

  for (const file of files) {
    it(`validates inspect --json of ${file.slice(fixtures.length + 1)}`, async () => {
      for (const extra of [[], ['--filter', 'weight$']]) {
        const r = await runCli(['inspect', file, '--json', ...extra], memoryIO());
        const report = JSON.parse(r.stdout) as { safety: { verdict: Verdict } };
        // the exit code is the safety verdict (DeepSpeed and Megatron saves name globals off the allowlist: unknown, 1)
        expect(r.code).toBe(SAFETY_EXIT[report.safety.verdict]);
        expect(validateJson(schema, report)).toEqual([]);
      }
    });
  }

  it('rejects a tampered output (the schema is strict enough to fail)', async () => {
    const r = await runCli(['inspect', join(fixtures, 'safetensors/all-dtypes.safetensors'), '--json'], memoryIO());
    const good = JSON.parse(r.stdout) as { tensors: Record<string, unknown>[]; safety: { verdict: string } };
    expect(validateJson(schema, good)).toEqual([]);
    const bad = structuredClone(good);
    bad.tensors[0]!.dtype = 'F32';
    bad.safety.verdict = 'ok';
    delete bad.tensors[1]!.stride;
    expect(validateJson(schema, bad)).toEqual([
      '/tensors/0/dtype: "F32" is not one of ' + JSON.stringify(defs.dtype!.enum),
      '/tensors/1: missing required property "stride"',
      '/safety/verdict: "ok" is not one of ["safe","unknown","incomplete","dangerous"]',
    ]);
  });
});
