import type { KeyPair, Pool } from './types.js';
/** Above this many keys on a side, module alignment is skipped: templates handle regular giants. */
export declare const MODULE_ALIGN_MAX_KEYS = 20000;
/**
 * Pairs found by aligning the module trees of what is left in the pool, keys with shapes only. Empty
 * when a side is too large (then templates match it) or when the two sides share no module at all.
 */
export declare function matchModules(pool: Pool): KeyPair[];
