import type { Ambiguity, KeyPair, Located } from './types.js';
export interface CrossListMoves {
    /** the pairs kept: every pair given but those of a move the keys do not single out */
    kept: KeyPair[];
    /** keys of both sides of the withheld moves: no weaker step may pair them by order */
    withheld: string[];
    ties: Ambiguity[];
}
/**
 * `found`, less the pairs of a move between two numbered lists the keys do not single out (their keys in
 * `withheld`, a tie for each in `ties`). `taken` are the pairs made before (exact names among them); `live`
 * says whether a pair's keys are still unpaired.
 */
export declare function crossListMoves(found: readonly KeyPair[], taken: readonly KeyPair[], source: ReadonlyMap<string, Located>, target: ReadonlyMap<string, Located>, live: (p: KeyPair) => boolean): CrossListMoves;
