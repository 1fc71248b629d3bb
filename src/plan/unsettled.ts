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
  op: Extract<PlanOp, { op: 'drop' }>;
}

export function unsettledDrops(plan: Pick<Plan, 'ops'>): UnsettledDrop[] {
  return plan.ops.flatMap((op, index) => (op.op === 'drop' && op.unsettled === true ? [{ index, op }] : []));
}

/** The one line that names the first unsettled op (and how many more), or null when every drop is settled. */
export function unsettledLine(plan: Pick<Plan, 'ops'>): string | null {
  const found = unsettledDrops(plan);
  const first = found[0];
  if (!first) return null;
  const rest = found.slice(1).map((f) => `ops[${f.index}]`);
  const more = rest.length === 0 ? '' : ` (nor ${rest.length === 1 ? 'is' : 'are'} ${rest.length > 3 ? `${rest.slice(0, 3).join(', ')} and ${rest.length - 3} more` : rest.join(', ')})`;
  return `ops[${first.index}] (drop ${first.op.pattern}) is not a settled fix${more}: the error text does not settle that these keys should go, and they may be trained weights the model should have (the op's reason says what decides)`;
}
