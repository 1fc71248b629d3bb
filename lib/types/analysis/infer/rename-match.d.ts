/**
 * Step 3: renames. Templates are matched level by level, from the most placeholders to none (single
 * keys), each level on what earlier levels left; a template match is instantiated key by key through
 * equal index values.
 */
import { type AssignOptions } from './assign.js';
import type { Ambiguity, KeyPair, Pool } from './types.js';
/** `sorted`: which sides list their keys sorted by name (natural-order.ts), whose order between unlike names is no evidence (assign.ts) */
export declare function matchRenames(pool: Pool, sorted?: {
    source: boolean;
    target: boolean;
}, roles?: AssignOptions['roles']): {
    pairs: KeyPair[];
    ambiguities: Ambiguity[];
    withheld: {
        ties: Ambiguity[];
        keys: string[];
    };
};
