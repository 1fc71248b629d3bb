/**
 * Megatron-LM's checkpoint names (megatron/training/checkpointing.py `get_checkpoint_name`,
 * `get_checkpoint_tracker_filename`, `read_metadata`): `<save>/latest_checkpointed_iteration.txt` holds the
 * last iteration (or `release`); `<save>/iter_NNNNNNN/` (or `release/`) holds one folder per model-parallel
 * rank, `mp_rank_TT` (no pipeline parallelism) or `mp_rank_TT_PPP` (a `_EEE` expert rank after that with
 * expert parallelism), each with `model_optim_rng.pt` (and `distrib_optim.pt` with the distributed optimizer).
 * Without pipeline parallelism an expert rank follows the tensor rank directly (`mp_rank_TT_EEE`), so a
 * two-number name is read here as `_PPP` and the layout corrects it from the saved args.
 */
export declare const TRACKER_FILE = "latest_checkpointed_iteration.txt";
export declare const RANK_FILE = "model_optim_rng.pt";
/**
 * Megatron-Core's dist_checkpointing (`torch_dist`) beside a DCP folder's files: metadata.json marks the folder
 * as one (core.py maybe_load_config), common.pt is its common state (strategies/common.py load_common).
 */
export declare const MCORE_CONFIG = "metadata.json";
export declare const MCORE_COMMON = "common.pt";
/**
 * The tensor-parallel ranks a save's tensors were joined from, kept (side-facts.ts megatronArgs, a manifest's
 * `megatron`) under the Namespace's own name: a Megatron or Megatron-DeepSpeed folder's rank count, a single
 * file's only when its args say 1; absent when not known (a file whose args say more was joined by another
 * tool, in an order nothing records). checkpoint_version 0 lays q/k/v out per rank (analysis/infer/megatron-qkv.ts).
 */
export declare const JOINED_TP = "tensor_model_parallel_size";
/** The iteration folder a tracker file's text names, or null when the text is not an iteration or `release`. */
export declare function trackerFolder(text: string): string | null;
export declare function isIterationFolder(name: string): boolean;
export interface RankFolder {
    tp: number;
    /** null when the name has no pipeline rank (pipeline parallelism off) */
    pp: number | null;
    /** expert rank, when the name has one */
    ep: number | null;
}
export declare function parseRankFolder(name: string): RankFolder | null;
/**
 * What every rank file of one save holds alike (save_checkpoint writes them in one step from the same args):
 * the root's `iteration` and `checkpoint_version`, and the args that lay the model out or count its training.
 * Rank files that disagree on one are from different saves (a folder copied over another, a rank re-saved):
 * joined, they would mix two models' shards (review25 F9). Not `rank`/`local_rank`, which args hold per process.
 */
export declare const SAME_ON_EVERY_RANK: {
    readonly root: readonly ['iteration', 'checkpoint_version'];
    readonly args: readonly ['iteration', 'consumed_train_samples', 'tensor_model_parallel_size', 'pipeline_model_parallel_size', 'num_layers', 'hidden_size', 'ffn_hidden_size', 'num_attention_heads', 'kv_channels', 'num_query_groups', 'padded_vocab_size', 'swiglu'];
};
/**
 * Tensors a Megatron save holds twice, one a copy of the other (a row per copy, with where Megatron makes it): a model
 * with no key of its own for the copy loses nothing when it is left out, provided its bytes equal the original's (the
 * plan compares them; copies that drifted apart are trained weights like any other).
 */
export declare const SAVED_COPIES: readonly {
    copy: RegExp;
    of: RegExp;
    what: string;
}[];
