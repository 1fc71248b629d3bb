import type { Located } from './types.js';
export interface ListMember {
    keys: string[];
    sig: string;
    /** the state-dict position of its first key */
    pos: number;
}
/** `list.N` of one side by N, for the keys `list.N.…` (a key that is `list.N` itself holds no member). */
export declare function listMembers(side: ReadonlyMap<string, Located>, list: string): Map<number, ListMember>;
/** Where the index of `list.N.…` ends in `key` (the dot after N), or -1 when `key` sits under no member of `list`. */
export declare function memberEnd(key: string, list: string): number;
