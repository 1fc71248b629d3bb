/**
 * Megatron's fused attention projection (`linear_qkv`, legacy `query_key_value`) does not hold q, then
 * k, then v: its rows are interleaved per query group (per head in older layouts). A split into plain
 * consecutive chunks loads strict=True and gives every q/k/v tensor wrong rows (review11 F00).
 *
 * The layout is not in the tensor: Megatron's saved args and `checkpoint_version` give it. Where they
 * do, the split is made on the per-group view as the public converters do (reshape the whole to
 * [groups, rows per group, …], cut dim 1, flatten each part back); where they do not, no cut is
 * claimed: the split is withdrawn and said as unknown (fail closed).
 */
import type { PlanOp } from '../op-vocabulary.js';
import type { Ambiguity, SplitMatch } from './types.js';
/** One layer's q/k/v rows as Megatron stores them: `groups` blocks, each [q rows, k rows, v rows]. */
export interface QkvLayout {
    groups: number;
    /** rows of q, k and v in each block */
    parts: readonly [number, number, number];
    /** where the layout comes from (the saved args and the code that defines it), for the evidence */
    why: string;
}
/** What a Megatron (or Megatron-DeepSpeed) save says of its model: its args' scalars and `checkpoint_version` (null: absent). */
export interface MegatronArgs {
    args: ReadonlyMap<string, number | boolean>;
    ckptVersion: number | null;
}
/** The fused q/k/v tensors whose row layout is Megatron's (and, under these names elsewhere, the model's own). */
export declare const MEGATRON_QKV: RegExp;
/**
 * The layout Megatron's saved args give (`args`: the Namespace's scalars, JOINED_TP as above; `ckptVersion`: the rank
 * file's `checkpoint_version`, null when absent), for core or legacy names; null when they say too little.
 */
export declare function megatronQkvLayout(args: ReadonlyMap<string, number | boolean>, ckptVersion: number | null, core: boolean): QkvLayout | null;
/** The layout of the fused q/k/v tensor `key` (a Megatron-Core name or a legacy one), null where nothing says. */
export declare function qkvLayoutOf(key: string, m: MegatronArgs | null): QkvLayout | null;
/** How the ops of a per-group cut begin their evidence (causes.ts says them as one finding) */
export declare const GROUPED_QKV = "Megatron's q/k/v rows";
/**
 * Megatron q/k/v splits checked against the source's layout: those a plain cut gets right stay, those
 * the layout reorders are returned to be cut per group (`grouped`), the rest are withdrawn as unknown
 * (no layout known, or sizes the layout does not give) with why.
 */
export declare function checkQkvSplits(splits: readonly SplitMatch[], layouts: (source: string) => QkvLayout | null, shapeOf: (source: string) => readonly number[] | null): {
    keep: SplitMatch[];
    grouped: Map<string, QkvLayout>;
    withdrawn: Ambiguity[];
};
/**
 * A plain split op of wholes laid out in groups rewritten as the per-group cut: reshape every whole it
 * cuts to [groups, rows per group, …rest], cut dim 1 into q, k, v, flatten each part to [groups · rows, …rest].
 * `shape` is the wholes' shape (all alike); `produced` are the part names the op makes and `namesAfter`
 * every name after it, to keep a part's reshape pattern to its own parts (else one reshape per key).
 */
export declare function groupedSplitOps(op: Extract<PlanOp, {
    op: 'split';
}>, l: QkvLayout, shape: readonly number[], produced: readonly string[][], namesAfter: readonly string[]): PlanOp[];
/**
 * Joins INTO a fused q/k/v tensor laid out per query group (HF q_proj, k_proj, v_proj → `linear_qkv`,
 * GPT-NeoX's `query_key_value`; fused-layouts.ts), the split's reverse: with the target's layout known (its
 * saved args, or the head counts) and its groups more than one, each part is viewed per group ([groups, its
 * rows per group, …rest]), the parts joined along dim 1 and the whole flattened back, as the NeMo /
 * Megatron-Bridge importers interleave them. Returned: joins a plain concatenation makes right (`keep`: not
 * such a target, or one group), those to join per group by target (`grouped`), and the rest withdrawn with
 * why (no layout known, or parts the layout does not give): a plain concat there loads strict=True with
 * every row of q, k and v in the wrong place (review 26 F3).
 */
export declare function checkQkvJoins<J extends {
    sources: readonly string[];
    target: string;
    dim: number;
}>(joins: readonly J[], layouts: (target: string, parts: readonly [number, number, number]) => QkvLayout | null, shapeOf: (source: string) => readonly number[] | null): {
    keep: J[];
    grouped: Map<string, QkvLayout>;
    withdrawn: Ambiguity[];
};
/** The views around a grouped join: each part to [groups, rows, …rest] before it (`part` i of `keys`), the whole flat after it. */
export declare function groupedJoinViews(l: QkvLayout, rest: readonly number[], confidence: number | undefined): {
    before: (i: number, sel: {
        key: string;
    } | {
        pattern: string;
    }) => PlanOp;
    after: (sel: {
        key: string;
    } | {
        pattern: string;
    }) => PlanOp;
};
