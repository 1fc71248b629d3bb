import type { KeyPair, Located } from './types.js';
/**
 * The pairs that may stand: those with shapes on both sides as they are, the shapeless ones only when
 * their names bear them out. `refused` are the shapeless pairs names do not support.
 */
export declare function requireNameEvidence(pairs: readonly KeyPair[], source: ReadonlyMap<string, Located>, target: ReadonlyMap<string, Located>): {
    kept: KeyPair[];
    refused: KeyPair[];
};
/**
 * A source key and a target key equal but for their indices (`features.15.weight`,
 * `features.14.weight`), when such a pair is among what stays apart: the layers are numbered
 * otherwise — another depth or configuration — and pairing them by position would be a guess.
 */
export declare function renumberedPair(leftover: readonly string[], unmapped: readonly string[]): {
    source: string;
    target: string;
} | null;
