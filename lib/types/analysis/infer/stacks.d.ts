import type { Ambiguity, Pool } from './types.js';
export interface StackMatch {
    /** in stacking order: index 0, 1, … */
    sources: string[];
    target: string;
    dim: number;
    confidence: number;
    evidence: string;
    /**
     * several groups, each stacked along `dim`, then joined along `join.dim` in this order: `sources`
     * is their concatenation (what the target is made from)
     */
    join?: {
        parts: string[][];
        dim: number;
    };
}
export declare function findStacks(pool: Pool, reorderedTargets?: ReadonlySet<string>): {
    stacks: StackMatch[];
    ambiguities: Ambiguity[];
};
