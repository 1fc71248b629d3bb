import type { KeyPair, Pool } from './types.js';
/** The pairs of the one cut length that explains the checkpoint keys left, or none. */
export declare function matchFixedCut(pool: Pool): KeyPair[];
/** How many leading characters the pairs of this step lost (a model key shorter than that lost all it had). */
export declare function cutLength(pairs: readonly Pick<KeyPair, 'source' | 'target'>[]): number;
