import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, resolvePolicy } from '../../src/analysis/check-policy.js';
import { formatErrorLine } from '../helpers/format-error.js';
import { ignorePatternProblem, parsePolicyFile } from '../../src/formats/policy.js';

/** `.sdmatch.json`: what it may hold, and one precise line for everything it may not. */

const F = 'models/.sdmatch.json';

function problem(text: string): string {
  const line = formatErrorLine(() => parsePolicyFile(text, F));
  expect(line).not.toContain('\n');
  return line;
}

describe('parsePolicyFile', () => {
  it('reads every setting', () => {
    const text = JSON.stringify({
      $schema: 'https://github.com/sdmatch/sdmatch/schemas/policy.schema.json',
      check: { failOn: 'migratable', allow: ['added', 'dtype'], ignore: ['num_batches_tracked$', '^aux\\.'], minConfidence: 0.9 },
    });
    expect(parsePolicyFile(text, F)).toEqual({ failOn: 'migratable', allow: ['added', 'dtype'], ignore: ['num_batches_tracked$', '^aux\\.'], minConfidence: 0.9 });
  });

  it('leaves out what the file does not state', () => {
    expect(parsePolicyFile('{}', F)).toEqual({});
    expect(parsePolicyFile('{"check": {}}', F)).toEqual({});
    expect(parsePolicyFile('\uFEFF{"check": {"minConfidence": 0}}', F)).toEqual({ minConfidence: 0 });
  });

  it('bad JSON', () => {
    expect(problem('{"check": {"failOn": "any",}}')).toMatch(/^models\/\.sdmatch\.json: not valid JSON: /);
    expect(problem('')).toMatch(/^models\/\.sdmatch\.json: not valid JSON: /);
  });

  it('not an object', () => {
    expect(problem('[]')).toBe('models/.sdmatch.json: must be a JSON object, not an array');
    expect(problem('{"check": 3}')).toBe('models/.sdmatch.json: check: must be an object, not number 3');
  });

  it('unknown fields, top level and in check', () => {
    expect(problem('{"chek": {}}')).toBe('models/.sdmatch.json: "chek": unknown field (allowed: $schema, check)');
    expect(problem('{"check": {"failon": "any"}}')).toBe('models/.sdmatch.json: check."failon": unknown field (allowed: failOn, allow, ignore, minConfidence)');
  });

  it('bad values', () => {
    expect(problem('{"check": {"failOn": "never"}}')).toBe('models/.sdmatch.json: check.failOn: must be one of breaking, migratable, any, not string "never"');
    expect(problem('{"check": {"allow": "added"}}')).toBe('models/.sdmatch.json: check.allow: must be an array of strings, not string "added"');
    expect(problem('{"check": {"allow": ["added", "removed"]}}')).toBe('models/.sdmatch.json: check.allow[1]: must be one of added, dtype, not string "removed"');
    expect(problem('{"check": {"ignore": [1]}}')).toBe('models/.sdmatch.json: check.ignore[0]: must be a string, not number 1');
    expect(problem('{"check": {"minConfidence": 1.5}}')).toBe('models/.sdmatch.json: check.minConfidence: must be a number from 0 to 1, not 1.5');
    expect(problem('{"check": {"minConfidence": "0.9"}}')).toBe('models/.sdmatch.json: check.minConfidence: must be a number from 0 to 1, not string "0.9"');
    expect(problem('{"$schema": 1}')).toBe('models/.sdmatch.json: $schema: must be a string, not number 1');
  });

  it('bad regex', () => {
    expect(problem('{"check": {"ignore": ["ok$", "bn.(running"]}}')).toMatch(/^models\/\.sdmatch\.json: check\.ignore\[1\]: invalid regex "bn\.\(running": .*Unterminated group/);
    expect(problem('{"check": {"ignore": [""]}}')).toBe('models/.sdmatch.json: check.ignore[0]: an empty pattern would ignore every key');
  });
});

describe('ignorePatternProblem', () => {
  it('accepts JavaScript regexes and names the problem otherwise', () => {
    expect(ignorePatternProblem('num_batches_tracked$')).toBeNull();
    expect(ignorePatternProblem('[')).toMatch(/^invalid regex "\[": /);
  });
});

describe('resolvePolicy: flags override the file, setting by setting', () => {
  it('defaults when neither says anything', () => {
    const r = resolvePolicy(null, {});
    expect(r.policy).toEqual(DEFAULT_POLICY);
    expect(r.origin).toEqual({ failOn: 'default', allow: 'default', ignore: 'default', minConfidence: 'default' });
  });

  it('the file where the flags are silent, the flags where they speak', () => {
    const file = { failOn: 'any' as const, allow: ['dtype' as const], ignore: ['x$'], minConfidence: 0.5 };
    const r = resolvePolicy(file, { allow: ['added'], minConfidence: 0.95 });
    expect(r.policy).toEqual({ failOn: 'any', allow: ['added'], ignore: ['x$'], minConfidence: 0.95 });
    expect(r.origin).toEqual({ failOn: 'file', allow: 'flag', ignore: 'file', minConfidence: 'flag' });
  });
});
