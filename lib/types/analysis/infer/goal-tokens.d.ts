/**
 * (speed only) The goal pairs split into tokens once, for the two readers of every pair's tokens in
 * generalise: index-contradictions.ts, then role-contradictions.ts. Each split every pair's two keys
 * again (KeyTokens.add was most of their time, 200,000 keys each at 100,000 pairs). Pairs are kept in
 * the goals' order, a key sent to itself left out, as both iterated them; a target the first reader
 * re-pairs is split again where it stands (retarget), so the second reads the goals as they are then.
 * Given the located keys' table (key-numbers.ts' KeyTable), a key is split there, once for every stage
 * that reads it, and generalise's pairs are read by number (judge shapes' goalOrder), not by name.
 */
import { KeyTokens } from '../key-tokens.js';
import type { KeyTable } from './key-numbers.js';
/**
 * The goals by number (key-numbers.ts): the source numbers of their keys in the order the goals map
 * iterates them, each one's model number, and the keys by number on each side
 */
export interface NumberedGoals {
    order: readonly number[];
    goalTo: Int32Array;
    sourceKeys: readonly string[];
    targetKeys: readonly string[];
}
export declare class GoalTokens {
    readonly goals: ReadonlyMap<string, string>;
    readonly keys: KeyTokens;
    /** pair i: its source key and target key, and their numbers in `keys` */
    readonly sources: string[];
    readonly targets: string[];
    readonly a: number[];
    readonly b: number[];
    /** source key → its pair, made on the first retarget (rare: a family's crossed look-alikes) */
    private at;
    /** (speed only) keys read off the located keys' table (key-numbers.ts' KeyTable), not split again */
    private readonly table;
    constructor(goals: ReadonlyMap<string, string>, table?: KeyTable, numbered?: NumberedGoals);
    /**
     * The pairs read by number, in the goals' order (judge shapes' goalOrder), where that order still lists
     * every goal: no key looked up by name (two map look-ups per pair were as costly as splitting both keys)
     */
    private byNumber;
    private sourceKey;
    private targetKey;
    /** how many pairs */
    get size(): number;
    /** the pair of `source` now goes to `target` (the goals map is the caller's to change) */
    retarget(source: string, target: string): void;
}
/** The pairs of `goals` as GoalTokens, unless given so already. */
export declare const goalTokens: (goals: ReadonlyMap<string, string> | GoalTokens) => GoalTokens;
