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
export const TRANSFORMERS_LOAD_RENAMES: readonly LoaderRename[] = [
  { from: /LayerNorm\.gamma$/, to: 'LayerNorm.weight', who: 'transformers ≥ 4.47' },
  { from: /LayerNorm\.beta$/, to: 'LayerNorm.bias', who: 'transformers ≥ 4.47' },
  { from: /gamma/g, to: 'weight', who: 'transformers < 4.47 (_fix_key)' },
  { from: /beta/g, to: 'bias', who: 'transformers < 4.47 (_fix_key)' },
  { from: /weight_g$/, to: 'parametrizations.weight.original0', who: 'transformers, torch with parametrizations.weight_norm' },
  { from: /weight_v$/, to: 'parametrizations.weight.original1', who: 'transformers, torch with parametrizations.weight_norm' },
  { from: /parametrizations\.weight\.original0$/, to: 'weight_g', who: 'transformers, torch before parametrizations.weight_norm' },
  { from: /parametrizations\.weight\.original1$/, to: 'weight_v', who: 'transformers, torch before parametrizations.weight_norm' },
];

/** The names `key` may have in a loader's message after its renames (the key itself first). */
export function namesAfterLoad(key: string, renames: readonly LoaderRename[]): string[] {
  const out = [key];
  for (const r of renames) {
    r.from.lastIndex = 0;
    if (!r.from.test(key)) continue;
    r.from.lastIndex = 0;
    const renamed = key.replace(r.from, r.to);
    if (!out.includes(renamed)) out.push(renamed);
  }
  return out;
}

/**
 * The names a self-supervised method's training wrapper gives its backbone, which the method's
 * linear-evaluation loader (main_lincls.py) strips before loading the backbone into a torchvision model
 * and asserting that only `fc.weight`/`fc.bias` stay missing. Its loop keeps only keys under
 * `module.<encoder>.` and not under `module.<encoder>.fc` (the projector): a checkpoint saved without
 * DistributedDataParallel has no `module.`, so the loop deletes every key and the assertion fails.
 * Longest first: the first prefix every key carries is the one to strip.
 */
export const SSL_ENCODER_PREFIXES: readonly { prefix: string; who: string }[] = [
  { prefix: 'module.encoder_q.', who: "MoCo v1/v2's query encoder under DistributedDataParallel (facebookresearch/moco main_lincls.py)" },
  { prefix: 'module.base_encoder.', who: "MoCo v3's base encoder under DistributedDataParallel (facebookresearch/moco-v3 main_lincls.py)" },
  { prefix: 'module.encoder.', who: "SimSiam's encoder under DistributedDataParallel (facebookresearch/simsiam main_lincls.py)" },
  { prefix: 'encoder_q.', who: "MoCo v1/v2's query encoder, saved without DistributedDataParallel" },
  { prefix: 'base_encoder.', who: "MoCo v3's base encoder, saved without DistributedDataParallel" },
  { prefix: 'encoder.', who: "SimSiam's encoder, saved without DistributedDataParallel" },
];
