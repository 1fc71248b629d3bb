/**
 * A rotary q/k projection renamed between naming families whose row layouts may differ (../rope.ts):
 * Meta's `attention.wq` / `wk` and llama.cpp's GGUF `attn_q` / `attn_k` against transformers'
 * `self_attn.q_proj` / `k_proj`. A plain rename there loads strict=True with every q and k row in the
 * wrong place, so it is never made on the names alone (fail closed):
 * - Meta ↔ HF: the layouts are known (Meta's checkpoints interleave, transformers' converter always
 *   permutes), and the head counts are not in the key names: with the model's head counts given
 *   (InferOptions.ropeHeads, a config's num_attention_heads / num_key_value_heads) the rename is made
 *   with a `rope_permute`; without them it is withdrawn and listed with what decides it;
 * - HF ↔ GGUF: llama.cpp permutes for Llama-architecture models (LlamaModel.permute) and not for others
 *   (Qwen2Model, OrionModel, ExaoneModel write q/k as stored): the key names cannot say which the GGUF
 *   is, so the rename is withdrawn and listed with what decides it (the GGUF's `general.architecture`).
 * A rename within one family (or between Meta and GGUF, both interleaved for Llama) is left alone.
 */
import type { RopeLayout } from '../op-vocabulary.js';
import type { Ambiguity } from './types.js';
/**
 * The head counts a config records: num_attention_heads (q) and num_key_value_heads (k); kvHeads undefined
 * when only the heads were given (the k projection's rows then decide them: kvHeadsOf).
 */
export interface RopeHeads {
    heads: number;
    kvHeads?: number;
}
type Family = 'meta' | 'hf' | 'gguf';
interface RopeName {
    family: Family;
    role: 'q' | 'k';
    layout: RopeLayout | null;
    what: string;
}
/** The family and role of a q/k projection's weight or bias, or null for any other key. */
export declare function ropeName(key: string): RopeName | null;
/** A rename to make with a rope_permute: the layout the rows go to and in how many heads. */
export interface RopePermute {
    to: RopeLayout;
    heads: number;
    /** the k projection's heads when they differ from `heads` (grouped-query attention) */
    kvHeads?: number;
    why: string;
}
/**
 * The renames (`goals`: source → model key) between q/k projections of families whose layouts may differ:
 * those to make with a permute (`permutes`, by source) and those withdrawn with why. Every other goal is left alone.
 */
export declare function checkRopeRenames(goals: ReadonlyMap<string, string>, heads: RopeHeads | null, shapeOf: (source: string) => readonly number[] | null): {
    permutes: Map<string, RopePermute>;
    withdrawn: Ambiguity[];
};
export {};
