import { type DType } from '../formats/dtype.js';
import type { PyValue } from '../formats/pickle/values.js';
import type { KeyPath, TensorRecord } from './types.js';
/** Element and byte counts, from shapes (numel × itemsize), not storage sizes: views do not double count. */
export interface TensorTotals {
    tensors: number;
    elements: number;
    bytes: number;
    byDtype: Partial<Record<DType, {
        tensors: number;
        elements: number;
        bytes: number;
    }>>;
}
export declare function tensorTotals(tensors: readonly TensorRecord[]): TensorTotals;
export declare function emptyTotals(): TensorTotals;
/** One tensor of `elements` elements added to the totals (readers from columns count without records). */
export declare function countTensor(out: TensorTotals, dtype: DType, elements: number): void;
/** Tied weights: distinct tensors viewing one storage. */
export interface SharedStorage {
    key: string;
    dtype: DType;
    numel: number | null;
    paths: KeyPath[];
    /** how many different views (offset, shape, strides) the tensors take of it: 1 for a tie as state_dict() saves it */
    views: number;
}
export declare function sharedStorages(tensors: readonly TensorRecord[]): SharedStorage[];
export interface LeafSummary {
    path: KeyPath;
    text: string;
}
export interface LeafOptions {
    /** containers this deep are shown as one line (`{state, param_groups}`); default 1 */
    maxDepth?: number;
    /** longest text per line; default 100 */
    maxText?: number;
    /** most lines; default 200 */
    maxLines?: number;
}
/**
 * The tree's non-tensor content, for display: `epoch: 7`, `optimizer: {state, param_groups}`,
 * `args: Namespace(lr=0.1, …)`. Tensors, state dicts and nn.Module objects are left out (the tensor
 * listing shows them); a mapping above the depth limit is opened into one line per entry.
 */
export declare function summarizeLeaves(root: PyValue, opts?: LeafOptions): LeafSummary[];
/**
 * A one-line rendering of a value, at most about `budget` characters; containers list their first
 * items and say how many there are. Bounded work: never walks more than the budget allows.
 */
export declare function short(v: PyValue, budget: number, depth?: number): string;
