import type { Ambiguity, KeyPair, Pool } from './types.js';
export interface PrefixRule {
    /** removed from the start of source keys ('' for none), with its trailing dot */
    strip: string;
    /** put at the start instead ('' for none), with its trailing dot */
    add: string;
    pairs: KeyPair[];
}
export declare function findPrefixRules(pool: Pool): PrefixRule[];
export interface PrefixFindings {
    rules: PrefixRule[];
    /** look-alike subtrees several renames fit equally well: listed, not renamed */
    ties: Ambiguity[];
    /** every key of those ties, both sides: no weaker step may pair them by a guess */
    withheld: string[];
    /** the pairs of renames refused for modules that cannot hold their keys: to stand where nothing else claims their keys */
    deferred: KeyPair[];
}
export declare function findPrefixRulesAndTies(pool: Pool): PrefixFindings;
/** The rules applied to one key, for steps that want to compare names "after the prefix change". */
export declare function applyPrefixRule(rule: {
    strip: string;
    add: string;
}, key: string): string | null;
