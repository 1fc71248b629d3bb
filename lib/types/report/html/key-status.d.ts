/**
 * Each side's keys with a status, from the `--json` object alone (the side's key list only lends
 * order and shapes), computed when the page is written so that the page draws its first screen without
 * parsing the 12 MB a 100,000-key mapping takes (the JSON is embedded too, and parsed after). The first
 * status a key is given wins, so the calls run from the most specific fact (a shape mismatch) to the
 * least (matched). Keys the JSON names beyond a side's list are appended; keys it does not name are
 * left out. `partners` links a key to its counterpart(s) on the other side; `rules` lists the plan
 * ops that act on it.
 */
export interface KeyStatusSide {
    keys: string[];
    /** per key, its index in STATUSES */
    st: number[];
    /** per key, its index in the side's shape table, -1 when unknown */
    shapes: number[];
    /** per key, the positions of its counterparts on the other side (empty: none) */
    partners: number[][];
    /** per key, the plan ops acting on it (ascending), or null */
    rules: (number[] | null)[];
}
export interface SideInput {
    keys: readonly string[];
    shapes: readonly number[];
}
/**
 * `opKeys[r]`: the positions in source.keys of the keys op r acts on. Returns both sides and opKeys
 * again as positions in the returned source keys.
 */
export declare function keyStatuses(command: string, json: any, source: SideInput, expected: SideInput, opKeys: readonly number[][]): {
    sides: [KeyStatusSide, KeyStatusSide];
    opKeys: number[][];
};
