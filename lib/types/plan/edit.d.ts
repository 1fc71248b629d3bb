import { type MappingValue } from '../analysis/op-keys.js';
import type { PlanOp } from '../analysis/op-vocabulary.js';
import type { KeyEntry } from '../formats/keys.js';
import type { Plan } from './types.js';
export interface PlanEdits {
    /** regexes: keys (as the ops leave them) to drop */
    drop: string[];
    /** regexes: target keys the model initialises itself (a new head), left missing on purpose */
    keepMissing: string[];
    /** `FROM=TO`: rename the first match of regex FROM to TO (`$1` for a group) */
    rename: {
        from: string;
        to: string;
    }[];
    /** `TARGET=SOURCE`: store the tensor SOURCE also as TARGET (a tied weight) */
    tie: {
        target: string;
        source: string;
    }[];
}
export declare const NO_EDITS: PlanEdits;
export declare function hasEdits(e: PlanEdits): boolean;
/** `FROM=TO` split at the first `=` that is not part of the regex (a `\=` stays in FROM). */
export declare function splitPair(option: string, text: string, left: string, right: string): [string, string];
/** The edits checked up front: every regex in the plan dialect, every replacement's groups present. */
export declare function checkEdits(e: PlanEdits): void;
/**
 * `--drop` patterns the plan already carries out: they match no key the plan's ops leave, but they match a
 * key the plan drops (by its file name, or by the name the plan's renames give it). The user's intent holds,
 * so such a drop is not an error ("matches no key") and adds no op.
 */
export declare function dropsAlreadyDone(ops: readonly PlanOp[], source: readonly KeyEntry[], drops: readonly string[]): string[];
/** The plan's ops with the edits appended: renames, ties, drops. */
/** The ops of `--rename` edits, in their order. */
export declare function renameEditOps(renames: PlanEdits['rename']): PlanOp[];
export declare function editOps(ops: readonly PlanOp[], e: PlanEdits): PlanOp[];
/** The final names the mapping gives, in source order, each once. */
export declare function producedNames(mapping: Record<string, MappingValue>): string[];
/**
 * The target's key set as the plan records it: what it produces less what the target does not expect,
 * plus what stays missing. A plan written before `unexpected` existed records it only when nothing was
 * unexpected, which its counts then show; otherwise null.
 */
export declare function targetKeysOf(plan: Plan): Set<string> | null;
export interface Derived {
    mapping: Record<string, MappingValue>;
    unmapped: string[];
    unexpected: string[];
    errors: string[];
}
/** What the ops do to the source keys, against the target's key set: the parts of a plan derived from its ops. */
export declare function deriveFromOps(ops: readonly PlanOp[], source: readonly KeyEntry[], target: ReadonlySet<string>, targetOrder?: readonly string[]): Derived;
/** Target keys the patterns declare as kept missing. */
export declare function keptMissingBy(patterns: readonly string[], keys: readonly string[]): string[];
/** A `--keep-missing` pattern that matches no key the plan leaves missing is a mistake worth saying. */
export declare function checkDeclaredMissing(file: string, patterns: readonly string[], unmapped: readonly string[]): void;
/** `plan edit --select PATH`: another state dict of the plan's source file, read again (with shapes). */
export interface Reselected {
    select: (string | number)[];
    entries: KeyEntry[];
}
/**
 * `sdmatch plan edit`: the edits applied to a plan file, its derived parts recomputed over the source
 * keys it records (its mapping's keys) — or, with `--select`, over the keys of another state dict of
 * its source file, whose key set it then records — and re-validated. An op that matches nothing, a collision, or a
 * `--keep-missing` that matches no missing key is an error naming the plan file.
 */
export declare function editPlan(plan: Plan, planFile: string, e: PlanEdits, reselected?: Reselected | null): Plan;
