/**
 * Step 6d: the split ops, as few as the data allows. A fused tensor per layer (every block's qkv) is cut
 * the same way in every layer: one split by pattern (plan version 2) whose targets carry the layer's
 * index (`^blocks\.(\d+)\.attn\.qkv\.weight$` → `encoder.layer.$1.attention.query.weight`, …), the way a
 * conversion script loops over layers. Taken only when the pattern matches exactly those keys at that
 * point of the ops and reproduces every one of their targets; anything else keeps one op per key.
 */
import type { PlanOp } from '../op-vocabulary.js';
type SplitOp = Extract<PlanOp, {
    op: 'split';
}>;
export interface SplitInput {
    /** the source key, for covers */
    source: string;
    /** the tensor's name at the point of the split */
    key: string;
    targets: string[];
    dim: number;
    sizes: number[];
    confidence: number;
    evidence: string;
}
export declare function splitOps(splits: readonly SplitInput[], namesNow: readonly string[]): {
    ops: SplitOp[];
    covers: string[][];
};
type StackOp = Extract<PlanOp, {
    op: 'stack';
}>;
export interface StackInput {
    /** the source keys, for covers */
    sources: string[];
    /** their names at the point of the stack (or concat), in stacking (joining) order */
    keys: string[];
    target: string;
    dim: number;
    confidence: number;
    evidence: string;
}
/**
 * One stack op per kind of stacked tensor: the members' names with every index a group, the stacking
 * index the one that runs 0..n−1, the target carrying the other groups (`blk.$1.ffn_gate_exps.weight`).
 * Taken only when it groups exactly these keys at that point; else one op per target.
 */
export declare function stackOps(stacks: readonly StackInput[], namesNow: readonly string[]): {
    ops: StackOp[];
    covers: string[][];
};
type ConcatOp = Extract<PlanOp, {
    op: 'concat';
}>;
/** A join to make: like a stack, its keys (in join order) into one target, along an existing dim. */
export type ConcatInput = StackInput;
/**
 * The concat ops: one by pattern for every kind of join that recurs (each layer's q/k/v into its
 * `linear_qkv`), taken only when, at that point of the ops, it groups exactly these keys into exactly
 * these targets in this order; anything else keeps one op naming its keys (so does everything when
 * `byPattern` is false).
 */
export declare function concatOps(concats: readonly ConcatInput[], namesNow: readonly string[], byPattern?: boolean): {
    ops: ConcatOp[];
    covers: string[][];
};
export {};
