import type { KeyPair, Pool } from './types.js';
/** Above this many keys on a side, module alignment is skipped: templates handle regular giants. */
export declare const MODULE_ALIGN_MAX_KEYS = 20000;
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
