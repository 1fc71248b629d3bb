import type { KeyEntry } from '../formats/keys.js';
import type { Plan, PlanOp } from './types.js';
type DropOp = Extract<PlanOp, {
    op: 'drop';
}>;
export interface UnsettledDrop {
    /** the op's index in `plan.ops` */
    index: number;
    op: DropOp;
}
/**
 * The words every unsettled drop's reason starts with. Plans written before the `unsettled` field existed
 * (sdmatch at 6dac21c) carry only these words, so a drop is unsettled when either says so: an older plan
 * file must not lose weights silently where a newer one is refused.
 */
export declare const UNSETTLED_MARKER = "NOT A SETTLED FIX";
/**
 * What follows the marker in the reason of a drop the text argues against. Plans written before the
 * `text_reading` field carry only these words, read the same way.
 */
export declare const AGAINST_TEXT = "the text points to another reading";
/** The flag that lets apply (and the script --emit python writes) perform such drops anyway. */
export declare const ALLOW_GUESSED_DROPS = "--allow-guessed-drops";
export declare function isUnsettledDrop(op: PlanOp): op is DropOp;
/** An unsettled drop the text argues against: --allow-guessed-drops never applies it. */
export declare function isAgainstText(op: PlanOp): op is DropOp;
export declare function unsettledDrops(plan: Pick<Plan, 'ops'>): UnsettledDrop[];
/** The unsettled drops --allow-guessed-drops applies: those the text leaves open. */
export declare function guessedDrops(plan: Pick<Plan, 'ops'>): UnsettledDrop[];
/** The unsettled drops the text argues against, which --allow-guessed-drops leaves undone. */
export declare function againstTextDrops(plan: Pick<Plan, 'ops'>): UnsettledDrop[];
/** The one line that names the first unsettled op (and how many more), or null when every drop is settled. */
export declare function unsettledLine(plan: Pick<Plan, 'ops'>): string | null;
/**
 * The one line `apply` (and `apply --dry-run`) refuses a plan with when it has guessed drops and the user
 * did not pass --allow-guessed-drops; null when there is nothing to refuse. `done` says what was not done.
 */
export declare function guessedDropsRefusal(plan: Pick<Plan, 'ops'>, allowed: boolean, done: string): string | null;
/**
 * The plan --allow-guessed-drops applies: without the drops the text argues against, its mapping run
 * again over the source's keys. Their keys then reach the output under the names the other ops give
 * them (`kept`), which the target does not expect (added to `unexpected`). The plan itself when it has none.
 */
export declare function withoutAgainstTextDrops(plan: Plan, source: readonly KeyEntry[]): {
    plan: Plan;
    undone: DropOp[];
    kept: string[];
};
export {};
