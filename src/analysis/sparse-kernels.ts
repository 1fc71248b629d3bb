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

export const KERNEL_LAYOUTS: readonly KernelLayout[] = [
  { name: 'spconv 1.x RSCK [k…, in, out]', order: ['k', 'in', 'out'] },
  { name: 'spconv 2.x native RSKC [k…, out, in]', order: ['k', 'out', 'in'] },
  { name: 'spconv 2.x implicit-gemm KRSC [out, k…, in]', order: ['out', 'k', 'in'] },
  { name: 'torch.nn.Conv dense [out, in, k…]', order: ['out', 'in', 'k'] },
  // a transposed convolution's dense weight: with as many in as out channels it fits wherever the row above does,
  // with the channels the other way round, so such a kernel gets no conversion (in and out cannot be told apart)
  { name: 'torch.nn.ConvTranspose dense [in, out, k…]', order: ['in', 'out', 'k'] },
];

/**
 * The largest spatial kernel size read as one: sparse-convolution networks use 1 to 7 (SECOND's and CenterPoint's
 * 3×3×3, VoxelNeXt's 1×1 heads, MinkUNet's 2–5, 7 in large-kernel variants). A reading that puts a channel count
 * of 32 on a spatial axis is no kernel; a network of larger kernels gets no conversion (the blocker's words say so).
 */
const MAX_KERNEL_SIZE = 7;

/** The labelled axes of a layout at a rank: `out`, `in`, `k0`, `k1`, … in storage order. */
function axes(layout: KernelLayout, rank: number): string[] {
  return layout.order.flatMap((a) => (a === 'k' ? Array.from({ length: rank - 2 }, (_, i) => `k${i}`) : [a]));
}

/** The permutation (output dim i is input dim dims[i]) from one layout to another at a rank. */
function permutation(from: KernelLayout, to: KernelLayout, rank: number): number[] {
  const src = axes(from, rank);
  return axes(to, rank).map((a) => src.indexOf(a));
}

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
export function kernelConversion(lines: readonly ReportedSizeMismatch[]): KernelConversion | null {
  if (lines.length === 0) return null;
  const rank = lines[0]!.source.length;
  if (rank < 3 || lines.some((m) => m.source.length !== rank || m.expected.length !== rank)) return null;
  const fits: KernelConversion[] = [];
  for (const from of KERNEL_LAYOUTS) {
    for (const to of KERNEL_LAYOUTS) {
      if (from === to) continue;
      const dims = permutation(from, to, rank);
      const spatial = axes(from, rank).flatMap((a, i) => (a.startsWith('k') ? [i] : []));
      const fit = (m: ReportedSizeMismatch) => dims.every((d, i) => m.source[d] === m.expected[i]) && spatial.every((i) => m.source[i]! <= MAX_KERNEL_SIZE);
      if (lines.every(fit)) fits.push({ from: from.name, to: to.name, dims });
    }
  }
  const perms = new Set(fits.map((f) => f.dims.join()));
  return perms.size === 1 && fits.length === 1 ? fits[0]! : null;
}
