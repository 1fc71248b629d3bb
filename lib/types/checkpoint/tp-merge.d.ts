import type { PyTensor, PyValue } from '../formats/pickle/values.js';
/**
 * Merging one key's tensor-parallel shards into the whole tensor, for every layout whose ranks hold
 * Megatron-style shards (Megatron-LM's mp_rank_TT folders; DeepSpeed's mp_rank_XX files and pipeline
 * layer files when Megatron-DeepSpeed wrote them). The split comes from the shapes across ranks and the
 * layer's name (src/formats/megatron/splits.ts), checked against the model sizes in the saved args.
 */
/** Scalar args (ints and bools) from a saved argparse Namespace (`args` in a Megatron or Megatron-DeepSpeed save). */
export declare function savedArgs(root: PyValue): Map<string, number | boolean>;
/** A rank file's `checkpoint_version` (a float is boxed, `3.0`; an int is a number); null when absent. */
export declare function savedVersion(root: PyValue): number | null;
/**
 * Whether the saved args say the MLP is gated: Megatron-LM's `swiglu`, Megatron-Core's `gated_linear_unit`,
 * Megatron-DeepSpeed's `glu_activation` ('swiglu', 'geglu', 'reglu', 'liglu': each chunks fc1's output in
 * two); null when the file has no args, which leaves it unsaid.
 */
export declare function savedGatedMlp(root: PyValue): boolean | null;
/** Where a merged key's pieces are, for messages and the storage name `inspect --verbose` shows. */
export interface Origin {
    file: string;
    /** the ranks holding the key (`mp_rank_00…01_001`) */
    ranks: string;
    /** tensor-parallel rank 0's name */
    first: string;
}
/** One checkpoint's merges: how many keys merged each way, and those whose split could not be told. */
export declare class TpMerger {
    readonly counts: Map<string, number>;
    readonly unknown: string[];
    private readonly layout;
    private readonly sizes;
    /** `root`: tensor-parallel rank 0's file, whose args and checkpoint_version say how its shards are laid out */
    constructor(root: PyValue);
    /** The whole tensor of `key` (named `global` in the merged checkpoint) from its shard on every rank. */
    merge(key: string, global: string, tensors: PyTensor[], at: Origin): PyTensor;
    /** A key the layout knows it cannot merge (`why`): rank 0's tensor, kept without bytes, listed as not merged. */
    refuse(global: string, tensors: PyTensor[], why: string, at: Origin): PyTensor;
    /** detail lines: the count of each kind of merge, and the keys that could not be merged */
    detail(): string[];
}
