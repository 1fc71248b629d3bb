/**
 * A model that ties two of its keys (XGLM's `lm_head.weight` is `model.embed_tokens.weight`) shows it as one
 * storage under both names (ties.ts, TargetStorages): it holds one tensor there. Pairs that would load two
 * different checkpoint tensors into that one storage cannot both stand, whatever aligned them (fairseq XGLM
 * keeps `decoder.output_projection.weight` beside `decoder.embed_tokens.weight`; module alignment pairs it with
 * `lm_head`, which transformers' converter leaves to the tie and drops the projection). The surest pair of a
 * storage stands (highest confidence; on equal, the one into the key the target lists first); the others are
 * withdrawn: their target key is the tie's copy (ties.ts), their source key has no place in the model.
 * Source keys the source itself stores as one tensor (its own tie, `sourceStorages`) are one tensor, not
 * two: a tied source renamed onto the tied target fills the tie under both names (review 14 F5/F13).
 */
import type { TargetStorages } from './ties.js';
import type { KeyPair, Located } from './types.js';
/** The pairs to withdraw: every pair into a storage group of the target but the surest, where they come from several source keys. */
export declare function storageConflicts(pairs: readonly KeyPair[], storages: TargetStorages, target: ReadonlyMap<string, Located>, sourceStorages?: TargetStorages): Set<KeyPair>;
