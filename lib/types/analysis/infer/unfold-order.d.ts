import type { Ambiguity } from './types.js';
export declare const UNFOLD_ORDER_REASON = "a patch merging's 4C axis converted between OpenMMLab's PatchMerging (nn.Unfold: channel-major, each channel's 2\u00D72 neighbours row by row) and timm's / Swin's / transformers' (the four neighbours concatenated as blocks of C): same name and shape, another element order, so as it is it would load strict=True with the merged channels scrambled; reorder it as OpenMMLab's converters do (swin2mmpretrain.py, swin2mmdet.py: correct_unfold_reduction_order / correct_unfold_norm_order); not paired";
export declare const UNFOLD_ORDER_CARRIED = "a patch merging's 4C axis converted between OpenMMLab's PatchMerging (nn.Unfold: channel-major, each channel's 2\u00D72 neighbours row by row) and timm's / Swin's / transformers' (the four neighbours concatenated as blocks of C): same name and shape, another element order; the plan's ops for its neighbours carry it onto that key as stored, so it loads strict=True with the merged channels scrambled: reorder it as OpenMMLab's converters do (swin2mmpretrain.py, swin2mmdet.py: correct_unfold_reduction_order / correct_unfold_norm_order) before loading";
/** A withdrawn merging tensor the plan's general ops still land on its model key: listed as loaded as stored, with the same why. */
export declare function carriedAsStored(a: Ambiguity): Ambiguity;
/**
 * The merging tensors of `goals` (source → model key) whose 4C axis the two sides order differently: a
 * `reduction` weight [out, 4C] and the `norm` of 4C beside it (weight and bias), each paired with the
 * same part on the other side, where exactly one side is OpenMMLab's. Listed with why; the caller
 * withdraws them.
 */
export declare function unfoldOrderConflicts(goals: ReadonlyMap<string, string>, sourceKeys: Iterable<string>, targetKeys: Iterable<string>, sourceShape: (k: string) => readonly number[] | null): Ambiguity[];
