/**
 * Biases the model expects for layers whose weights loaded: the checkpoint's layers had none. A
 * whole error (not cut) whose every listed key is a missing `X.bias`, with no `X.weight` listed on
 * either side and nothing unexpected, says the weights of those layers loaded under their own names
 * and only their biases have no source: the code that trained the weights built those layers with
 * bias=False (a convolution before a normalisation layer, where a bias is redundant), the model's
 * code builds them with bias=True. A bias of zero computes exactly what a layer without one computes,
 * so keeping the biases missing and setting them to zero (or building the layers with bias=False)
 * loads every trained tensor; left at PyTorch's random init they shift every output.
 *
 * Not "nothing loaded": had the weights not loaded, torch would list them beside the biases.
 * The unexpected side (biases the model lacks) is error-hints.ts strictBiasesWithoutPlace: there a
 * trained bias would be thrown away, so it is a code change, not a drop.
 *
 * Backing: long123524/BsiNet-torch#9 (every conv bias missing, the maintainer: load non-strictly);
 * torch.nn.Conv2d(bias=False) before BatchNorm2d is the ResNet/UNet convention (torchvision
 * resnet.py conv3x3), so the same weights exist with and without the bias parameter.
 *
 * Pure: no I/O.
 */
import type { ErrorReport } from '../formats/error-text.js';
/** The missing biases of layers whose weights loaded, or none (the situation above does not hold). */
export declare function biasesWithoutSource(report: ErrorReport): string[];
export declare const BIAS_FREE_REASON = "a bias the checkpoint's layer never had (its weight loaded, so the layer was trained with bias=False): keep it missing and set it to zero (torch.nn.init.zeros_), which computes what the trained layer computed, or build the layer with bias=False; left at its random initial value it shifts every output";
