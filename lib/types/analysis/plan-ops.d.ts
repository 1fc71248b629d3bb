/**
 * The operations of a remap plan, as plan inference produces them and a person reviews them. The plan
 * format (src/plan/types.ts) carries them; they are defined here, where they are made, so that
 * dependencies run one way: analysis → plan.
 */
/**
 * Which tensors a tensor op (transpose, reshape) concerns: one exact key, or every key a regex matches —
 * both names as they are at that point of the ops. Exactly one of the two: the other is `never`, so
 * an op naming both (or neither) does not type-check.
 */
export type KeySelector = {
    key: string;
    pattern?: never;
} | {
    pattern: string;
    key?: never;
};
export type PlanOp = {
    op: 'strip_prefix';
    prefix: string;
    confidence?: number;
    evidence?: string;
} | {
    op: 'add_prefix';
    prefix: string;
    confidence?: number;
    evidence?: string;
} | {
    op: 'rename';
    pattern: string;
    replacement: string;
    confidence?: number;
    evidence?: string;
} | {
    op: 'drop';
    pattern: string;
    reason: string;
    confidence?: number;
} | ({
    op: 'transpose';
    dims: number[];
    confidence?: number;
    evidence?: string;
} & KeySelector)
/** same elements, another shape (unsqueeze/squeeze, 1×1 conv ↔ linear): `shape` has the tensor's numel */
 | ({
    op: 'reshape';
    shape: number[];
    confidence?: number;
    evidence?: string;
} & KeySelector)
/**
 * one source tensor cut along `dim` into `targets`, in order, with `sizes` along that dim. With
 * `pattern` (plan version 2) every key the regex matches is cut, and each target is a replacement
 * (`$1`, `${1+1}`) expanded with that key's match into the whole new key: one op for every layer's qkv.
 */
 | ({
    op: 'split';
    dim: number;
    targets: string[];
    sizes: number[];
    confidence?: number;
    evidence?: string;
} & KeySelector)
/** several source tensors joined along `dim` into `target`, in the order given */
 | {
    op: 'concat';
    keys: string[];
    dim: number;
    target: string;
    confidence?: number;
    evidence?: string;
}
/**
 * the tensor `key` (as named at that point) is also stored as `target`, sharing its storage: what a
 * model with tied weights (lm_head ↔ embeddings) lists twice and a checkpoint stores once (plan version 2)
 */
 | {
    op: 'copy';
    key: string;
    target: string;
    confidence?: number;
    evidence?: string;
}
/**
 * (plan version 2) the keys `pattern` matches, grouped by `target` expanded with each key's match
 * (`blk.$1.ffn_gate_exps.weight`), each group stacked along a new dimension `dim` in the order of
 * capture group `index` (which must run 0, 1, …, n−1): per-expert weights into one tensor per layer
 */
 | {
    op: 'stack';
    pattern: string;
    index: number;
    dim: number;
    target: string;
    confidence?: number;
    evidence?: string;
};
