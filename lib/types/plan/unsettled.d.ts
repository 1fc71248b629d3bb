/**
 * Drops a plan makes on a reading the error text does not settle (`unsettled: true`, set by plan
 * inference where the text points to another reading or leaves it open): the keys may be trained
 * weights the model should have, so writing a checkpoint without them silently loses them if the
 * guess is wrong. `apply` refuses such a plan unless the user allows it (`--allow-guessed-drops`).
 */
import type { Plan, PlanOp } from './types.js';
export interface UnsettledDrop {
    /** the op's index in `plan.ops` */
    index: number;
    op: Extract<PlanOp, {
        op: 'drop';
    }>;
}
/**
 * The words every unsettled drop's reason starts with. Plans written before the `unsettled` field existed
 * (sdmatch at 6dac21c) carry only these words, so a drop is unsettled when either says so: an older plan
 * file must not lose weights silently where a newer one is refused.
 */
export declare const UNSETTLED_MARKER = "NOT A SETTLED FIX";
/** The flag that lets apply (and the script --emit python writes) perform such drops anyway. */
export declare const ALLOW_GUESSED_DROPS = "--allow-guessed-drops";
export declare function isUnsettledDrop(op: PlanOp): op is Extract<PlanOp, {
    op: 'drop';
}>;
export declare function unsettledDrops(plan: Pick<Plan, 'ops'>): UnsettledDrop[];
/** The one line that names the first unsettled op (and how many more), or null when every drop is settled. */
export declare function unsettledLine(plan: Pick<Plan, 'ops'>): string | null;
/**
 * The one line `apply` (and `apply --dry-run`) refuses a plan with when it has guessed drops and the user
 * did not pass --allow-guessed-drops; null when there is nothing to refuse. `done` says what was not done.
 */
export declare function guessedDropsRefusal(plan: Pick<Plan, 'ops'>, allowed: boolean, done: string): string | null;
