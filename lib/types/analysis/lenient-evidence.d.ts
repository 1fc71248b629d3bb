import type { ErrorReport } from '../formats/error-text.js';
/**
 * torch's own `_IncompatibleKeys(missing_keys=[…], unexpected_keys=[…])` (strict=False's return value) lists
 * the same keys its strict error would. Which of the two the user pasted says how they called
 * load_state_dict, not what the keys are: reading every one-sided repr as "unused parts / new parts" advised
 * a drop of trained weights (an HQ-SAM decoder's `hf_mlp`, a larger StyleGAN's `styles.16`) where the strict
 * text of the same keys is another code version (diagnose-robust's incompatible-repr flips, session 22). So
 * the lenient reading of a torch repr stands only where the keys themselves show it: every key it drops is
 * no weight the model needs, every key it keeps missing is one a model starts fresh or computes itself.
 * Loaders that report by design (mmcv, fvcore, transformers…) are not this: their reports stay lenient.
 */
export declare function torchRepr(report: ErrorReport): boolean;
/**
 * Whether the keys of a torch repr show the lenient reading: the drops are not needed, the kept-missing start fresh.
 * Read below the module both sides share (a LightningModule's `model.`): a head or projector is the network's.
 */
export declare function keysShowLenient(leftover: readonly string[], unmapped: readonly string[]): boolean;
