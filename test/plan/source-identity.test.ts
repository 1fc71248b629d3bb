/**
 * The source identity a plan records (device, inode, size, mtime, ctime): taken only when the file
 * did not change while hashed and was not written just before; validated strictly, optional.
 */
import { writeFileSync, type BigIntStats } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fileFingerprint } from '../../src/plan/fingerprint.js';
import { makePlan, planJsonSchema, planToJson } from '../../src/plan/schema.js';
import { identityHolds, settledIdentity } from '../../src/plan/source-identity.js';
import { validatePlan } from '../../src/plan/validate.js';
import { loadSchema, validateJson } from '../helpers/json-schema.js';
import { formatErrorLine } from '../helpers/format-error.js';
import { tempDir } from '../helpers/torch.js';

let tmp: { dir: string; cleanup: () => void };
beforeAll(() => {
  tmp = tempDir('source-identity');
});
afterAll(() => tmp?.cleanup());

const NOW_MS = 1_800_000_000_000;
const ns = (ms: number) => BigInt(ms) * 1_000_000n;
function stats(over: Partial<Record<'dev' | 'ino' | 'size' | 'mtimeNs' | 'ctimeNs', bigint>> = {}): BigIntStats {
  return { dev: 2049n, ino: 77n, size: 11n, mtimeNs: ns(NOW_MS - 60_000), ctimeNs: ns(NOW_MS - 60_000), ...over } as BigIntStats;
}

describe('settledIdentity', () => {
  test('a file unchanged while hashed and last written well before: its five fields, as decimal strings', () => {
    const st = stats();
    expect(settledIdentity(st, st, NOW_MS)).toEqual({ device: '2049', inode: '77', size: 11, mtimeNs: String(st.mtimeNs), ctimeNs: String(st.ctimeNs) });
  });
  test('none when any field changed between the fstats before and after hashing', () => {
    for (const k of ['dev', 'ino', 'size', 'mtimeNs', 'ctimeNs'] as const) {
      expect(settledIdentity(stats(), stats({ [k]: stats()[k] + 1n }), NOW_MS), k).toBeNull();
    }
  });
  test('none when mtime or ctime is within 3 s of the start of hashing (a later write could keep them)', () => {
    expect(settledIdentity(stats({ ctimeNs: ns(NOW_MS - 1000) }), stats({ ctimeNs: ns(NOW_MS - 1000) }), NOW_MS)).toBeNull();
    expect(settledIdentity(stats({ mtimeNs: ns(NOW_MS + 5000) }), stats({ mtimeNs: ns(NOW_MS + 5000) }), NOW_MS)).toBeNull();
    expect(settledIdentity(stats({ ctimeNs: ns(NOW_MS - 3100) }), stats({ ctimeNs: ns(NOW_MS - 3100) }), NOW_MS)).not.toBeNull();
  });
});

describe('fileFingerprint', () => {
  test('records no identity for a file just written, nor for several files', () => {
    const a = join(tmp.dir, 'a.bin');
    const b = join(tmp.dir, 'b.bin');
    writeFileSync(a, 'abc');
    writeFileSync(b, 'def');
    expect(fileFingerprint([a])).toEqual({ sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad' });
    expect(fileFingerprint([a, b]).identity).toBeUndefined();
  });
  test('identityHolds: false without a recorded identity or a file', () => {
    expect(identityHolds(join(tmp.dir, 'a.bin'), undefined)).toBe(false);
    expect(identityHolds(join(tmp.dir, 'missing.bin'), { device: '1', inode: '1', size: 1, mtimeNs: '1', ctimeNs: '1' })).toBe(false);
  });
});

describe('source.identity in the plan format', () => {
  const identity = { device: '2049', inode: '77', size: 10, mtimeNs: '1799999940000000000', ctimeNs: '1799999940000000001' };
  const base = () => makePlan({ file: 'ckpt.pt', size: 10, sha256: 'a'.repeat(64), select: [] }, { file: 'm', keys: 0 }, { ops: [], mapping: {}, unmapped: [] });
  const problem = (json: unknown): string => formatErrorLine(() => validatePlan(json, 'plan.json'));
  const withIdentity = (id: unknown, over: Record<string, unknown> = {}) => {
    const p = JSON.parse(planToJson(base()));
    p.source = { ...p.source, identity: id, ...over };
    return p;
  };

  test('optional: a plan without it (older plans) and one with it both read, at the current version; the JSON schema agrees', () => {
    const old = base();
    expect(validatePlan(JSON.parse(planToJson(old)), 'plan.json').source.identity).toBeUndefined();
    const p = makePlan({ ...old.source, identity }, old.target, old);
    const read = validatePlan(JSON.parse(planToJson(p)), 'plan.json');
    expect(read).toEqual(p);
    expect(read.version).toBe(old.version);
    expect(validateJson(loadSchema('plan.schema.json'), JSON.parse(planToJson(p)))).toEqual([]);
    expect(JSON.parse(JSON.stringify(planJsonSchema)).properties.source.properties.identity.required).toEqual(['device', 'inode', 'size', 'mtimeNs', 'ctimeNs']);
  });

  test('strict: every problem names the field', () => {
    expect(problem(withIdentity('x'))).toMatch(/source\.identity: expected an object/);
    expect(problem(withIdentity({ ...identity, atimeNs: '1' }))).toMatch(/source\.identity: unknown field 'atimeNs'/);
    const { ctimeNs: _, ...noCtime } = identity;
    expect(problem(withIdentity(noCtime))).toMatch(/source\.identity\.ctimeNs: missing/);
    expect(problem(withIdentity({ ...identity, inode: 77 }))).toMatch(/source\.identity\.inode: expected a string/);
    expect(problem(withIdentity({ ...identity, mtimeNs: '1.5e18' }))).toMatch(/source\.identity\.mtimeNs: expected a decimal integer/);
    expect(problem(withIdentity({ ...identity, size: 11 }))).toMatch(/source\.identity\.size: is 11, but source\.size is 10/);
    expect(problem(withIdentity(identity, { sha256: '' }))).toMatch(/source\.identity: .*source\.sha256 is empty/);
  });
});
