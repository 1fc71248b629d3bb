import type { KeyPair, Pool } from '../types.js';
import type { Correspondence, Fusions, Matched, Sides } from './types.js';
export declare function newFusions(): Fusions;
/** Find fused tensors in the pool (only those whose names say so, or all), taking them out of it. */
export declare function collectFusions(pool: Pool, into: Fusions, onlyNamed: boolean, pairs?: readonly KeyPair[]): void;
export declare function fuse(sides: Sides, c: Correspondence): Matched;
