import type { Template } from './templates.js';
export interface PairScore {
    /** lower is better; Infinity = impossible */
    cost: number;
    nameSimilarity: number;
    /** how alike the names of the modules the two parameters belong to read (`query` vs `q`), 0..1 */
    moduleSimilarity: number;
    orderDistance: number;
    shapes: 'equal' | 'transposed' | 'reshaped' | 'unknown';
}
/** transposed shapes are a last resort: an exact-shape partner in a worse position still wins */
export declare const TRANSPOSE_PENALTY = 0.8;
/** dims of size 1 added or removed (`[D]` vs `[1, 1, D]`): rarer still than a transpose */
export declare const RESHAPE_PENALTY = 0.9;
export declare const UNKNOWN_SHAPE_PENALTY = 0.15;
/**
 * How the instances' shapes relate, all alike (equal, or all transposed, …), or null when they cannot
 * be one. A side that does not say a shape (an error text's key) agrees with any: it is no reason to
 * refuse a match, only no evidence for it ('unknown' when no pair of instances has both shapes).
 */
export declare function templateShapes(a: Template, b: Template): PairScore['shapes'] | null;
/** The parameter kind a name ends with: `weight` of `q.weight` and of `in_proj_weight`, else null. */
export declare function leafKind(name: string): string | null;
/** rankA, rankB: the templates' order within their block on their own side, in 0..1. */
export declare function scoreTemplatePair(a: Template, b: Template, rankA: number, rankB: number): PairScore;
/**
 * The scores of many pairs in columns, without an object per pair: a block of templates at depth
 * scores millions of pairs and keeps only a few (assign.ts). `at(k)` gives pair k as a PairScore.
 */
export declare class PairScores {
    readonly cost: Float64Array;
    readonly nameSimilarity: Float64Array;
    readonly moduleSimilarity: Float64Array;
    readonly orderDistance: Float64Array;
    /** index into SHAPE_KINDS */
    readonly shapes: Uint8Array;
    constructor(n: number);
    at(k: number): PairScore;
}
/** scoreTemplatePair written into cell k of `out`. */
export declare function scoreTemplatePairInto(out: PairScores, k: number, a: Template, b: Template, rankA: number, rankB: number): void;
/** 0..1: how much a template match can be trusted, from what its score rests on. */
export declare function templateConfidence(s: PairScore, instances: number): number;
