import type { Ambiguity, KeyPair, Pool } from './types.js';
export declare function matchRenames(pool: Pool): {
    pairs: KeyPair[];
    ambiguities: Ambiguity[];
};
