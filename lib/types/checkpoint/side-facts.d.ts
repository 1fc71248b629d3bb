import type { Checkpoint, KeyPath } from './types.js';
/**
 * The keys of the selected state dict grouped by the storage they view, groups of two or more only
 * ([] when nothing is shared); null where the format cannot show storages.
 */
export declare function storageGroups(ckpt: Checkpoint, selected: KeyPath | null): string[][] | null;
/** A Megatron or Megatron-DeepSpeed save's args (scalars) and `checkpoint_version`; null without args. */
export declare function megatronArgs(ckpt: Checkpoint): {
    args: Map<string, number | boolean>;
    ckptVersion: number | null;
} | null;
