/**
 * Step 6a: the global prefix ops (strip_prefix / add_prefix) that bring the most mapped keys closer to
 * their targets, found greedily. An op is taken only if it breaks no key that is already right and
 * makes no two keys collide; `strip_prefix` touches only keys that start with the prefix, so a
 * `module.` on part of the keys is still one op. What is left is for regex renames.
 */
import type { PlanOp } from '../op-vocabulary.js';
/**
 * Segments outside the common head and tail: how far a name is from its target. On segment arrays,
 * the plain definition; the ops are chosen with rename-ops' nameDistance, the same on the strings
 * (a test holds them equal).
 */
export declare function segmentDistance(name: string, target: string): number;
type PrefixOp = Extract<PlanOp, {
    op: 'strip_prefix' | 'add_prefix';
}>;
export interface PrefixOpsResult {
    ops: PrefixOp[];
    /** per op, the source keys it renamed */
    covers: string[][];
    /** every source key's name after the ops */
    current: SourceNames;
}
/**
 * Every source key's name after the prefix ops, by the key's number: its place among the sources. A map
 * of every key to its name (1,000,000 entries at scale) was built for the few keys looked up by name and
 * the pass over every pair; keys are found by number here, through `numberOf` where the caller has one
 * (the sides' positions), else through a map made on the first look-up by name.
 */
export declare class SourceNames {
    private readonly sources;
    /** the names, indexed like `sources` */
    readonly names: readonly string[];
    private readonly numberOf?;
    private byName;
    constructor(sources: readonly string[], 
    /** the names, indexed like `sources` */
    names: readonly string[], numberOf?: ((key: string) => number | undefined) | undefined);
    /** the source key's name now, or undefined when it is no source key */
    get(key: string): string | undefined;
    has(key: string): boolean;
    /** the names in the sources' order */
    values(): IterableIterator<string>;
    private indexOf;
}
/** sources: all source keys, each once; goals: source → target for the keys that are mapped. */
export declare function findPrefixOps(sources: readonly string[], goals: ReadonlyMap<string, string>, 
/** which prefix ops may be used at all (partial key sets: only scoped ones) */
allow?: (op: PrefixOp) => boolean, 
/**
 * partial key sets (an error text alone): a prefix taken as a wrapper's must give a model name for some
 * key it moves — the key itself, or its goal's first module (DeBERTa's `lm_predictions.lm_head.dense.weight`
 * for `cls.predictions.transform.dense.weight`: neither `lm_predictions.` nor then `lm_head.` is a
 * wrapper, stripping them gives `dense.weight`, no model key; renames say it)
 */
wrapperMustLand?: boolean, 
/** a source key's place among `sources`, or undefined for no source key, where the caller knows it without a map */
numberOf?: (key: string) => number | undefined): PrefixOpsResult;
export {};
