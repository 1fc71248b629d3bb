import type { KeyPair, Located } from './types.js';
/**
 * Whether every entry of a side has a shape (no key of it named by an error text alone): pairs of keys such
 * sides hold are none of them shapeless, so requireNameEvidence keeps them all and refuses none.
 */
export declare function allShaped(side: ReadonlyMap<string, Located>): boolean;
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
/**
 * Exact-name pairs that a regrouped sequence makes weak: the key sits in a numbered container that the
 * model holds fewer of (`layers.{0,1,2}` against `layers.{0}`) inside a module to which the model adds
 * children the checkpoint's lacks (`proj_in`, `proj_out`): the sequence was split into named ends and a
 * shorter middle (transformers' SamFeedForward: original `layers.0..2` are `proj_in`, `layers.0`,
 * `proj_out`), so `layers.0` is the same name for another tensor. Such pairs wait for structure, as
 * pairs whose shapes clash do (correspond.ts), and stand if nothing else claims their keys.
 */
export declare function regroupedExact(pairs: readonly KeyPair[], source: ReadonlyMap<string, Located>, target: ReadonlyMap<string, Located>): Set<KeyPair>;
