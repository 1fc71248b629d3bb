/**
 * When the two sides are partial — an error text alone names only the keys that differ — the real
 * checkpoint holds keys inference never saw: those both sides share, which load as they are. An op
 * general enough to reach them would break them (`drop (^|\.)weight$` generalised over `shared.weight`
 * and `lm_head.weight` drops every weight of the real checkpoint). So in that mode every op is
 * either exact (it names the keys it acts on) or scoped: anchored at the start of the key on a module
 * path the error shows only on the checkpoint's side (`^world_classifier\.`, `module.`). A module the
 * model has no key in, as far as the error shows, is assumed to hold no key the model shares; that
 * assumption is said with the plan.
 */
import type { PlanOp } from '../op-vocabulary.js';
/** The literal text every match of `pattern` starts with when it is anchored by `^`; null when not anchored. */
export declare function literalHead(pattern: string): string | null;
/** `^a\.b$` with nothing but literals: it names exactly one key. */
export declare function isExactPattern(pattern: string): boolean;
export declare class PartialScope {
    /** every module path (`a.`, `a.b.`) of a key the model side names */
    private readonly modelPaths;
    constructor(modelKeys: Iterable<string>);
    /**
     * A module path (`world_classifier.`, `encoder.layer.`) no model key starts with: the error shows it
     * on the checkpoint's side only. (Every dotted prefix of a model key is in the set, so a path some
     * model key starts with is in it too.)
     */
    checkpointOnly(path: string): boolean;
    /**
     * The module path a regex op is scoped to: '' when it is exact, null when it could reach keys the
     * error did not name (not anchored on a checkpoint-only module).
     */
    scopeOfPattern(pattern: string): string | null;
    /** `strip_prefix` touches only keys that start with the prefix: scoped when that is a checkpoint-only module path. */
    scopeOfStrip(prefix: string): string | null;
}
/** What ops over partial key sets assume, in words: the module paths they are scoped to hold no key the model shares. */
export declare function scopeWarnings(ops: readonly PlanOp[], scope: PartialScope): string[];
