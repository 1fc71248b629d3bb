/**
 * A Swin-style patch merging (`downsample`: a LayerNorm of 4C and a Linear 4C → 2C named `reduction`) keeps
 * its names and shapes between libraries, but not the order of its 4C axis. timm's, the original Swin's and
 * transformers' PatchMerging concatenate the four 2×2 neighbours as blocks of C (`x0, x1, x2, x3`: rows 0::2
 * / 1::2 within columns 0::2, then 1::2); OpenMMLab's (mmcv.cnn.bricks.transformer.PatchMerging, copied into
 * mmpretrain) samples them with nn.Unfold, channel-major, each channel's four neighbours row by row. The
 * same name and shape then load strict=True with every merged channel scrambled, which is why OpenMMLab's
 * converters reorder the axis (mmpretrain tools/model_converters/swin2mmpretrain.py and
 * mixmim_to_mmpretrain.py, mmdet swin2mmdet.py, mmseg swin2mmseg.py: correct_unfold_reduction_order,
 * correct_unfold_norm_order).
 *
 * Which side is OpenMMLab's is read from a name only its building blocks give: mmcv's FFN stores its two
 * linears as `ffn.layers.0.0` and `ffn.layers.1` (Sequential(Sequential(Linear, act, Dropout), Linear, …)),
 * a nesting no other library's MLP has. A pair of merging tensors between a side with that FFN and a side
 * without is withdrawn and listed with why (fail closed): the plan has no per-tensor op that regroups an
 * axis of every stage's width without one op per width (more than the conversion's rules), so it is not
 * written rather than written wrong. Both sides OpenMMLab's, or neither, the order is the same: left alone.
 */
import { leafOf, moduleNameOf, modulePrefixOf } from '../key-tokens.js';
import type { Ambiguity } from './types.js';

/** mmcv's FFN: its first linear inside a nested Sequential (mmcv/cnn/bricks/transformer.py FFN.layers) */
const OPENMMLAB_FFN = /(?:^|\.)ffn\.layers\.0\.0\.weight$/;

/** The merge's two parameterised parts, by the names every PatchMerging above gives them. */
const REDUCTION = 'reduction';
const NORM = 'norm';
const REDUCTION_WEIGHT = `${REDUCTION}.weight`;

const UNFOLD_ORDER_WHY =
  "a patch merging's 4C axis converted between OpenMMLab's PatchMerging (nn.Unfold: channel-major, each channel's 2×2 neighbours row by row) and timm's / Swin's / transformers' (the four neighbours concatenated as blocks of C): same name and shape, another element order";
const REORDER = "reorder it as OpenMMLab's converters do (swin2mmpretrain.py, swin2mmdet.py: correct_unfold_reduction_order / correct_unfold_norm_order)";
export const UNFOLD_ORDER_REASON = `${UNFOLD_ORDER_WHY}, so as it is it would load strict=True with the merged channels scrambled; ${REORDER}; not paired`;
export const UNFOLD_ORDER_CARRIED = `${UNFOLD_ORDER_WHY}; the plan's ops for its neighbours carry it onto that key as stored, so it loads strict=True with the merged channels scrambled: ${REORDER} before loading`;

/** A withdrawn merging tensor the plan's general ops still land on its model key: listed as loaded as stored, with the same why. */
export function carriedAsStored(a: Ambiguity): Ambiguity {
  return { ...a, reason: UNFOLD_ORDER_CARRIED, loadsAsStored: true };
}

/**
 * The merging tensors of `goals` (source → model key) whose 4C axis the two sides order differently: a
 * `reduction` weight [out, 4C] and the `norm` of 4C beside it (weight and bias), each paired with the
 * same part on the other side, where exactly one side is OpenMMLab's. Listed with why; the caller
 * withdraws them.
 */
export function unfoldOrderConflicts(
  goals: ReadonlyMap<string, string>,
  sourceKeys: Iterable<string>,
  targetKeys: Iterable<string>,
  sourceShape: (k: string) => readonly number[] | null,
): Ambiguity[] {
  // the merges' widths on the source side: module prefix → 4C, read from its reduction weight [out, 4C]
  const merged = new Map<string, number>();
  for (const s of goals.keys()) {
    // (the suffix first: this runs on every pair, a million at scale)
    if (!s.endsWith(REDUCTION_WEIGHT) || moduleNameOf(s) !== REDUCTION) continue;
    const shape = sourceShape(s);
    if (shape?.length === 2 && shape[1]! % 4 === 0) merged.set(modulePrefixOf(modulePrefixOf(s).slice(0, -1)), shape[1]!);
  }
  // (only then both sides' keys are read for mmcv's FFN: no pass over every key of a model without a merging)
  const openmmlab = (keys: Iterable<string>) => {
    for (const k of keys) if (OPENMMLAB_FFN.test(k)) return true;
    return false;
  };
  if (merged.size === 0 || openmmlab(sourceKeys) === openmmlab(targetKeys)) return [];
  const out: Ambiguity[] = [];
  for (const [s, t] of goals) {
    const part = moduleNameOf(s);
    if ((part !== REDUCTION && part !== NORM) || moduleNameOf(t) !== part || leafOf(s) !== leafOf(t)) continue;
    const width = merged.get(modulePrefixOf(modulePrefixOf(s).slice(0, -1)));
    const shape = sourceShape(s);
    if (width === undefined || !shape) continue;
    // the reduction's input axis, or a norm over those same 4C (a norm after the reduction, of its output, keeps its order)
    const along = part === REDUCTION ? (leafOf(s) === 'weight' ? shape[1] : undefined) : shape.length === 1 ? shape[0] : undefined;
    if (along === width) out.push({ keys: [s], candidates: [t], reason: UNFOLD_ORDER_REASON });
  }
  return out;
}
