export declare function canonicalSegment(segment: string): string;
export declare function canonicalKey(key: string): string;
/**
 * The key with synonyms applied, separators and case ignored: `norm.1.weight` and `norm1.weight`
 * (torchvision's legacy DenseNet names) or `LayerNorm.gamma` and `layer_norm.weight` agree.
 */
export declare function squashedKey(key: string): string;
/** The parameter name a key ends with, synonyms applied: `….LayerNorm.gamma` → weight, `conv1_w` → weight. */
export declare function leafName(key: string): string;
