/** What the inference steps hand each other: matched pairs, splits, joins, drops. */
import type { KeyEntry } from '../../formats/keys.js';
import type { GatedOrder } from './gated-orders.js';
/** Which step found a pair; later steps rest on weaker evidence. */
export type MatchStage = 'exact' | 'prefix' | 'canonical' | 'cut' | 'suffix' | 'module' | 'template' | 'key';
export interface KeyPair {
    source: string;
    target: string;
    stage: MatchStage;
    /** 0..1 */
    confidence: number;
}
export interface SplitMatch {
    source: string;
    targets: string[];
    dim: number;
    sizes: number[];
    confidence: number;
    evidence: string;
    /** the sizes rest on an assumption (a side's shapes unknown), said in the evidence */
    assumed?: boolean;
    /** the parts' order rests on a convention (q, k, v first), not on shapes or names: said as a warning */
    orderAssumed?: boolean;
    /** the gate and up halves are in the order their writer's code fixes (gated-orders.ts), said as a warning */
    gatedOrder?: GatedOrder;
    /**
     * the 2-d whole is transposed before it is cut along `dim` (1): its parts are stored transposed in it
     * (Mistral's consolidated `w2` [E·F, D] of per-expert [D, F] weights; fused.ts fit())
     */
    transposeFirst?: true;
}
export interface ConcatMatch {
    sources: string[];
    target: string;
    dim: number;
    confidence: number;
    evidence: string;
    /** the sizes rest on an assumption (a side's shapes unknown), said in the evidence */
    assumed?: boolean;
    /** the gate and up halves are in the order their writer's code fixes (gated-orders.ts), said as a warning */
    gatedOrder?: GatedOrder;
}
/**
 * A list-end ambiguity's list (`mlp`), the indices of its look-alikes on the side that has one more (the last
 * is the member new or gone), and whether the checkpoint has it (a removal): the trained-drop finding offers
 * both readings from it (plan/trained-drops.ts), check reads a member of more than the 8 keys shown by it. A
 * symbol: a fact for code, not part of the result's JSON, which stays as it was (plan-hashes fingerprints it).
 */
export declare const LIST_SHIFT: unique symbol;
export interface ListShift {
    list: string;
    members: number[];
    removed: boolean;
}
export interface Ambiguity {
    keys: string[];
    candidates: string[];
    reason: string;
    /**
     * the pair is made and its tensor loads as stored (a kernel whose layout nothing decides): a strict
     * load passes, what is open is whether its values are right
     */
    loadsAsStored?: true;
    /** how many pairs the tie stands for, where `keys` and `candidates` are cut short for display */
    held?: number;
    /**
     * a list one member longer or shorter at its end (list-ends.ts): a layer new or gone at the end, or one
     * inserted or removed anywhere in the list; check reads it (its keys are no strict=False case)
     */
    listEnd?: true;
    /** with listEnd: its list and look-alikes (LIST_SHIFT) */
    [LIST_SHIFT]?: ListShift;
    /** not a tie: the pair was found, with this confidence, and cut by the minimum confidence asked for (`--min-confidence`) */
    belowMinimum?: {
        confidence: number;
        minimum: number;
    };
}
/** A key with where it sits in its state dict (order is evidence). */
export interface Located extends KeyEntry {
    pos: number;
}
/** Keys not yet explained, on both sides, in state-dict order. */
export interface Pool {
    source: Map<string, Located>;
    target: Map<string, Located>;
}
export declare function locate(entries: readonly KeyEntry[]): Map<string, Located>;
