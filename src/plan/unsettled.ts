/**
 * Drops a plan makes on a reading the error text does not settle (`unsettled: true`, set by plan
 * inference where the text points to another reading or leaves it open): the keys may be trained
 * weights the model should have, so writing a checkpoint without them silently loses them if the
 * guess is wrong. `apply` refuses such a plan unless the user allows it (`--allow-guessed-drops`).
 *
 * Of those, a drop the text argues against (`text_reading`: the reading the text points to, such as
 * "the model should have these" or "held under another name") is no guess the flag can take: the text
 * itself says the keys belong somewhere. The flag applies only the drops the text leaves open; the
 * others are left undone, their keys kept in the output, where the check against the target names them.
 */
import { applyOpsToKeys } from '../analysis/op-keys.js';
import type { KeyEntry } from '../formats/keys.js';
import type { Plan, PlanOp } from './types.js';

type DropOp = Extract<PlanOp, { op: 'drop' }>;

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
export const UNSETTLED_MARKER = 'NOT A SETTLED FIX';

/**
 * What follows the marker in the reason of a drop the text argues against. Plans written before the
 * `text_reading` field carry only these words, read the same way.
 */
export const AGAINST_TEXT = 'the text points to another reading';

/** The flag that lets apply (and the script --emit python writes) perform such drops anyway. */
export const ALLOW_GUESSED_DROPS = '--allow-guessed-drops';

export function isUnsettledDrop(op: PlanOp): op is DropOp {
  return op.op === 'drop' && (op.unsettled === true || op.reason.trimStart().toUpperCase().startsWith(UNSETTLED_MARKER));
}

/** An unsettled drop the text argues against: --allow-guessed-drops never applies it. */
export function isAgainstText(op: PlanOp): op is DropOp {
  if (!isUnsettledDrop(op)) return false;
  const reason = op.reason.trimStart();
  return op.text_reading !== undefined || reason.slice(UNSETTLED_MARKER.length).replace(/^:\s*/, '').startsWith(AGAINST_TEXT);
}

export function unsettledDrops(plan: Pick<Plan, 'ops'>): UnsettledDrop[] {
  return plan.ops.flatMap((op, index) => (isUnsettledDrop(op) ? [{ index, op }] : []));
}

/** The unsettled drops --allow-guessed-drops applies: those the text leaves open. */
export function guessedDrops(plan: Pick<Plan, 'ops'>): UnsettledDrop[] {
  return unsettledDrops(plan).filter((d) => !isAgainstText(d.op));
}

/** The unsettled drops the text argues against, which --allow-guessed-drops leaves undone. */
export function againstTextDrops(plan: Pick<Plan, 'ops'>): UnsettledDrop[] {
  return unsettledDrops(plan).filter((d) => isAgainstText(d.op));
}

const opsList = (found: readonly UnsettledDrop[]) => {
  const names = found.map((f) => `ops[${f.index}]`);
  return names.length > 4 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
};

/** The one line that names the first unsettled op (and how many more), or null when every drop is settled. */
export function unsettledLine(plan: Pick<Plan, 'ops'>): string | null {
  const found = unsettledDrops(plan);
  const first = found[0];
  if (!first) return null;
  const rest = found.slice(1);
  const more = rest.length === 0 ? '' : ` (nor ${rest.length === 1 ? 'is' : 'are'} ${opsList(rest)})`;
  const against = againstTextDrops(plan);
  const undone = against.length === 0 ? '' : `; ${opsList(against)} the text argues against (the model should have those keys, or holds them under another name): even with ${ALLOW_GUESSED_DROPS} ${against.length === 1 ? 'it is' : 'they are'} left undone, the keys kept`;
  return `ops[${first.index}] (drop ${first.op.pattern}) is a guessed drop${more}: nothing the plan was made from (an error text, or a model with no place for trained weights) settles that these keys should go, and they may be trained weights the model should have (the op's reason says what decides)${undone}`;
}

/**
 * The one line `apply` (and `apply --dry-run`) refuses a plan with when it has guessed drops and the user
 * did not pass --allow-guessed-drops; null when there is nothing to refuse. `done` says what was not done.
 */
export function guessedDropsRefusal(plan: Pick<Plan, 'ops'>, allowed: boolean, done: string): string | null {
  const line = allowed ? null : unsettledLine(plan);
  if (line === null) return null;
  const then = guessedDrops(plan).length > 0 ? `then pass ${ALLOW_GUESSED_DROPS} to drop them anyway` : `${ALLOW_GUESSED_DROPS} writes the output with those keys kept`;
  return `${line}; nothing ${done}: review it, ${then}`;
}

/**
 * The plan --allow-guessed-drops applies: without the drops the text argues against, its mapping run
 * again over the source's keys. Their keys then reach the output under the names the other ops give
 * them (`kept`), which the target does not expect (added to `unexpected`). The plan itself when it has none.
 */
export function withoutAgainstTextDrops(plan: Plan, source: readonly KeyEntry[]): { plan: Plan; undone: DropOp[]; kept: string[] } {
  const against = againstTextDrops(plan);
  if (against.length === 0) return { plan, undone: [], kept: [] };
  const skip = new Set(against.map((d) => d.index));
  const ops = plan.ops.filter((_, i) => !skip.has(i));
  const { mapping } = applyOpsToKeys(ops, source);
  const names = (m: Plan['mapping']) => Object.values(m).flatMap((v) => (v === null ? [] : Array.isArray(v) ? v : [v]));
  const before = new Set(names(plan.mapping));
  const kept = names(mapping).filter((k) => !before.has(k));
  return { plan: { ...plan, ops, mapping, unexpected: [...(plan.unexpected ?? []), ...kept] }, undone: against.map((d) => d.op), kept };
}
