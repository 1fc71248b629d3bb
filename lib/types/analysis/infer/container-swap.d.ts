import type { KeyPair, Pool } from './types.js';
export declare function matchContainerSwaps(pool: Pool): KeyPair[];
