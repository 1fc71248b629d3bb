import type { KeyPair, Pool } from './types.js';
export interface PrefixRule {
    /** removed from the start of source keys ('' for none), with its trailing dot */
    strip: string;
    /** put at the start instead ('' for none), with its trailing dot */
    add: string;
    pairs: KeyPair[];
}
export declare function findPrefixRules(pool: Pool): PrefixRule[];
/** The rules applied to one key, for steps that want to compare names "after the prefix change". */
export declare function applyPrefixRule(rule: {
    strip: string;
    add: string;
}, key: string): string | null;
