/**
 * Renames a loader makes to checkpoint keys before it compares them with the model and lists what it did
 * not use: the names in its message are the renamed ones, so a checkpoint key is "named" by a message when
 * its renamed form is. Knowledge as data, one row per rename, with who does it.
 */
export interface LoaderRename {
    /** what a checkpoint key looks like before the rename */
    from: RegExp;
    /** the replacement (String.replace's syntax) */
    to: string;
    who: string;
}
/**
 * transformers' PreTrainedModel._fix_state_dict_key_on_load (modeling_utils.py; `_fix_key` before 4.47):
 * legacy TF-ported `LayerNorm.gamma/beta` (the original bert-base-uncased .bin) become `weight/bias`, and
 * weight-norm's `weight_g/weight_v` and `parametrizations.weight.original0/1` are renamed to the form this
 * torch has, both ways (wav2vec2, HuBERT). Releases before 4.47 renamed any `gamma`/`beta`, not only
 * LayerNorm's: both forms are listed.
 */
export declare const TRANSFORMERS_LOAD_RENAMES: readonly LoaderRename[];
/** The names `key` may have in a loader's message after its renames (the key itself first). */
export declare function namesAfterLoad(key: string, renames: readonly LoaderRename[]): string[];
/**
 * The names a self-supervised method's training wrapper gives its backbone, which the method's
 * linear-evaluation loader (main_lincls.py) strips before loading the backbone into a torchvision model
 * and asserting that only `fc.weight`/`fc.bias` stay missing. Its loop keeps only keys under
 * `module.<encoder>.` and not under `module.<encoder>.fc` (the projector): a checkpoint saved without
 * DistributedDataParallel has no `module.`, so the loop deletes every key and the assertion fails.
 * Longest first: the first prefix every key carries is the one to strip.
 */
export declare const SSL_ENCODER_PREFIXES: readonly {
    prefix: string;
    who: string;
}[];
