/**
 * (speed only) The goal pairs split into tokens once, for the two readers of every pair's tokens in
 * generalise: index-contradictions.ts, then role-contradictions.ts. Each split every pair's two keys
 * again (KeyTokens.add was most of their time, 200,000 keys each at 100,000 pairs). Pairs are kept in
 * the goals' order, a key sent to itself left out, as both iterated them; a target the first reader
 * re-pairs is split again where it stands (retarget), so the second reads the goals as they are then.
 */
import { KeyTokens } from '../key-tokens.js';
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
    constructor(goals: ReadonlyMap<string, string>);
    /** how many pairs */
    get size(): number;
    /** the pair of `source` now goes to `target` (the goals map is the caller's to change) */
    retarget(source: string, target: string): void;
}
/** The pairs of `goals` as GoalTokens, unless given so already. */
export declare const goalTokens: (goals: ReadonlyMap<string, string> | GoalTokens) => GoalTokens;
