/**
 * How Megatron-LM's tensor parallelism splits each weight, as its layer classes do it
 * (megatron/core/tensor_parallel/layers.py): ColumnParallelLinear splits the output rows (dim 0, bias
 * too), RowParallelLinear the input columns (dim 1, its bias whole on every rank),
 * VocabParallelEmbedding the vocabulary rows; norms and position embeddings are whole on every rank.
 * Matched on the key's last segments, core (`linear_qkv`) and legacy (`query_key_value`) names alike.
 */
export type SplitRule = {
    kind: 'split';
    dim: number;
    gated?: boolean;
    layer: string;
} | {
    kind: 'replicated';
    layer: string;
}
/** whole on every rank or split on dim 0, as the module the spec chose: told by each rank's rows against the args' size (`a+b`: their sum) */
 | {
    kind: 'sized';
    arg: string;
    layer: string;
};
/** [key suffix (after a dot or at the start), rule] — first match wins */
export declare const SPLIT_RULES: readonly (readonly [string, SplitRule])[];
export declare function ruleFor(key: string): SplitRule | null;
/**
 * What a rank file says of the rows inside each shard, which a plain concatenation would scramble:
 * - `gatedMlp`: the MLP is gated (SwiGLU and the other GLUs), so each rank's fc1 holds [gate; up] of its
 *   own rows; null when no saved args say (a plain MLP of twice the width has the same shapes);
 * - `ckptVersion`: the rank file's `checkpoint_version` (null: absent), which lays out legacy `query_key_value`.
 */
export interface ShardLayout {
    gatedMlp: boolean | null;
    ckptVersion: number | null;
    /** the saved args' scalars, which size the layers a spec may keep whole or split (a `sized` rule); absent: none */
    args?: ReadonlyMap<string, number | boolean>;
}
/**
 * How a split dim's shards are joined: each rank's rows as `parts` equal blocks, block 0 of every rank,
 * then block 1 of every rank … (1: a plain concatenation). One row per layout a plain concatenation
 * would scramble, with the code that lays it out.
 */
export declare const BLOCKED_JOINS: {
    readonly gated: {
        readonly parts: 2;
        readonly says: '[gate; up] halves';
    };
    readonly qkvV0: {
        readonly parts: 3;
        readonly says: '[q; k; v] thirds (checkpoint_version 0)';
    };
};
export type BlockedJoin = keyof typeof BLOCKED_JOINS;
/** What the merge of one key across tensor-parallel ranks does, and why. */
export type Split = {
    kind: 'split';
    dim: number;
    blocks?: BlockedJoin;
    why: string;
} | {
    kind: 'replicated';
    why: string;
} | {
    kind: 'unknown';
    why: string;
};
/**
 * The split of one key from its shapes on every tensor-parallel rank and its name: shapes that differ in
 * exactly one dim say that dim; equal shapes need the name's layer class. The blocks inside each shard
 * (SwiGLU's [gate; up], checkpoint_version 0's [q; k; v]) come from `layout`. `sizes`, when the args give
 * the model's dims, must include the merged size of a split dim, else the name is not trusted.
 */
export declare function inferSplit(key: string, shapes: readonly (readonly number[])[], layout: ShardLayout, sizes: ReadonlySet<number> | null): Split;
/**
 * The model's sizes a split dim may add up to, from Megatron's saved args (null when they say too little).
 * A gated MLP's fc1 is twice its width; an fc1 of twice the width in a model the args call ungated is no
 * size of it (review25 F15: the size check let a gated fc1 through as plain).
 */
export declare function modelSizes(args: ReadonlyMap<string, number | boolean>, gatedMlp: boolean | null): Set<number> | null;
