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
};
/** [key suffix (after a dot or at the start), rule] — first match wins */
export declare const SPLIT_RULES: readonly (readonly [string, SplitRule])[];
export declare function ruleFor(key: string): SplitRule | null;
/** What the merge of one key across tensor-parallel ranks does, and why. */
export type Split = {
    kind: 'split';
    dim: number;
    gated: boolean;
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
 * exactly one dim say that dim; equal shapes need the name's layer class. `gated` (SwiGLU: each rank's
 * fc1 holds its [gate; up] halves) comes from the saved args. `sizes`, when the args give the model's
 * dims, must include the merged size of a split dim, else the name is not trusted.
 */
export declare function inferSplit(key: string, shapes: readonly (readonly number[])[], gatedMlp: boolean, sizes: ReadonlySet<number> | null): Split;
/** The model's sizes a split dim may add up to, from Megatron's saved args (null when they say too little). */
export declare function modelSizes(args: ReadonlyMap<string, number | boolean>): Set<number> | null;
