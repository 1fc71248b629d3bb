import type { TensorFix } from './tensor-ops.js';
import type { Located } from './types.js';
/** GPT-2's Conv1D modules (`attn.c_attn`, `mlp.c_fc`, `c_proj`): their names say the weights are stored [in, out] */
export declare const CONV1D_WEIGHT: RegExp;
/** The words a weight whose layout class one side cannot say is listed with (explain.ts). */
export declare const CLASS_LAYOUT_UNKNOWN = "values unverified: transpose? a square weight named as GPT-2 names its Conv1D layers (stored [in, out]) against a module recorded as a Linear ([out, in]); its shape reads the same both ways and the other side records no module class, so it loads as stored, which may be transposed: give a manifest of the checkpoint's model (python/sdmatch_manifest.py module \u2026), which records its classes";
export interface ClassLayouts {
    /** transposes both sides' classes call for */
    fixes: TensorFix[];
    /** source keys whose layout one side's class and the other's name leave open */
    undecided: string[];
    /**
     * source keys whose transpose was guessed from other weights (below CONFIDENCE.transposeByClass) while only one side
     * records the module's class, with the words they are listed with: one side's class says how that side stores the
     * weight, not whether the other stored it otherwise, and the guess is no more evidence than it was (s19-verify V2: a
     * Linear on both sides, recorded on one, was transposed at 0.60). Withdrawn: loaded as stored, listed, said what decides.
     */
    oneSided: Map<string, string>;
    /**
     * source keys both sides' classes store alike: a transpose guessed from other weights (or a layout left open)
     * is ruled out, the classes decide it (s19-verify: a Linear recorded on both sides was transposed at 0.60)
     */
    sameLayout: string[];
}
/**
 * The square 2-d weights paired (`goals`) and not already fixed whose module classes differ in layout.
 * Non-square ones need nothing from here: their shapes show the transpose.
 */
export declare function classLayoutFixes(goals: ReadonlyMap<string, string>, fixes: readonly TensorFix[], source: ReadonlyMap<string, Located>, target: ReadonlyMap<string, Located>, sourceModules: ReadonlyMap<string, string> | null, targetModules: ReadonlyMap<string, string> | null): ClassLayouts;
