import type { KeyPair, Pool } from './types.js';
export declare function matchCanonical(pool: Pool, rules: readonly {
    strip: string;
    add: string;
}[]): KeyPair[];
