export declare function tokenSimilarity(a: string, b: string): number;
export declare function wordSimilarity(a: readonly string[], b: readonly string[]): number;
export declare function nameSimilarity(a: string, b: string): number;
