/**
 * What the name-changing ops do to one key. This is the single definition of op semantics on names;
 * `src/plan/mapping.ts` builds the full execution (transpose/split/concat, shapes, errors) on it.
 *
 * - strip_prefix: keys starting with the prefix lose it; other keys are untouched.
 * - add_prefix: every key gets the prefix (a prefix on part of the keys is a `rename` with `^`).
 * - rename: the first match of the regex is replaced (`$1` = group 1, `${1+1}` index arithmetic on it);
 *   keys without a match are untouched, and so are keys whose arithmetic has no index to work on.
 * - drop: keys the regex matches are removed.
 * Ops see the keys as earlier ops left them (a pipeline).
 */
import type { PlanOp } from '../plan-ops.js';
export type NameOp = Extract<PlanOp, {
    op: 'strip_prefix' | 'add_prefix' | 'rename' | 'drop';
}>;
/** undefined: the op does not concern this key; null: the key is dropped; string: its new name. */
export type NameStep = (name: string) => string | null | undefined;
export declare function isNameOp(op: PlanOp): op is NameOp;
/** Compile once, apply to many keys. Throws SyntaxError on an invalid regex (validate plans first). */
export declare function compileNameOp(op: NameOp): NameStep;
type SplitOp = Extract<PlanOp, {
    op: 'split';
}>;
type StackOp = Extract<PlanOp, {
    op: 'stack';
}>;
/**
 * A stack's groups among `names`: target → the names stacked into it, ordered by their index, or an
 * error when a group's indices are not 0, 1, …, n−1 (each once).
 */
export declare function stackGroups(op: StackOp, names: Iterable<string>): {
    groups: Map<string, string[]>;
    error: string | null;
};
/**
 * Which names a split cuts and into what: for a split by `key`, that key into `targets`; by `pattern`,
 * every name the regex matches into the targets expanded with its match. Compile once per op.
 */
export declare function compileSplit(op: SplitOp): (name: string) => string[] | null;
/** One-line description of an op for messages: `rename ^layers\.(\d+)\.`. */
export declare function describeOp(op: PlanOp): string;
/**
 * The names ops give source keys (transpose/reshape/split/concat included, tensors not): source key → final
 * name, final names (split) or null (dropped). Ops that fail to apply are skipped here; the plan layer
 * reports them (src/plan/mapping.ts).
 */
export declare function simulateNames(ops: readonly PlanOp[], sources: readonly string[]): Map<string, string | string[] | null>;
export {};
