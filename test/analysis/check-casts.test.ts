import { describe, expect, it } from 'vitest';
import { CASTS, castVerdict } from '../../src/analysis/check-casts.js';
import { DTYPES, type DType } from '../../src/formats/dtype.js';

/**
 * The cast table on its own: every pair of dtypes finds a row (no pair falls to the fail-closed
 * fallback), and the rows say what load_state_dict's cast does. test/cli/check-loads.test.ts checks
 * the table against real torch, pair by pair.
 */

const ALL = Object.keys(DTYPES) as DType[];

describe('check-casts: the table', () => {
  it('every pair of distinct dtypes has exactly one first row, with a reason', () => {
    for (const a of ALL) {
      for (const b of ALL) {
        if (a === b) continue;
        const v = castVerdict(a, b);
        expect(v.reason, `${a} → ${b}`).not.toMatch(/cannot tell/);
        expect(v.reason.length, `${a} → ${b}`).toBeGreaterThan(10);
      }
    }
  });

  it('no row is dead: each one decides some pair', () => {
    const used = new Set<string>();
    for (const a of ALL) for (const b of ALL) if (a !== b) used.add(castVerdict(a, b).reason);
    for (const row of CASTS) expect(used.has(row.why) || used.has(row.whyNot), row.why || row.whyNot).toBe(true);
  });

  for (const [a, b, keeps] of [
    ['float32', 'float16', true], ['float16', 'float32', true], ['float32', 'bfloat16', true], ['float32', 'complex64', true],
    ['complex128', 'complex64', true], ['int32', 'int64', true], ['uint8', 'int16', true], ['uint8', 'float16', true],
    ['int16', 'float32', true], ['bool', 'float32', true], ['bool', 'int8', true],
    ['float32', 'int8', false], ['float32', 'int64', false], ['float32', 'bool', false], ['complex64', 'float32', false],
    ['complex64', 'int64', false], ['int64', 'int32', false], ['int8', 'uint8', false], ['uint8', 'int8', false],
    ['int16', 'float16', false], ['int32', 'float32', false], ['int64', 'float64', false], ['int64', 'bool', false],
    ['qint8', 'float32', false], ['float32', 'quint8', false],
  ] as const) {
    it(`${a} → ${b}: ${keeps ? 'keeps' : 'destroys'} the values`, () => {
      expect(castVerdict(a, b).keepsValues).toBe(keeps);
    });
  }
});
