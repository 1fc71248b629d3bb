/**
 * Tied weights: a model that ties two parameters (lm_head.weight = embed_tokens.weight; a masked-LM
 * decoder.bias = the head's bias) lists the tensor under both names in its state_dict, while
 * safetensors / save_pretrained and many conversion scripts store it once. A strict load then misses
 * the second name. When a key the model expects has no source, and the key it is tied to by one of
 * these conventions is produced from the checkpoint with the same shape, a `copy` op gives the second
 * name the same tensor. Only a single candidate is proposed; several are listed as an ambiguity.
 */
import type { PlanOp } from '../op-vocabulary.js';
import type { Ambiguity, Located } from './types.js';
/**
 * Copy ops for target keys nothing produces but a tie convention fills from a produced key of the same
 * shape. `produced` are target keys the ops already give a tensor.
 */
export declare function findTies(unmapped: readonly string[], produced: ReadonlySet<string>, target: ReadonlyMap<string, Located>): {
    ops: PlanOp[];
    covers: string[];
    ambiguities: Ambiguity[];
};
