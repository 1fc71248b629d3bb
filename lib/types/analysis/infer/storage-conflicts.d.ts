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
 * A checkpoint that already holds every name of the tie (an untied model's head and embeddings, or a tied
 * one written without storages) loads strict=True as it is: its same-name pairs all stand, none is dropped
 * for a copy (review 16 F1: dropping the trained head and copying the embeddings over it lost a tensor under
 * a false "no counterpart"); what a tied model keeps of two such tensors is said (tiedApart). "Holds them itself"
 * is read after the plan's own prefix ops: `_orig_mod.lm_head.weight` and `_orig_mod.transformer.wte.weight` are
 * the tie's names behind a prefix, as `model.`/`module.` ones are (review 24 F1: compared literally, the prefixed
 * head was withdrawn, dropped as "no counterpart" and overwritten by the embeddings' copy, exit 0, "verified").
 */
import type { TargetStorages } from './ties.js';
import type { KeyPair, Located } from './types.js';
/** The pairs to withdraw: every pair into a storage group of the target but the surest, where they come from several source keys. */
export declare function storageConflicts(pairs: readonly KeyPair[], storages: TargetStorages, target: ReadonlyMap<string, Located>, sourceStorages?: TargetStorages): Set<KeyPair>;
/**
 * Storage groups of the target (one tensor under several names) that the checkpoint fills under their own
 * names from keys it does not show as one tensor: each group's names in the target's order. Torch copies
 * each name into the one tensor in the model's order, so the last name's values are what the model keeps.
 */
export declare function tiedApart(pairs: readonly KeyPair[], storages: TargetStorages, target: ReadonlyMap<string, Located>, sourceStorages?: TargetStorages, equalValues?: TargetStorages): string[][];
