/**
 * The names state-dict keys end in, one table for the loose reader (is this token a key?) and for
 * the check on a list's last key (is it whole, or did the paste cut it?).
 */
/** Parameters and buffers: a key ending in one of them is whole, whatever the model. */
export declare const PARAMETER_LEAVES: readonly [...("bias" | "num_batches_tracked" | "running_mean" | "running_var" | "weight")[], "position_ids", "inv_freq", "gamma", "beta", "scale", "attn_mask", "relative_position_index", "masked_bias", "in_proj_weight", "in_proj_bias", "weight_g", "weight_v", "relative_position_bias_table", "pos_embed", "cls_token", "mask_token", "absolute_pos_embed", "qweight", "qzeros", "g_idx"];
/**
 * Names that end a key in some models and name a module in others (PEFT's `lora_A` holds
 * `default.weight` in newer versions): a key, but not proof that a list's last key is whole.
 */
export declare const MODULE_OR_PARAMETER_LEAVES: readonly ['embeddings', 'lora_A', 'lora_B', 'scales', 'zeros'];
