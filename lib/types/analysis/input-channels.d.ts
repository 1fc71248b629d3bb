/**
 * A model's input layer built for another number of input channels than its pretrained weights:
 * the first convolution's weight (`conv_in`, `conv1`, `patch_embed.proj`, … : key-roles.ts
 * STEM_MODULE) differs in its second dimension only ([out, in, k, k]: 4 channels in the checkpoint, 9
 * in the model). That is a model given more (or fewer) inputs than the network it starts from: Stable
 * Diffusion's UNet widened to 9 channels for inpainting (latents + mask + masked-image latents) or 8
 * for InstructPix2Pix, a depth or RGB-D channel added to an ImageNet backbone, a grayscale input.
 *
 * When a library loader reports it and went on (transformers' and diffusers' "newly initialized
 * because the shapes did not match", ignore_mismatched_sizes / low_cpu_mem_usage=False), the loader
 * has already re-initialised that layer on purpose: leaving the checkpoint's tensor out is what the
 * load did, and the new input layer is trained. Widening instead (copy the trained channels, zero the
 * new ones) keeps more, as the diffusers inpainting and InstructPix2Pix training scripts do; neither
 * is a rename. A strict torch error with the same shapes is left to the other findings (the model may
 * simply be built with the wrong in_channels).
 *
 * Backing: tencent-ailab/PCDMs#6 (conv_in [320, 4, 3, 3] → [320, 9, 3, 3], the maintainer: it concerns
 * the initial weights and the code goes on); diffusers train_instruct_pix2pix.py (conv_in widened from
 * 4 to 8 input channels, the new ones zero-initialised); Stable Diffusion inpainting's 9-channel UNet.
 *
 * Pure: no I/O.
 */
import type { ReportedSizeMismatch } from '../formats/error-text.js';
/** The input layer's weight of a convolution whose shapes differ in the input channels alone. */
export declare function inputChannelsOnly(m: ReportedSizeMismatch): boolean;
export declare function inputChannelsReason(m: ReportedSizeMismatch): string;
