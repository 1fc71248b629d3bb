/**
 * A fused q/k/v tensor RENAMED whole into another model's fused tensor keeps its rows in the order the
 * first model stores them. Where the two models lay the rows out alike the rename is all there is;
 * where they do not (Megatron's `query_key_value` holds them per head, GPT-2's `c_attn` q, then k, then
 * v), the rename loads strict=True with every attention weight scrambled (issue 11). The public
 * converters reorder: transformers' convert_megatron_gpt2_checkpoint.py fix_query_key_value_ordering
 * views the rows per head and swaps the head and q/k/v dims; convert_phi_weights_to_hf.py does the same
 * for MixFormer's `Wqkv`.
 *
 * The layouts, as data (fused-layouts.ts): names whose rows are q, k, v consecutive in every model that
 * uses them, and names laid out per query group (Megatron's, GPT-NeoX's, BLOOM's, Falcon's
 * `query_key_value`, InternLM2's `wqkv`), whose groups are known only from Megatron's saved args
 * (megatron-qkv.ts). A rename between two fused names whose layouts are known and differ is made with a
 * reorder (reshape to [groups, 3, rows], swap the two dims, flatten back: existing plan ops); a rename
 * where either layout is unknown is withdrawn and listed with why (fail closed). A tensor keeping its
 * name keeps its layout, unless both sides' args say otherwise.
 */
import type { PlanOp } from '../op-vocabulary.js';
import { type MegatronArgs, type QkvLayout } from './megatron-qkv.js';
import type { Ambiguity } from './types.js';
/** How the evidence of a reorder's ops begins (causes.ts says the three ops as one finding) */
export declare const REORDERED_QKV = "fused q/k/v rows reordered";
/** A rename to reorder: the rows' layout on each side (grouped ones with equal q, k, v parts), and the fused dim's size. */
export interface QkvReorder {
    from: QkvLayout | null;
    to: QkvLayout | null;
    rows: number;
    why: string;
}
/**
 * The renames (`goals`: source → model key) between fused q/k/v tensors checked against both sides'
 * layouts: those to reorder (`reorders`, by source) and those withdrawn with why. Renames whose layouts
 * agree, or that keep their name with nothing saying otherwise, are left alone.
 */
export declare function checkQkvRenames(goals: ReadonlyMap<string, string>, sourceArgs: MegatronArgs | null, targetArgs: MegatronArgs | null, shapeOf: (source: string) => readonly number[] | null): {
    reorders: Map<string, QkvReorder>;
    withdrawn: Ambiguity[];
};
/**
 * The ops that reorder the rows of tensors named `names` (as named at that point, all of `shape`, their
 * fused dim the one of size `r.rows`): to q, k, v consecutive (view [groups, 3, rows], swap), then to
 * the target's groups (view [3, groups, rows], swap), each flattened back. One op per step for keys a
 * regex can name among `namesNow` exactly (every layer's), else per key.
 */
export declare function reorderOps(names: readonly string[], shape: readonly number[], r: QkvReorder, namesNow: readonly string[], confidence: number | undefined): PlanOp[];
/** A regex naming exactly `names` among `namesNow` (their numeric segments as captures), or null. */
export declare function patternFor(names: readonly string[], namesNow: readonly string[]): string | null;
