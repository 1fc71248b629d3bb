import type { KeyPair, Pool } from './types.js';
export declare function matchBareParameters(pool: Pool): KeyPair[];
