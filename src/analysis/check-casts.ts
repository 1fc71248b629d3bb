import { FLOAT_RANGE, type DType } from '../formats/dtype.js';

/**
 * Whether `load_state_dict` keeps an old tensor's values when the model's tensor has another dtype.
 * It loads with `param.copy_(input_param)`, which casts silently: float32 → int8 truncates 0.3 to 0,
 * complex → real drops the imaginary part (torch only warns), int64 → int32 wraps large values. A
 * strict load succeeds either way, so `sdmatch check` may call a dtype change compatible only when the
 * cast keeps the values; any other cast is breaking (old weights reach the model destroyed).
 *
 * One table of casts by kind, a reason per row. Floating types are approximations by nature, so a
 * cast between two of them keeps the values to the new precision when the new type's exponent reaches
 * as far (float32 → bfloat16 rounds); to a narrower range it does not: float32 → float16 turns a
 * BatchNorm running_var of 1e5 into inf (review 17 F6; ranges from formats/dtype.ts); integers are exact values (counters, indices, masks), so a cast of
 * one keeps its values only when every value of the old type is exact in the new one.
 */

type Kind = 'bool' | 'int' | 'uint' | 'float' | 'complex' | 'quantized';

/**
 * Each dtype's kind and its bits: for an integer the value bits (sign excluded), for a float the
 * significand bits (the implicit one included), for a complex those of each part.
 */
const NUMERIC: Record<DType, { kind: Kind; bits: number }> = {
  bool: { kind: 'bool', bits: 1 },
  uint8: { kind: 'uint', bits: 8 }, uint16: { kind: 'uint', bits: 16 }, uint32: { kind: 'uint', bits: 32 }, uint64: { kind: 'uint', bits: 64 },
  int8: { kind: 'int', bits: 7 }, int16: { kind: 'int', bits: 15 }, int32: { kind: 'int', bits: 31 }, int64: { kind: 'int', bits: 63 },
  float64: { kind: 'float', bits: 53 }, float32: { kind: 'float', bits: 24 }, float16: { kind: 'float', bits: 11 }, bfloat16: { kind: 'float', bits: 8 },
  float8_e4m3fn: { kind: 'float', bits: 4 }, float8_e5m2: { kind: 'float', bits: 3 }, float8_e4m3fnuz: { kind: 'float', bits: 4 },
  float8_e5m2fnuz: { kind: 'float', bits: 3 }, float8_e8m0fnu: { kind: 'float', bits: 1 },
  complex128: { kind: 'complex', bits: 53 }, complex64: { kind: 'complex', bits: 24 }, complex32: { kind: 'complex', bits: 11 },
  qint8: { kind: 'quantized', bits: 8 }, quint8: { kind: 'quantized', bits: 8 }, qint32: { kind: 'quantized', bits: 32 },
  quint4x2: { kind: 'quantized', bits: 4 }, quint2x4: { kind: 'quantized', bits: 2 },
};

/** An integer type's range is inside the other's: every value is exact in it. */
const intFits = (a: { kind: Kind; bits: number }, b: { kind: Kind; bits: number }) =>
  b.kind === 'int' ? a.bits <= b.bits : a.kind === 'uint' && a.bits <= b.bits;
/** Every value of the integer type is exact in the floating (or complex) one: its bits fit the significand. */
const intExact = (a: { kind: Kind; bits: number }, b: { kind: Kind; bits: number }) => a.bits <= b.bits;

type Num = { kind: Kind; bits: number; dtype: DType };

/** The new floating (or complex) type's exponent reaches as far as the old one's: no value overflows. */
const rangeFits = (a: Num, b: Num) => (FLOAT_RANGE[a.dtype]?.emax ?? Infinity) <= (FLOAT_RANGE[b.dtype]?.emax ?? -Infinity);

/** What becomes of values past the new type's range, in words. */
function overflowWords(to: DType): string {
  const r = FLOAT_RANGE[to];
  return r ? `values beyond ±${r.max.toPrecision(5).replace(/\.?0+(e|$)/, '$1')} (${to}'s largest) become ${r.inf ? 'inf' : 'NaN'}` : 'values past its range overflow';
}

interface CastRow {
  from: readonly Kind[];
  to: readonly Kind[];
  /** does the cast keep every value (for floating types: to the new precision)? */
  keeps: (a: Num, b: Num) => boolean;
  /** why, when it keeps the values */
  why: string;
  /** why, when it does not (of the cast to that dtype) */
  whyNot: string | ((to: DType) => string);
}

const INTS: readonly Kind[] = ['int', 'uint'];

/** First matching row wins; the last row catches every pair the others do not name. */
export const CASTS: readonly CastRow[] = [
  { from: ['quantized'], to: ['bool', 'int', 'uint', 'float', 'complex', 'quantized'], keeps: () => false, why: '', whyNot: 'a quantized tensor\'s values depend on its scale and zero point, which a cast does not carry over' },
  { from: ['bool', 'int', 'uint', 'float', 'complex'], to: ['quantized'], keeps: () => false, why: '', whyNot: 'a quantized tensor\'s values depend on its scale and zero point, which a cast does not carry over' },
  { from: ['float'], to: ['float'], keeps: rangeFits, why: 'floating to floating: the values keep to the new precision', whyNot: (to) => `floating to a narrower range: ${overflowWords(to)}` },
  { from: ['float'], to: ['complex'], keeps: rangeFits, why: 'real to complex: the imaginary parts are 0, the real parts keep to the new precision', whyNot: (to) => `real to complex of a narrower range: ${overflowWords(to)}` },
  { from: ['complex'], to: ['complex'], keeps: rangeFits, why: 'complex to complex: both parts keep to the new precision', whyNot: (to) => `complex to a narrower range: ${overflowWords(to)}` },
  { from: ['complex'], to: ['bool', 'int', 'uint', 'float'], keeps: () => false, why: '', whyNot: 'complex to real: the cast discards the imaginary parts' },
  { from: ['float'], to: INTS, keeps: () => false, why: '', whyNot: 'floating to integer: the cast truncates every fraction (0.3 becomes 0)' },
  { from: ['float'], to: ['bool'], keeps: () => false, why: '', whyNot: 'floating to bool: every nonzero value becomes True' },
  { from: INTS, to: INTS, keeps: intFits, why: 'integer widening: every value fits', whyNot: 'integer narrowing (or signed to unsigned): values outside the new range wrap around' },
  { from: INTS, to: ['float', 'complex'], keeps: intExact, why: 'integer to floating: every value of the old type is exact in the new one', whyNot: 'integer to floating: large values round (an integer is exact only up to 2^significand bits)' },
  { from: INTS, to: ['bool'], keeps: () => false, why: '', whyNot: 'integer to bool: every nonzero value becomes True' },
  { from: ['bool'], to: ['bool', 'int', 'uint', 'float', 'complex'], keeps: () => true, why: 'bool to a number: False and True become 0 and 1', whyNot: '' },
];

export interface CastVerdict {
  keepsValues: boolean;
  reason: string;
}

/** What loading a `from` tensor into a `to` tensor does to its values (from ≠ to). */
export function castVerdict(from: DType, to: DType): CastVerdict {
  const a = { ...NUMERIC[from], dtype: from };
  const b = { ...NUMERIC[to], dtype: to };
  const row = CASTS.find((r) => r.from.includes(a.kind) && r.to.includes(b.kind));
  // every kind pair has a row (test/analysis/check-casts.test.ts); an unknown one fails closed
  if (!row) return { keepsValues: false, reason: `${from} to ${to}: sdmatch cannot tell whether the values survive` };
  const keeps = row.keeps(a, b);
  return { keepsValues: keeps, reason: keeps ? row.why : typeof row.whyNot === 'string' ? row.whyNot : row.whyNot(to) };
}
