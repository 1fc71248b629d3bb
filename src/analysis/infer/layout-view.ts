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

const KERNEL = /(^|\.)kernel$/;

function leafless(key: string): string {
  return key.slice(0, key.lastIndexOf('.') + 1);
}

/** the source entries with PyTorch-layout shapes for their kernels, or null when none is a kernel */
export function pytorchLayoutView(source: readonly KeyEntry[], target: readonly KeyEntry[]): KeyEntry[] | null {
  if (!source.some((e) => KERNEL.test(e.key) && e.shape && e.shape.length >= 2)) return null;
  const targetShapes = new Set(target.map((e) => (e.shape ? e.shape.join('x') : '')));
  const has = (s: readonly number[]) => targetShapes.has(s.join('x'));
  // modules whose kernel is per head: their [H, Dh] bias is viewed flat too
  const perHead = new Set<string>();
  const viewOf = (shape: readonly number[]): number[] | null => {
    if (shape.length === 2) return [shape[1]!, shape[0]!];
    if (shape.length === 4) return [shape[3]!, shape[2]!, shape[0]!, shape[1]!];
    if (shape.length !== 3) return null;
    const [a, b, c] = shape as [number, number, number];
    const options = [
      [b * c, a], // q / k / v: [D, H, Dh] → [H·Dh, D]
      [c, a * b], // output: [H, Dh, D] → [D, H·Dh]
      [c, b, a], // conv1d: [k, I, O] → [O, I, k]
    ];
    return options.find(has) ?? null;
  };
  const out = source.map((e) => {
    if (!KERNEL.test(e.key) || !e.shape || e.shape.length < 2) return e;
    const shape = viewOf(e.shape);
    if (!shape) return e;
    if (e.shape.length === 3 && shape.length === 2) perHead.add(leafless(e.key));
    return { ...e, shape };
  });
  return out.map((e) =>
    e.shape && e.shape.length === 2 && /(^|\.)bias$/.test(e.key) && perHead.has(leafless(e.key)) ? { ...e, shape: [e.shape[0]! * e.shape[1]!] } : e,
  );
}
