import { type GoalTokens } from './goal-tokens.js';
export interface Renumbered {
    source: string;
    /** the model key order gave it */
    from: string;
    /** the model key the family's rule gives it */
    to: string;
    /** the rule, `output_blocks.{i}` → `up_blocks.{i//3}.resnets.{i%3}`, and how many pairs follow it of how many */
    rule: string;
    follow: number;
    of: number;
}
/**
 * The pairs to re-pair by their family's index rule (see above). `fits(source, target)`: the source's
 * tensor may be the target's as it is (equal shapes, no fix of its own).
 */
export declare function contradictedIndices(pairs: ReadonlyMap<string, string> | GoalTokens, fits: (source: string, target: string) => boolean): Renumbered[];
