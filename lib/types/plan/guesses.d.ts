import type { PlanOp } from './types.js';
/** Below this an op's pairs rest on structure, similarity or order, not on the names read as rules. */
export declare const GUESS_BELOW: 0.9;
export interface GuessedOp {
    /** the op's index in `plan.ops` (0-based; the report's table numbers them from 1) */
    index: number;
    op: PlanOp['op'];
    confidence: number | null;
    /** why its values are not verified, in words */
    why: string;
}
export declare function guessedOps(ops: readonly PlanOp[]): GuessedOp[];
/** `#2, #5, #7` (table numbers), at most `n` then `…`. */
export declare function guessNumbers(guesses: readonly GuessedOp[], n?: number): string;
/**
 * What is not verified, as one clause: `3 of 9 ops rest on guesses (#2, #5, #7: confidence below 0.90
 * or a reversal nothing witnesses), so their tensors' values are unverified`; null when none does.
 */
export declare function guessesClause(guesses: readonly GuessedOp[], opCount: number): string | null;
/**
 * From an error text alone, with Conv1D weights transposed by the plan (review 17 F1): the square weights of
 * that layout the error cannot name (their shape reads the same both ways) are left as stored, and load
 * with wrong values. Each transpose op of that layout is listed as resting on a guess: what it covers is
 * only what the text showed.
 */
export declare function unseenSquareGuesses(ops: readonly PlanOp[], warned: boolean): GuessedOp[];
