/**
 * Stage 0b: the shapes a checkpoint stored in Flax's layout would have in PyTorch's, for pairing only.
 * Flax names every Dense / Conv weight `kernel` and stores it [in, out] (a conv HWIO, an attention
 * DenseGeneral per head: q / k / v [D, H, Dh], output [H, Dh, D], biases [H, Dh]); correspondence
 * compares shapes (subtree signatures, shape classes), so such a checkpoint would align with nothing.
 * Correspond and fuse therefore see each kernel in the shape a torch.nn layer gives it; judging shapes
 * and the ops read the stored shapes again, and layout-fixes.ts decides each tensor's reshape and
 * permutation from the whole checkpoint. A 3-d kernel could be a conv1d's or a per-head one: the view
 * that some key the model expects has is taken, else the tensor is left as stored.
 */
import type { KeyEntry } from '../../formats/keys.js';
/** the source entries with PyTorch-layout shapes for their kernels, or null when none is a kernel or read as one */
export declare function pytorchLayoutView(source: readonly KeyEntry[], target: readonly KeyEntry[]): KeyEntry[] | null;
/**
 * One side's attention parameters kept per head (a q / k / v weight [H, Dh, D], its bias [H, Dh], an output
 * weight [D, H, Dh]), seen merged ([H·Dh, D], [H·Dh], [D, H·Dh]) as the other side holds them, for pairing
 * only (layout-fixes.ts reshapes them). Per parameter name and rank: at least two tensors whose stored
 * shape the other side lacks and whose one merge of neighbouring dims it has, none whose stored shape it
 * has. Null when nothing is read so.
 */
export declare function mergedHeadsView(side: readonly KeyEntry[], other: readonly KeyEntry[]): KeyEntry[] | null;
