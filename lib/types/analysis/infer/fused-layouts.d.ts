/**
 * How a fused q/k/v tensor lays out its rows, by the name of the module that holds it: one table for every
 * direction (a split of the whole, a join into it, a rename of one fused name into another). The rows are
 * the same elements in every layout, so a strict load passes whichever order a plan writes; only the
 * convention says which order the model reads (review 26 F3: q, k, v joined plainly into GPT-NeoX's
 * `query_key_value` loaded "verified" with every row scrambled).
 *
 * - `plain`: q, then k, then v, one block each.
 * - `per-group`: per query group g (per head without grouped-query attention), that group's query heads,
 *   then its k head, then its v head: [groups, (heads/groups + 2) · head_dim]. Where the model has one
 *   key/value head (multi-query) this is the plain layout; the head counts are not in a state dict, so the
 *   layout is known only from the model's config (`--heads H/KV`) or Megatron's saved args (megatron-qkv.ts,
 *   whose checkpoint versions 0 and 1 lay `query_key_value` out otherwise: only their args decide those).
 * A fused name in no row has no known layout: nothing here claims one for it.
 */
import type { RopeHeads } from './rope-renames.js';
import type { QkvLayout } from './megatron-qkv.js';
export type RowLayout = 'plain' | 'per-group';
export interface FusedQkvName {
    /** the module's name (the segment before `.weight`/`.bias`), or the leaf's stem (`in_proj` of nn.MultiheadAttention's `in_proj_weight`) */
    name: string;
    layout: RowLayout;
    /** whose convention, and the code (file, function) that reads the rows so */
    source: string;
}
export declare const FUSED_QKV_NAMES: readonly FusedQkvName[];
/** The fused q/k/v row of `key` (its module's name, or `in_proj` of `in_proj_weight`/`in_proj_bias`); undefined: no fused q/k/v name. */
export declare function fusedQkvRow(key: string): FusedQkvName | undefined;
/** Whether `key` is a fused q/k/v tensor laid out per query group (by its name's convention). */
export declare const perGroupQkv: (key: string) => boolean;
/**
 * A per-group layout from the model's head counts (`--heads H` or `H/KV`) and the rows of q, k and v
 * (`parts`, a join's) or of the whole (`rows`, a split's, where without KV the heads are the groups).
 * Null where the counts do not divide the rows as the layout needs: nothing is assumed then.
 */
export declare function headsQkvLayout(h: RopeHeads, key: string, sizes: {
    parts: readonly [number, number, number];
} | {
    rows: number;
}): QkvLayout | null;
