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
    for (const row of CASTS) {
      const not = typeof row.whyNot === 'string' ? [row.whyNot] : ALL.map(row.whyNot);
      expect(used.has(row.why) || not.some((w) => used.has(w)), row.why || not[0]).toBe(true);
    }
  });

  for (const [a, b, keeps] of [
    ['float32', 'float16', false], ['float16', 'float32', true], ['float32', 'bfloat16', true], ['bfloat16', 'float16', false], ['float64', 'float16', false],
    ['float64', 'float32', false], ['float16', 'bfloat16', true], ['float32', 'float8_e4m3fn', false], ['complex64', 'complex32', false], ['float32', 'complex64', true],
    ['complex128', 'complex64', false], ['int32', 'int64', true], ['uint8', 'int16', true], ['uint8', 'float16', true],
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

  it('a cast to a narrower exponent range says where values overflow (review 17 F6)', () => {
    expect(castVerdict('float32', 'float16').reason).toBe('floating to a narrower range: values beyond ±65504 (float16\'s largest) become inf');
    expect(castVerdict('float32', 'float8_e4m3fn').reason).toMatch(/beyond ±448 .* become NaN/);
  });
});
