import type { KeyEntry } from '../formats/keys.js';
import type { PlanOp } from './types.js';
/**
 * How one output tensor is made from source tensors. Recipes nest: the `of`/`parts` are built first.
 * - source: the source tensor as stored.
 * - transpose: `of` with its dims permuted (output dim i is input dim dims[i]); bytes move.
 * - reshape: `of`'s elements in the same row-major order, viewed with `shape` (same numel, checked
 *   here when shapes are known). Of a contiguous tensor — a `source`, or anything `apply` has just
 *   materialized — it is only a metadata change: new sizes, contiguous strides, same storage and
 *   offset; no byte is read or written. Only a non-contiguous input (a transpose not yet
 *   materialized) needs its bytes laid out first.
 * - split: the slice [start, start + size) of `of` along `dim`; `squeeze` drops that dim (size 1).
 * - concat: `parts` joined along `dim`, in order.
 */
export type Recipe = {
    kind: 'source';
    key: string;
} | {
    kind: 'transpose';
    of: Recipe;
    dims: number[];
} | {
    kind: 'reshape';
    of: Recipe;
    shape: number[];
} | {
    kind: 'split';
    of: Recipe;
    dim: number;
    start: number;
    size: number;
    squeeze: boolean;
} | {
    kind: 'concat';
    parts: Recipe[];
    dim: number;
};
export interface OutputTensor {
    key: string;
    recipe: Recipe;
    /** resulting shape when the source shapes are known */
    shape: number[] | null;
    /** original source keys it is made from */
    sources: string[];
}
export type MappingValue = string | string[] | null;
export interface KeyMappingResult {
    /** every source key → final key, final keys (split) or null (dropped) */
    mapping: Record<string, MappingValue>;
    /** final key → permutation applied by a transpose op */
    transposed: Map<string, number[]>;
    /** output tensors in the order they come out */
    outputs: OutputTensor[];
    errors: string[];
}
export declare function applyOpsToKeys(ops: readonly PlanOp[], sourceKeys: readonly KeyEntry[]): KeyMappingResult;
