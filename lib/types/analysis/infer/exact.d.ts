import type { KeyPair, Pool } from './types.js';
export declare function matchExact(pool: Pool): KeyPair[];
