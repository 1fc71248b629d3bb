/**
 * What a plan claims, read by every rendering of it (review 17 F8): the text's verdict and fix line, the
 * JSON's `fixable`, `complete`, `guesses` and `fix`, and the HTML page all take these from here, so a tool
 * reading the JSON gets the answer a person reading the text gets.
 *
 * - whether the model keys left missing are only those kept missing on purpose (the fix then ends by giving
 *   them the model's own values: the same step in the verdict's words and in the fix's code);
 * - the ops resting on a guess: those whose values a strict load cannot check (plan/guesses.ts), the Conv1D
 *   transposes an error text cannot see whole, and the drops nothing the plan was made from settles, which
 *   apply refuses without --allow-guessed-drops (a tool must not read `guesses: []` where apply refuses).
 */
import { SQUARE_CONV1D_UNNAMED } from '../analysis/infer/tensor-ops.js';
import type { PlanOutcome } from './build.js';
import { guessedOps, unseenSquareGuesses, type GuessedOp } from './guesses.js';
import { isAgainstText, isUnsettledDrop } from './unsettled.js';
import type { PlanOp } from './types.js';

/** After the plan, the only keys still missing are kept missing on purpose, and nothing is unexpected. */
export function keptMissingOnly(outcome: Pick<PlanOutcome, 'fixable' | 'keptMissing' | 'missing' | 'unexpected'>): boolean {
  return outcome.fixable && outcome.keptMissing.length > 0 && outcome.missing.length === outcome.keptMissing.length && outcome.unexpected.length === 0;
}

/** The Python that gives the kept keys the model's own values, the load staying strict (run before load_state_dict). */
export function keptMissingPython(keys: readonly string[]): string {
  return `own = model.state_dict(); state_dict.update({k: own[k] for k in [${keys.map((k) => `'${k}'`).join(', ')}]})`;
}

/** Drops nothing settles (plan/unsettled.ts), as guesses: they write no values, but apply refuses them as guesses. */
export function unsettledDropGuesses(ops: readonly PlanOp[]): GuessedOp[] {
  return ops.flatMap((op, index) => {
    if (!isUnsettledDrop(op)) return [];
    const why = isAgainstText(op)
      ? 'a drop the error text argues against (the model should have these keys, or holds them under another name): apply leaves it undone even with --allow-guessed-drops'
      : 'a drop nothing the plan was made from settles: the keys may be trained weights the model should have; apply refuses it without --allow-guessed-drops (its reason says what decides)';
    return [{ index, op: op.op, confidence: typeof op.confidence === 'number' ? op.confidence : null, why }];
  });
}

/** Every op of the plan resting on a guess, in op order: what `guesses` lists in every rendering. */
export function planGuesses(outcome: Pick<PlanOutcome, 'plan' | 'result'>): GuessedOp[] {
  const ops = outcome.plan.ops;
  const all = [...guessedOps(ops), ...unseenSquareGuesses(ops, outcome.result.warnings.includes(SQUARE_CONV1D_UNNAMED)), ...unsettledDropGuesses(ops)];
  return all.sort((a, b) => a.index - b.index);
}
