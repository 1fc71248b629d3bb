/**
 * Keys a fine-tuning script deleted from the pretrained checkpoint before loading it, as it printed them.
 * facebookresearch/deit main.py, facebookresearch/mae main_finetune.py (and the BEiT, ConvNeXt, Swin, Ark
 * fine-tuning scripts copied from them):
 *
 *     for k in ['head.weight', 'head.bias']:
 *         if k in checkpoint_model and checkpoint_model[k].shape != state_dict[k].shape:
 *             print(f"Removing key {k} from pretrained checkpoint")
 *             del checkpoint_model[k]
 *     msg = model.load_state_dict(checkpoint_model, strict=False)
 *
 * The checkpoint held those keys at another shape (a head of another class count), so in the printed
 * `_IncompatibleKeys` they are missing by design: the model's new head, initialised and trained; no other
 * checkpoint key is theirs, so none is renamed onto them (Ark#1 cut: `omni_heads.0.*` → `head.*` otherwise).
 */
import type { ErrorReport } from '../formats/error-text.js';
import type { KeyWithReason } from './error-hints.js';
export declare const REMOVED_BY_LOADER_REASON = "the fine-tuning script deleted it from the pretrained checkpoint because its shape differs from the model's (\"Removing key \u2026 from pretrained checkpoint\", DeiT/MAE main_finetune.py): a head of another class count, which the model initialises and training fits";
/** The missing keys the loader said it removed, kept missing as a new head. */
export declare function removedByLoader(report: ErrorReport): KeyWithReason[];
