/**
 * A residual block's projection shortcut, by the names the codebases that build it give it. Its parts say
 * which block design the weights belong to: a checkpoint whose blocks hold one design's shortcut, loaded
 * into a model whose same blocks hold another design's with other parts, is another network (post- against
 * pre-activation blocks), not the same weights under other names: pairing its layers by structure would load
 * a convolution where a normalisation sits, or leave one of them random. Pure: no I/O.
 */
import type { ErrorReport } from '../formats/error-text.js';
import type { Cause } from './infer/causes.js';
/**
 * In a block the text lists on both sides, the checkpoint's shortcut is one design's and the model's another's
 * with other parts (torchvision's conv + BatchNorm `downsample` against Wide ResNet's bare `convShortcut`:
 * BayesWatch/pytorch-prunes#5, ImageNet ResNet weights into blocks copied from a WRN): the checkpoint is of
 * another block design; no key edit loads it.
 */
export declare function shortcutBuiltOtherwise(report: ErrorReport): Cause | null;
