/**
 * Executes a plan's ops over key names (never tensor bytes): the mapping the ops produce, how each
 * output tensor is built from source tensors (for `apply`), the shapes that result when shapes are
 * known, and every inconsistency (an op matching nothing, a split whose sizes do not add up, two
 * sources landing on one key).
 *
 * Ops see keys as earlier ops left them. split, concat, transpose and reshape name one exact key (a
 * concat: exact keys) or every key a regex matches at that point (`pattern`).
 * A split whose sizes are all 1 removes the split dimension (unbind: stacked experts → one per expert).
 *
 * simulateNames (at the end) is the lenient form plan inference uses on candidate ops: names only,
 * ops that fail are skipped rather than reported.
 */
import type { KeyEntry } from '../formats/keys.js';
import { type PlanOp } from './op-vocabulary.js';
/**
 * How one output tensor is made from source tensors. Recipes nest: the `of`/`parts` are built first.
 * - source: the source tensor as stored.
 * - transpose: `of` with its dims permuted (output dim i is input dim dims[i]); bytes move.
 * - reshape: `of`'s elements in the same row-major order, viewed with `shape` (same numel, checked
 *   here when shapes are known; null only for a trailing-ones reshape of a tensor of unknown shape,
 *   which names keys but is never materialized)
 *   here when shapes are known). Of a contiguous tensor — a `source`, or anything `apply` has just
 *   materialized — it is only a metadata change: new sizes, contiguous strides, same storage and
 *   offset; no byte is read or written. Only a non-contiguous input (a transpose not yet
 *   materialized) needs its bytes laid out first.
 * - split: the slice [start, start + size) of `of` along `dim`; `squeeze` drops that dim (size 1).
 * - concat: `parts` joined along `dim`, in order.
 */
export type Recipe = {
    kind: 'source';
    key: string;
} | {
    kind: 'transpose';
    of: Recipe;
    dims: number[];
} | {
    kind: 'reshape';
    of: Recipe;
    shape: number[] | null;
} | {
    kind: 'split';
    of: Recipe;
    dim: number;
    start: number;
    size: number;
    squeeze: boolean;
} | {
    kind: 'concat';
    parts: Recipe[];
    dim: number; /** built by a stack op (each part given a new dim): said "stacked", not "concatenated" */
    stacked?: true;
};
export interface OutputTensor {
    key: string;
    recipe: Recipe;
    /** resulting shape when the source shapes are known */
    shape: number[] | null;
    /** original source keys it is made from */
    sources: string[];
}
export type MappingValue = string | string[] | null;
export interface KeyMappingResult {
    /** every source key → final key, final keys (split) or null (dropped) */
    mapping: Record<string, MappingValue>;
    /** final key → permutation applied by a transpose op */
    transposed: Map<string, number[]>;
    /** output tensors in the order they come out */
    outputs: OutputTensor[];
    errors: string[];
}
export declare function applyOpsToKeys(ops: readonly PlanOp[], sourceKeys: readonly KeyEntry[]): KeyMappingResult;
/**
 * The output tensors of applyOpsToKeys(ops, sourceKeys), in the same order, without the mapping, the
 * transposes and the errors it also builds (a mapping entry and a list per source key): what a check of
 * the shapes after the ops reads.
 */
export declare function outputsOfOps(ops: readonly PlanOp[], sourceKeys: readonly KeyEntry[]): OutputTensor[];
/**
 * outputsOfOps's tensors one at a time, in the same order, with no object made per tensor: a check of
 * the shapes after the ops reads each once (100,000 tensors at scale). For callers whose source keys
 * are distinct (not checked here: no set of every key) that only read: a source's shape is the entry's
 * own, not a copy.
 */
export declare function visitOutputs(ops: readonly PlanOp[], sourceKeys: readonly KeyEntry[], visit: (key: string, shape: readonly number[] | null, sources: readonly string[]) => void, 
/**
 * what the first `done` ops, all name ops, already named the keys (beside `sourceKeys`: a name, or
 * null when dropped), as plan inference's simulation found: those ops are not run again. Name ops
 * change no shape, so the run continues from there exactly as if it had run them.
 */
start?: {
    done: number;
    names: readonly MappingValue[];
}): void;
/**
 * The names ops give source keys (transpose/reshape/split/concat included, tensors not): source key → final
 * name, final names (split) or null (dropped). The same execution as applyOpsToKeys, shapes unknown;
 * ops that fail to apply are skipped here (applyOpsToKeys reports them, for plans).
 */
export declare function simulateNames(ops: readonly PlanOp[], sources: readonly string[]): Map<string, MappingValue>;
/**
 * What NameSimulation names the source keys: `values[i]` is what `keys[i]` is named (a name, names after
 * a split, or null: dropped), arrays beside each other instead of a map of every key per read (plan
 * inference reads the names five times a plan; at 1,000,000 keys a map each time).
 */
export declare class SimulatedNames {
    /** the source keys, each once, in order */
    readonly keys: readonly string[];
    readonly values: readonly MappingValue[];
    private readonly indexOf;
    constructor(
    /** the source keys, each once, in order */
    keys: readonly string[], values: readonly MappingValue[], indexOf: (key: string) => number | undefined);
    /** What `key` is named, undefined when it is no source key. */
    get(key: string): MappingValue | undefined;
    /** As a map, source key → name(s) (simulateNames's form). */
    toMap(): Map<string, MappingValue>;
}
/**
 * simulateNames for a plan that grows: each call names the keys after `ops`, running only the ops added
 * since the last call (plan inference asks after the renames, after the tensor ops, after the splits and
 * after the ties: at 100,000 keys each run of the whole plan cost 0.3–1 s). The ops given must extend
 * those given before (checked: else the run starts again). Until an op makes or consumes tensors the
 * keys are names alone (renames, prefixes and drops: most plans), without the recipe and shape a plan's
 * execution carries per key; transposes and reshapes never change a name, so they are not run at all
 * until then, and a read after them alone is the last read.
 */
export declare class NameSimulation {
    /** the source keys, each once, in order (never changed) */
    private readonly keys;
    /** names now of `keys`, while every op run was a name op (or a transpose / reshape); alive: not dropped */
    private named;
    private runner;
    /** the full execution, from the first op that makes or consumes tensors on */
    private exec;
    private given;
    private last;
    /** key → its position in `keys`, built on the first read by key (one map for every read) */
    private positions;
    private readonly indexOf;
    /**
     * `positionOf`: the caller knows the sources are distinct and where each stands among them (plan
     * inference's sides do): no set to find twins and no map of positions is built here, at 1,000,000
     * keys two of the largest structures of a run.
     */
    constructor(sources: readonly string[], positionOf?: (key: string) => number | undefined);
    namesAfter(ops: readonly PlanOp[]): Map<string, MappingValue>;
    /** namesAfter as arrays beside the source keys (SimulatedNames). */
    after(ops: readonly PlanOp[]): SimulatedNames;
    /**
     * Continues from names found otherwise, instead of running `ops` — name ops only, the plan's first ops,
     * none dropping a key — over every key: `names[i]` is what they name the i-th source key, as plan
     * inference's search for them followed each key. Later reads run only the ops after them.
     */
    seed(ops: readonly PlanOp[], names: readonly string[]): SimulatedNames;
    /**
     * seed, for name ops that may drop keys: the i-th source key is `names[i]` after them, or dropped
     * where `dropped[i]` is 1 (its name then as the drop found it: read by nothing, kept as a run would).
     */
    seedDropped(ops: readonly PlanOp[], names: readonly string[], dropped: Uint8Array): SimulatedNames;
    private restart;
}
