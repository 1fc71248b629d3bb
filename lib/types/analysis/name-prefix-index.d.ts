/**
 * Items grouped by the first one and the first two dot segments of their names, kept up to date as
 * names change: the items an op anchored on a literal start (`^blocks\.3\.m\.`, a `strip_prefix`) can
 * concern, without testing every name. A plan that regroups a flat list block by block has an op per
 * block; testing every key for every op made those plans quadratic in the keys (levit, SD UNet at
 * depth). Only whole segments are indexed, so a literal without a dot (`^blocks`) finds no group and
 * the caller scans everything, as before.
 */
export declare class NamePrefixIndex<T> {
    private readonly one;
    private readonly two;
    /**
     * The groups the last added name went to, with their prefixes: names added in order share them with
     * the name before (`blocks.3.attn.q.weight`, `blocks.3.attn.q.bias`), so those are found by comparing,
     * not by slicing each prefix out and hashing it (the index is built over every key at 100,000 keys)
     */
    private lastOne;
    private lastTwo;
    add(item: T, name: string): void;
    delete(item: T, name: string): void;
    /**
     * A snapshot of every item whose name may start with `literal` (a superset: the caller still tests
     * each), or null when the literal holds no whole segment and any item may.
     */
    candidates(literal: string): T[] | null;
}
