import { type DType } from '../formats/dtype.js';
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
type Num = {
    kind: Kind;
    bits: number;
    dtype: DType;
};
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
/** First matching row wins; the last row catches every pair the others do not name. */
export declare const CASTS: readonly CastRow[];
export interface CastVerdict {
    keepsValues: boolean;
    reason: string;
}
/** What loading a `from` tensor into a `to` tensor does to its values (from ≠ to). */
export declare function castVerdict(from: DType, to: DType): CastVerdict;
export {};
