import type { ErrorReport } from '../formats/error-text.js';
import { bufferRule, HEAD_MODULE, isCounter } from './key-roles.js';
import { MODULE_LEAF_ROWS } from '../formats/module-leaves.js';
import { leafOf, modulePrefixOf, sharedHolder } from './key-tokens.js';

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
export function torchRepr(report: ErrorReport): boolean {
  return report.kind === 'incompatible_keys' && (report.families ?? []).every((f) => f === 'torch');
}

/**
 * A module only a pretraining objective uses (a SimCLR/BYOL/MoCo `projector`, SwAV's `prototypes`): a
 * fine-tune or a downstream backbone leaves it behind by design.
 */
const PRETRAINING_ONLY = /^(?:projector|projection_head|prototypes)(?:\.|$)/;

/** The model's final norm before its classifier (`norm`, timm's `fc_norm`): a backbone cut below the head has none. */
const FINAL_NORM = /^(?:norm|fc_norm)\.(?:weight|bias)$/;

const inHead = (k: string) => HEAD_MODULE.test(modulePrefixOf(k) || k);

/** Keys the model does not need: a head, a pretraining-only module, a buffer, or the final norm beside a head listed with it. */
function droppable(keys: readonly string[]): boolean {
  const head = keys.some(inHead);
  return keys.every((k) => inHead(k) || PRETRAINING_ONLY.test(k) || bufferRule(k) !== null || (head && FINAL_NORM.test(k)));
}

/** `weight`, `bias` and BatchNorm's statistics: what every layer of a body has. */
const LAYER_LEAF = new RegExp(`^(?:${MODULE_LEAF_ROWS.filter((r) => r.kind !== 'counter').map((r) => r.leaf).join('|')})$`);

/**
 * Keys a model starts fresh or computes itself: a head, a buffer, or a tensor of its own that is no layer's
 * weight (`pos_embed`, a `logvar`, `category_tokens.CLS_x`, a method's per-layer `target_output`). Such a
 * tensor recurring in numbered blocks may be a code version's (ipr-gan-3's watermark `network.N.bitmask`,
 * strict) as well as a method's buffers set up after the load (Key-Locked-18's, a strict=False print): the
 * keys do not tell these apart, and the load that printed the repr already left them at their initial values.
 */
function freshInModel(keys: readonly string[]): boolean {
  return keys.every((k) => inHead(k) || isCounter(k) || bufferRule(k) !== null || !LAYER_LEAF.test(leafOf(k)));
}

/**
 * Whether the keys of a torch repr show the lenient reading: the drops are not needed, the kept-missing start fresh.
 * Read below the module both sides share (a LightningModule's `model.`): a head or projector is the network's.
 */
export function keysShowLenient(leftover: readonly string[], unmapped: readonly string[]): boolean {
  const holder = sharedHolder(leftover, unmapped);
  const below = (keys: readonly string[]) => keys.map((k) => k.slice(holder.length));
  return droppable(below(leftover)) && freshInModel(below(unmapped));
}
