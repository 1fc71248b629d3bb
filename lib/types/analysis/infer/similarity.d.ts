export declare function tokenSimilarity(a: string, b: string): number;
export declare function wordSimilarity(a: readonly string[], b: readonly string[]): number;
/**
 * Words and word lists interned as small numbers, the similarity of two words and of two lists kept:
 * a block of n × m templates at depth (levit, SD UNet past 20,000 keys) compares millions of pairs of
 * lists drawn from a small vocabulary; single keys' lists differ by their numbers, so the lists'
 * memo misses there and the words' memo (numbers, one lookup per word pair) carries it. The values
 * are wordSimilarity's own (the same soft Dice over the same token similarity), so no result changes.
 */
export declare class WordListMemo {
    private readonly ids;
    private readonly lists;
    private readonly pairs;
    private readonly tokenIds;
    private readonly tokens;
    private readonly tokenPairs;
    /** bumped when the tables are emptied (a long-lived process meeting many vocabularies): ids of an older generation are void */
    generation: number;
    /** the id of a list of words (equal lists, equal ids) */
    id(words: readonly string[]): number;
    private token;
    private tokenPair;
    similarity(a: number, b: number): number;
}
export declare function nameSimilarity(a: string, b: string): number;
