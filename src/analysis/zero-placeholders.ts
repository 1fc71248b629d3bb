/**
 * DeepSpeed ZeRO-3's empty placeholders (review 16 F16). Under ZeRO-3 every parameter of the module's state
 * dict is saved as `torch.Size([0])`: the weights are partitioned across the ranks' optimizer files. Loading
 * that state dict fails with one size mismatch per parameter, each "[0] vs the model's shape": read key by key
 * that looks like another model size, which steers the user away from the fix (the checkpoint folder, whose
 * weights sdmatch and zero_to_fp32.py rebuild from the partitions). An empty tensor where the model holds
 * elements is no model size: one finding says what it is.
 */

/** A key both sides hold in another shape. */
export interface PlaceholderPair {
  target: string;
  /** null where the error text gave no shapes */
  sourceShape: readonly number[] | null;
  targetShape: readonly number[] | null;
}

/** A ZeRO-3 placeholder: the one-dim shape [0] where the model's tensor has elements. */
function isPlaceholder(p: PlaceholderPair): boolean {
  if (!p.sourceShape || !p.targetShape) return false;
  return p.sourceShape.length === 1 && p.sourceShape[0] === 0 && p.targetShape.length > 0 && p.targetShape.every((d) => d > 0);
}

/** The mismatches, when every one is an empty [0] placeholder (a mix is another story: null). */
export function zeroPlaceholders<T extends PlaceholderPair>(pairs: readonly T[]): T[] | null {
  if (pairs.length === 0 || !pairs.every(isPlaceholder)) return null;
  return [...pairs];
}

/** The finding's words: what the shapes are, where the weights are, how to read them. */
export function zeroPlaceholderMessage(pairs: readonly PlaceholderPair[]): string {
  const e = pairs[0]!;
  const all = pairs.length === 1 ? `\`${e.target}\` is` : `all ${pairs.length} keys of another shape are`;
  return `${all} empty in the checkpoint (\`${e.target}\` [0] vs [${(e.targetShape ?? []).join(', ')}]): these are DeepSpeed ZeRO-3's placeholders (each parameter saved as torch.Size([0]); its weights are partitioned over the ranks' *_optim_states.pt files), not another model size; no key edit fixes it: read the whole checkpoint folder, whose weights sdmatch rebuilds from the partitions (sdmatch plan CHECKPOINT_FOLDER MODEL, then sdmatch apply CHECKPOINT_FOLDER plan.json -o merged.safetensors), or run DeepSpeed's zero_to_fp32.py on it`;
}
