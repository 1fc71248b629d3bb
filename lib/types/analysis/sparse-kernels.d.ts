/**
 * Sparse-convolution kernel layouts, as their libraries document them: the same weights stored in another
 * dimension order by another library version. A kernel pair whose shapes one documented pair of layouts (and
 * only one, over every such line of the text) turns into each other has a known permutation: it is the
 * convention, not a guess from sizes, so it holds where in and out channels are equal too.
 *
 * Sources: spconv's README, "Breaking changes in Spconv 2.x": "weight layout has been changed to RSKC (native
 * algorithm) or KRSC (implicit gemm), no longer RSCK (spconv 1.x). RS is kernel size, C is input channel, K is
 * output channel" (https://github.com/traveller59/spconv); mmdet3d's spconv 2 registration converts spconv 1.x
 * checkpoints with `permute(ndim - 1, 0, …, ndim - 2)` ([k…, in, out] → [out, k…, in]); torch.nn.Conv*d weights are
 * [out, in, k…] and torch.nn.ConvTranspose*d weights [in, out, k…] (a dense model's checkpoint given to a sparse one).
 *
 * Pure: no I/O.
 */
import type { ReportedSizeMismatch } from '../formats/error-text.js';
type Axis = 'out' | 'in' | 'k';
interface KernelLayout {
    name: string;
    /** axis order: `k` stands for every spatial axis, in order */
    order: readonly Axis[];
}
export declare const KERNEL_LAYOUTS: readonly KernelLayout[];
export interface KernelConversion {
    from: string;
    to: string;
    dims: number[];
}
/**
 * The one documented layout pair that turns every given kernel's checkpoint shape into its model shape, with
 * its permutation; null when none does, or when pairs of other permutations fit alike (then the shapes decide
 * nothing). Kernels of one rank only.
 */
export declare function kernelConversion(lines: readonly ReportedSizeMismatch[]): KernelConversion | null;
export {};
