import type { Ambiguity, Pool } from './types.js';
export interface StackMatch {
    /** in stacking order: index 0, 1, … */
    sources: string[];
    target: string;
    dim: number;
    confidence: number;
    evidence: string;
}
export declare function findStacks(pool: Pool): {
    stacks: StackMatch[];
    ambiguities: Ambiguity[];
};
