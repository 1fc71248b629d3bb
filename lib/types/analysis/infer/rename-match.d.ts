import type { Ambiguity, KeyPair, Pool } from './types.js';
/** `sorted`: which sides list their keys sorted by name (natural-order.ts), whose order between unlike names is no evidence (assign.ts) */
export declare function matchRenames(pool: Pool, sorted?: {
    source: boolean;
    target: boolean;
}): {
    pairs: KeyPair[];
    ambiguities: Ambiguity[];
    withheld: {
        ties: Ambiguity[];
        keys: string[];
    };
};
