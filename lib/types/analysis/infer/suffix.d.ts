import type { Ambiguity, KeyPair, Pool } from './types.js';
export declare function matchBySuffix(pool: Pool): {
    pairs: KeyPair[];
    ambiguities: Ambiguity[];
};
