/**
 * What a checkpoint says beyond its keys that plan inference needs to get values right: which keys of a
 * state dict one storage holds (a tie, as torch.save writes it), and the saved Megatron args that give
 * a fused q/k/v tensor's row layout. Read from the tree already read; no bytes.
 */
import { JOINED_TP } from '../formats/megatron/names.js';
import { dictGet } from '../formats/pickle/read-values.js';
import { locationFiles } from '../formats/tensor.js';
import { savedArgs, savedVersion } from './tp-merge.js';
import type { Checkpoint, KeyPath } from './types.js';
import { candidateAt, candidateTensors } from './walk.js';

/**
 * Formats that store a storage once however many tensors view it (torch.save's persistent ids), so two keys of
 * separate storages are untied: a model's ties show in them. safetensors stores no tensor twice (a tied model's
 * file holds one name, or two copies) and the directory layouts rebuild their tensors: neither shows a model's tie.
 */
const SHOWS_STORAGES = new Set<Checkpoint['format']>(['torch-zip', 'legacy-torch']);

/**
 * Formats whose names are separate tensors unless they show otherwise, as a source whose values are written
 * (review 25 F7): safetensors gives every name bytes of its own; an HF shard index holds safetensors or torch
 * shards, a storage being one shard file's (keys in two shards are always two tensors). The directory layouts
 * (DCP, DeepSpeed, Megatron) rebuild their tensors from pieces: whether two names were one tensor they cannot show.
 */
const SHOWS_SEPARATE = new Set<Checkpoint['format']>([...SHOWS_STORAGES, 'safetensors', 'hf-sharded']);

/**
 * The keys of the selected state dict that are one tensor under several names: the same storage viewed
 * the same way (offset, shape, stride), as torch.save keeps a tied weight (`lm_head.weight = embed.weight`).
 * Groups of two or more only ([] when nothing is tied); null where the format cannot show storages. Two
 * views of one storage at other offsets or strides (a fused tensor's slices) hold other values: not tied.
 * Read from the pickle's persistent ids and rebuild arguments, never from tensor bytes. This is what a file
 * says of its model's ties (a target, a manifest); a source's values: sourceStorageGroups.
 */
export function storageGroups(ckpt: Checkpoint, selected: KeyPath | null): string[][] | null {
  return SHOWS_STORAGES.has(ckpt.format) ? groupsByStorage(ckpt, selected) : null;
}

/**
 * storageGroups of a checkpoint whose tensors are written into a model (a plan's source): which of its names
 * hold one tensor, where safetensors and shard indexes show every other name as a tensor of its own ([] there
 * when nothing is shared); null where the format cannot show it.
 */
export function sourceStorageGroups(ckpt: Checkpoint, selected: KeyPath | null): string[][] | null {
  return SHOWS_SEPARATE.has(ckpt.format) ? groupsByStorage(ckpt, selected) : null;
}

function groupsByStorage(ckpt: Checkpoint, selected: KeyPath | null): string[][] | null {
  if (ckpt.root === null || selected === null) return null;
  const cand = candidateAt(ckpt, selected);
  if (!cand) return null;
  const by = new Map<string, string[]>();
  const shards = ckpt.format === 'hf-sharded';
  for (const [key, info] of candidateTensors(ckpt.root, cand)) {
    if (info.storage.key === '') continue; // storage-less (meta) tensors share nothing
    // a shard's storage keys ("0", "1" …) are its own file's: the file is part of a storage's name
    if (shards && !info.storage.bytes) return null;
    const file = shards ? locationFiles(info.storage.bytes!).join('\u0001') : '';
    const id = `${file}\u0000${info.storage.dtype}\u0000${info.storage.key}\u0000${info.storageOffset}\u0000${info.shape.join(',')}\u0000${info.stride.join(',')}`;
    const g = by.get(id);
    if (g) g.push(key);
    else by.set(id, [key]);
  }
  return [...by.values()].filter((g) => g.length > 1);
}

/**
 * A Megatron or Megatron-DeepSpeed save's args (scalars) and `checkpoint_version`; null without args.
 * JOINED_TP is not the args' own but the ranks the tensors were joined from (names.ts): a folder's count,
 * a file's when its args say one rank, else absent.
 */
export function megatronArgs(ckpt: Checkpoint): { args: Map<string, number | boolean>; ckptVersion: number | null } | null {
  if (ckpt.root === null) return null;
  const args = savedArgs(ckpt.root);
  if (args.size === 0) return null;
  const said = args.get(JOINED_TP) ?? args.get('model_parallel_size');
  const joined = ckpt.tensorParallel ?? (said === 1 ? 1 : null);
  if (joined === null) args.delete(JOINED_TP);
  else args.set(JOINED_TP, joined);
  return { args, ckptVersion: savedVersion(ckpt.root) };
}
