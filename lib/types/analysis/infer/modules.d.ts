import type { Ambiguity, KeyPair, Pool } from './types.js';
/** Above this many keys on a side, module alignment is skipped: templates handle regular giants. */
export declare const MODULE_ALIGN_MAX_KEYS = 20000;
/** what aligning two trees finds: pairs, and look-alike siblings nothing tells apart */
export interface Aligned {
    pairs: KeyPair[];
    /** listed with their candidates (the first few of each) */
    ties: Ambiguity[];
    /** every key of those ties, both sides: no weaker step may pair them by a guess */
    withheld: string[];
}
/**
 * Where most of each source block went: block path → the target block that holds a strict majority
 * of its units' keys' counterparts (none when no destination has one: no vote, no penalty).
 */
export declare function blockHomes(pairs: readonly (readonly [{
    path: string;
    size: number;
}, {
    path: string;
}, ...unknown[]])[]): Map<string, string>;
/**
 * Pairs found by aligning the module trees of what is left in the pool, keys with shapes only. Empty
 * when a side is too large (then templates match it) or when the two sides share no module at all.
 */
export declare function matchModules(pool: Pool, unnamedAreWeights?: boolean): KeyPair[];
/** matchModules, with the look-alike siblings it left unpaired because nothing told them apart (listed, never guessed). */
export declare function alignModules(pool: Pool, unnamedAreWeights?: boolean): Aligned;
