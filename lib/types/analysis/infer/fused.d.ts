import type { Ambiguity, ConcatMatch, Located, SplitMatch } from './types.js';
/** One shape known on neither side: what a fused whole would be, its sizes unknown. */
export interface UnsizedFusion {
    whole: string;
    /** the parts in chunk order */
    parts: string[];
}
export declare function hasFusedName(key: string): boolean;
/** Source tensors that are several target tensors. */
export declare function findSplits(source: Map<string, Located>, target: Map<string, Located>): {
    splits: SplitMatch[];
    ambiguities: Ambiguity[];
    unsized: UnsizedFusion[];
};
/** Target tensors that are several source tensors. */
export declare function findConcats(source: Map<string, Located>, target: Map<string, Located>): {
    concats: ConcatMatch[];
    ambiguities: Ambiguity[];
};
