import type { Checkpoint, KeyPath } from './types.js';
/**
 * The keys of the selected state dict that are one tensor under several names: the same storage viewed
 * the same way (offset, shape, stride), as torch.save keeps a tied weight (`lm_head.weight = embed.weight`).
 * Groups of two or more only ([] when nothing is tied); null where the format cannot show storages. Two
 * views of one storage at other offsets or strides (a fused tensor's slices) hold other values: not tied.
 * Read from the pickle's persistent ids and rebuild arguments, never from tensor bytes. This is what a file
 * says of its model's ties (a target, a manifest); a source's values: sourceStorageGroups.
 */
export declare function storageGroups(ckpt: Checkpoint, selected: KeyPath | null): string[][] | null;
/**
 * storageGroups of a checkpoint whose tensors are written into a model (a plan's source): which of its names
 * hold one tensor, where safetensors and shard indexes show every other name as a tensor of its own ([] there
 * when nothing is shared); null where the format cannot show it.
 */
export declare function sourceStorageGroups(ckpt: Checkpoint, selected: KeyPath | null): string[][] | null;
/**
 * A Megatron or Megatron-DeepSpeed save's args (scalars) and `checkpoint_version`; null without args.
 * JOINED_TP is not the args' own but the ranks the tensors were joined from (names.ts): a folder's count,
 * a file's when its args say one rank, else absent.
 */
export declare function megatronArgs(ckpt: Checkpoint): {
    args: Map<string, number | boolean>;
    ckptVersion: number | null;
} | null;
