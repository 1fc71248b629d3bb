import type { PlanOutcome } from './build.js';
import { type GuessedOp } from './guesses.js';
import type { PlanOp } from './types.js';
/** After the plan, the only keys still missing are kept missing on purpose, and nothing is unexpected. */
export declare function keptMissingOnly(outcome: Pick<PlanOutcome, 'fixable' | 'keptMissing' | 'missing' | 'unexpected'>): boolean;
/** The Python that gives the kept keys the model's own values, the load staying strict (run before load_state_dict). */
export declare function keptMissingPython(keys: readonly string[]): string;
/** Drops nothing settles (plan/unsettled.ts), as guesses: they write no values, but apply refuses them as guesses. */
export declare function unsettledDropGuesses(ops: readonly PlanOp[]): GuessedOp[];
/** Every op of the plan resting on a guess, in op order: what `guesses` lists in every rendering. */
export declare function planGuesses(outcome: Pick<PlanOutcome, 'plan' | 'result'>): GuessedOp[];
