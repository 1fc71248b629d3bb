export interface GroupedKey {
    /** what to print: a key, or a pattern such as `layers.[0-11].attn.{q_proj,k_proj}.weight` */
    pattern: string;
    /** the first segment of the keys (their top-level module), for headings */
    module: string;
    /** the keys the pattern stands for, in input order */
    keys: string[];
}
/** `[0,1,2,3,5,7,8,9]` → `{0..3,5,7..9}`; a single value prints bare; runs of two as `a,b`. */
export declare function formatIndexSet(values: readonly number[]): string;
export declare function groupKeys(keys: readonly string[]): GroupedKey[];
export interface RenameLike {
    from: string;
    to: string;
}
export interface GroupedRename<R extends RenameLike> {
    /** `blocks.{0..11}.attn.q.weight`, or the one key */
    from: string;
    /** `layers.{0..11}.self_attn.q_proj.weight`, with the same numbers in the same slots */
    to: string;
    /** the renames it stands for, in input order */
    renames: R[];
}
/**
 * Renames grouped by the template that produced them: pairs whose names differ in the same way, and whose
 * numbers differ by the same offset in each slot (none, or a renumbering such as `blocks.{i}` →
 * `layers.{i-1}`), collapse into one `from → to` line. The sets in a slot correspond in order
 * (`blocks.{3..11}` → `layers.{2..10}`), so every line reads as exactly the renames it stands for; a pair
 * whose numbers move otherwise (`blocks.{i}` → `stages.{i//3}`) stands alone.
 */
export declare function groupRenames<R extends RenameLike>(renames: readonly R[]): GroupedRename<R>[];
export interface RenderOptions {
    /** at most this many lines; the rest is summarised in a final line */
    maxLines?: number;
    /** append `(N keys)` to patterns that stand for more than one key */
    counts?: boolean;
}
/** The groups as lines of text, for the terminal report. */
export declare function renderGroups(groups: readonly GroupedKey[], opts?: RenderOptions): string[];
