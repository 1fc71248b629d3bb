/**
 * Drops a plan makes on a reading the error text does not settle (`unsettled: true`, set by plan
 * inference where the text points to another reading or leaves it open): the keys may be trained
 * weights the model should have, so writing a checkpoint without them silently loses them if the
 * guess is wrong. `apply` refuses such a plan unless the user accepts it (`--accept-unsettled`).
 */
import type { Plan, PlanOp } from './types.js';
export interface UnsettledDrop {
    /** the op's index in `plan.ops` */
    index: number;
    op: Extract<PlanOp, {
        op: 'drop';
    }>;
}
export declare function unsettledDrops(plan: Pick<Plan, 'ops'>): UnsettledDrop[];
/** The one line that names the first unsettled op (and how many more), or null when every drop is settled. */
export declare function unsettledLine(plan: Pick<Plan, 'ops'>): string | null;
