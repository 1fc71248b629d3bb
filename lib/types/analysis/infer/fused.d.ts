import type { Ambiguity, ConcatMatch, Located, SplitMatch } from './types.js';
import { type GatedOrder } from './gated-orders.js';
/** Which of q, k, v (0, 1, 2) a part's name stands for: `q` → [0], `kv` → [1, 2], `qkv` → [0, 1, 2]. */
export declare function qkvRoles(label: string): number[] | null;
/**
 * The order in which a fused whole joins parts with these labels, when its name lists them
 * (`gate_up_proj` ← `w1`, `w3`; `qkv` ← `q`, `k`, `v`): label indices in join order, each part named
 * by exactly one label and every label used; null when the name lists no parts or the labels do not
 * name exactly those (the order would be a guess).
 */
export declare function listedOrder(whole: string, labels: readonly string[]): number[] | null;
/**
 * Are `labels` a gated MLP's two halves (gate and up, `w1` and `w3`) that a whole not named for them holds
 * (`ff_proj`, `linear_fc1`, not `gate_up_proj`)? Then their order in it is a convention of the code that
 * wrote it, and the conventions differ: OLMo's `ff_proj` chunks into [up, gate] (`x, x_gate =
 * x.chunk(2)`), Megatron's gated `linear_fc1` and ChatGLM's `dense_h_to_4h` into [gate, up], and forks of
 * one codebase disagree (a Megatron-LM fork's SwiGLU takes `x, gate = x.chunk(2)`). The shapes are the same
 * either way and a strict load passes either way: a cut in an assumed order is a guess that scrambles the
 * MLP half the time.
 */
export declare function gatedHalvesUnsaid(whole: string, labels: readonly string[]): boolean;
/** Which of two gate/up labels (or module names) the row's order puts first. */
export declare function gatedFirst(labels: readonly string[], row: GatedOrder): number;
/** The listing of a whole gatedHalvesUnsaid keeps from being cut (or joined). */
export declare function gatedHalvesListed(whole: string, parts: readonly string[], sizes: readonly number[], verb: 'cut' | 'joined'): Ambiguity;
/**
 * Does some key hold the segment (a dotless name, as a whole segment between dots or at an end: `qkv` in
 * `attn.qkv.weight`, not in `qkv_proj.weight`)?
 * Each segment asked is answered by one scan of the keys, kept: namesASibling asks about the few segments
 * of the wholes' names, for every family it weighs.
 */
export declare function segmentHolders(keys: ReadonlyMap<string, unknown>): (segment: string) => boolean;
/** One shape known on neither side: what a fused whole would be, its sizes unknown. */
export interface UnsizedFusion {
    whole: string;
    /** the parts in chunk order */
    parts: string[];
    /**
     * the whole is the model's and the parts the checkpoint's (q/k/v apart → a fused `qkv`: a concat the names
     * cannot check, review 17 F4); absent when the checkpoint holds the whole and the model the parts (a split)
     */
    joined?: true;
}
/** The side each key of an unsized fusion is on: the whole's and the parts'. */
export declare function unsizedSides(u: UnsizedFusion): {
    whole: 'source' | 'target';
    parts: 'source' | 'target';
};
/** The fusion's keys are all still unexplained: its whole and every part in the pool. */
export declare function unsizedInPool(u: UnsizedFusion, pool: {
    source: ReadonlyMap<string, unknown>;
    target: ReadonlyMap<string, unknown>;
}): boolean;
export declare function hasFusedName(key: string): boolean;
/**
 * Where the pairs made so far put a parts-side module on the wholes' side: module path (`block1.0.attn`)
 * → the module its keys went to (`layers.0.1.0.attn.attn`), from the keys' parents and grandparents, the
 * most common destination. A family of parts whose module went to the whole's own module sits beside
 * the whole whatever the layers are numbered (1-based stages regrouped: `block1.0` → `layers.0.1.0`).
 */
export type Placement = ReadonlyMap<string, string>;
export declare function placementOf(pairs: readonly {
    from: string;
    to: string;
}[]): Placement;
/** Source tensors that are several target tensors. */
export declare function findSplits(source: Map<string, Located>, target: Map<string, Located>, placement?: Placement): {
    splits: SplitMatch[];
    ambiguities: Ambiguity[];
    unsized: UnsizedFusion[];
};
/** Target tensors that are several source tensors. */
export declare function findConcats(source: Map<string, Located>, target: Map<string, Located>, placement?: Placement): {
    concats: ConcatMatch[];
    ambiguities: Ambiguity[];
    unsized: UnsizedFusion[];
};
/**
 * A source tensor left over in a block whose other keys were all paired, against what is left unpaired
 * in the block they went to (`placement`): when those leftovers of the same leaf (`weight`, `bias`)
 * share the whole's trailing dims and add up exactly to its dim 0, the whole is them, cut along dim 0
 * (FLUX's single-block linear1 is to_q, to_k, to_v and proj_mlp). Nothing but the block's leftovers
 * is a candidate, and every one of them must be used. The order of the parts cannot be read from
 * shapes: named q, k, v first (attention before the MLP, as parallel blocks compute them), then the
 * rest in state-dict order, said in the evidence. One whole per block and leaf, or none.
 */
export declare function findResidualSplits(source: ReadonlyMap<string, Located>, target: ReadonlyMap<string, Located>, placement: Placement): SplitMatch[];
