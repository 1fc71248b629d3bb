/**
 * Long key lists made readable: numeric runs collapse (`layers.[0-11].attn.qkv.weight`, with gaps
 * `[0-3,5,7-9]`) and sibling leaves share a line (`bn1.{weight,bias,running_mean}`). Every pattern is an
 * exact cross product of what it shows, so it stands for precisely the keys listed under it.
 * Groups keep the order in which their first key appears, which keeps a module's keys together.
 */
export interface GroupedKey {
    /** what to print: a key, or a pattern such as `layers.[0-11].attn.{q_proj,k_proj}.weight` */
    pattern: string;
    /** the first segment of the keys (their top-level module), for headings */
    module: string;
    /** the keys the pattern stands for, in input order */
    keys: string[];
}
/** `[0,1,2,3,5,7,8,9]` → `[0-3,5,7-9]`; a single value prints bare; runs of two as `a,b`. */
export declare function formatIndexSet(values: readonly number[]): string;
export declare function groupKeys(keys: readonly string[]): GroupedKey[];
export interface RenderOptions {
    /** at most this many lines; the rest is summarised in a final line */
    maxLines?: number;
    /** append `(N keys)` to patterns that stand for more than one key */
    counts?: boolean;
}
/** The groups as lines of text, for the terminal report. */
export declare function renderGroups(groups: readonly GroupedKey[], opts?: RenderOptions): string[];
