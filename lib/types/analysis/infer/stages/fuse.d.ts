import type { KeyPair, Pool } from '../types.js';
import type { Correspondence, Fusions, Matched, Sides } from './types.js';
export declare function newFusions(): Fusions;
/**
 * A copy of a pool to try a pass on: it holds what the pool holds, so a fused-name pass recorded on the
 * pool is replayed on the copy too (module alignment's trial pass at 100,000 keys, where no pair places
 * anything, searched the whole pool again to find what the first pass found: a fifth of LeViT's plan).
 */
export declare function copyPool(pool: Pool): Pool;
/**
 * Whether collectFusions(pool, …, true, pairs) with `pairCount` pairs would replay the pass recorded on
 * the pool and so take nothing from it: no placement (the sizes where module alignment stands aside) and
 * the pool as that pass left it. Module alignment's trial pass is then not run, and the pool not copied
 * for it (two maps of every unpaired key, 1,000,000 each at scale).
 */
export declare function replaysNamedPass(pool: Pool, pairCount: number): boolean;
/** Find fused tensors in the pool (only those whose names say so, or all), taking them out of it. */
export declare function collectFusions(pool: Pool, into: Fusions, onlyNamed: boolean, pairs?: readonly KeyPair[]): void;
export declare function fuse(sides: Sides, c: Correspondence): Matched;
