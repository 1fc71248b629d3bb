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
/** The mismatches, when every one is an empty [0] placeholder (a mix is another story: null). */
export declare function zeroPlaceholders<T extends PlaceholderPair>(pairs: readonly T[]): T[] | null;
/** The finding's words: what the shapes are, where the weights are, how to read them. */
export declare function zeroPlaceholderMessage(pairs: readonly PlaceholderPair[]): string;
