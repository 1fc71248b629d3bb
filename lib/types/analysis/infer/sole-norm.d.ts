import type { KeyPair, Pool } from './types.js';
export declare function matchSoleNorms(pool: Pool): KeyPair[];
