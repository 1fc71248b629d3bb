/**
 * The ops of a plan that rest on a guess: what a strict load cannot check. `load_state_dict(strict=True)`
 * checks names and shapes; a rename that pairs two look-alike tensors the wrong way round, or a reversed
 * weight that was really a model of swapped sizes, loads without an error and with wrong values. So a
 * plan's "succeeds" (plan, explain) and "verified" (apply) are said of keys and shapes, and these ops are
 * named beside them as what is not verified.
 *
 * An op is a guess when its confidence is below the one the exact rules start at, or when it takes a
 * reversed weight nothing witnesses to be transposed. The line is CONFIDENCE.prefixBase, where a rule
 * read off the names (a prefix) starts; exact and equal-but-spelling names sit above it, while pairs made
 * by structure, similarity or order (module alignment by order, templates, stacks by order) fall below.
 * A prefix op is itself such a rule: each key keeps its own name past the prefix, so it lands on the model
 * key of that very name, whatever confidence the pairs that showed the prefix carry (module alignment may
 * find DDP's `module.` pairs first, at 0.85); a key it leaves on no model key fails the strict load, and
 * one another op renames further is that op's guess. Drops are not listed here: they write no values (a drop
 * the text does not settle is refused by apply on its own, plan/unsettled.ts, and listed beside these by
 * plan/claims.ts for the JSON). Ops with no confidence
 * (written by hand) are taken as their author's.
 */
import { CONFIDENCE } from '../analysis/infer/confidence.js';
import type { PlanOp } from './types.js';
import { removesWrapperInfix } from '../analysis/key-roles.js';

/** Below this an op's pairs rest on structure, similarity or order, not on the names read as rules. */
export const GUESS_BELOW = CONFIDENCE.prefixBase;

export interface GuessedOp {
  /** the op's index in `plan.ops` (0-based; the report's table numbers them from 1) */
  index: number;
  op: PlanOp['op'];
  confidence: number | null;
  /** why its values are not verified, in words */
  why: string;
}

export function guessedOps(ops: readonly PlanOp[]): GuessedOp[] {
  const out: GuessedOp[] = [];
  ops.forEach((op, index) => {
    // removing a wrapper's infix (`_fsdp_wrapped_module.`) is read off the names as a prefix is (key-roles.ts WRAPPER_INFIXES)
    if (op.op === 'drop' || op.op === 'strip_prefix' || op.op === 'add_prefix' || removesWrapperInfix(op)) return;
    const confidence = typeof op.confidence === 'number' ? op.confidence : null;
    if (op.op === 'transpose' && op.unwitnessed === true) {
      out.push({ index, op: op.op, confidence, why: 'a reversed weight nothing witnesses, taken to be transposed: a model of swapped sizes would load the same' });
    } else if (confidence !== null && confidence < GUESS_BELOW) {
      out.push({ index, op: op.op, confidence, why: `confidence ${confidence.toFixed(2)}, below the ${GUESS_BELOW.toFixed(2)} rules read off the names reach: paired by structure, similarity or order` });
    }
  });
  return out;
}

/** `#2, #5, #7` (table numbers), at most `n` then `…`. */
export function guessNumbers(guesses: readonly GuessedOp[], n = 6): string {
  const shown = guesses.slice(0, n).map((g) => `#${g.index + 1}`).join(', ');
  return guesses.length > n ? `${shown}, …` : shown;
}

/**
 * What is not verified, as one clause: `3 of 9 ops rest on guesses (#2, #5, #7: confidence below 0.90
 * or a reversal nothing witnesses), so their tensors' values are unverified`; null when none does.
 */
export function guessesClause(guesses: readonly GuessedOp[], opCount: number): string | null {
  if (guesses.length === 0) return null;
  const kinds = [
    guesses.some((g) => g.why.startsWith('confidence')) && `confidence below ${GUESS_BELOW.toFixed(2)}`,
    guesses.some((g) => g.why.startsWith('a reversed')) && 'a reversal nothing witnesses',
  ].filter(Boolean).join(' or ');
  const one = guesses.length === 1;
  return `${guesses.length === opCount ? (one ? 'its one op rests' : `all ${opCount} ops rest`) : `${guesses.length} of ${opCount} ops rest${one ? 's' : ''}`} on a guess (${guessNumbers(guesses)}: ${kinds}), so the values ${one ? 'it moves are' : 'they move are'} unverified`;
}

/**
 * From an error text alone, with Conv1D weights transposed by the plan (review 17 F1): the square weights of
 * that layout the error cannot name (their shape reads the same both ways) are left as stored, and load
 * with wrong values. Each transpose op of that layout is listed as resting on a guess: what it covers is
 * only what the text showed.
 */
export function unseenSquareGuesses(ops: readonly PlanOp[], warned: boolean): GuessedOp[] {
  if (!warned) return [];
  return ops.flatMap((op, index) =>
    op.op === 'transpose' && (op.evidence ?? '').includes('Conv1D')
      ? [{ index, op: op.op, confidence: typeof op.confidence === 'number' ? op.confidence : null, why: 'transposes only the Conv1D weights the error names: a square weight of the same layout has the same shape either way, is never named, and loads as stored, with wrong values; give the checkpoint (sdmatch explain CHECKPOINT ERROR.txt), which finds them' }]
      : [],
  );
}
