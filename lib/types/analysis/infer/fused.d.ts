import type { Ambiguity, ConcatMatch, Located, SplitMatch } from './types.js';
/** One shape known on neither side: what a fused whole would be, its sizes unknown. */
export interface UnsizedFusion {
    whole: string;
    /** the parts in chunk order */
    parts: string[];
}
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
};
