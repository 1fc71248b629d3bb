/**
 * Tied weights: a model that ties two parameters (lm_head.weight = embed_tokens.weight; a masked-LM
 * decoder.bias = the head's bias) lists the tensor under both names in its state_dict, while
 * safetensors / save_pretrained and many conversion scripts store it once. A strict load then misses
 * the second name. When a key the model expects has no source, and the key it is tied to by one of
 * these conventions is produced from the checkpoint with the same shape, a `copy` op gives the second
 * name the same tensor. Only a single candidate is proposed; several are listed as an ambiguity.
 * A name is no proof of a tie (tie_word_embeddings=False models have their own LM head): the copy is
 * made only where the target shows the tie, as one storage under both names in a torch-written
 * checkpoint. Where it shows separate storages, or cannot show storages (a manifest, a key list,
 * safetensors), the key stays missing with why and how to tie it if the model does (review11 F0).
 * The storage is the proof, not the name: a key no convention names (Whisper's `proj_out.weight`) that
 * the target shows in one storage with a key the plan produces, of one shape, gets the copy too (review 12 F4).
 */
import type { PlanOp } from '../op-vocabulary.js';
import type { Ambiguity, Located } from './types.js';
/**
 * What the target shows of its ties: the groups of its keys one storage holds (a torch-written
 * checkpoint stores a tied tensor once), or null where it cannot show storages (a manifest, a key
 * list, safetensors, which stores no tensor twice).
 */
export type TargetStorages = readonly (readonly string[])[] | null;
/** target keys the ops already give a tensor, iterated in the order first given (a set, or key-numbers.ts's ProducedTargets) */
type ProducedNames = {
    has(key: string): boolean;
} & Iterable<string>;
/**
 * Copy ops for target keys nothing produces but a tie convention fills from a produced key of the same
 * shape, where the target shows that tie (`storages`). `produced` are target keys the ops already give a tensor.
 */
export declare function findTies(unmapped: readonly string[], produced: ProducedNames, target: ReadonlyMap<string, Located>, storages: TargetStorages): {
    ops: PlanOp[];
    covers: string[];
    ambiguities: Ambiguity[];
};
/**
 * Whether a storage group of the target is one tensor under several names: every member listed, with a
 * shape, all one shape (a tie). Views of one flat buffer, as a flat-parameter save stores every weight,
 * differ in shape and are not. Read here and by judge-shapes (a tie's copy is accounted for).
 */
export declare function isOneTensor(group: readonly string[], target: ReadonlyMap<string, Located>): boolean;
export {};
