import type { Family } from './types.js';

export type KeyMapping = Record<string, string | string[] | null>;

export interface MappingScore {
  precision: number;
  recall: number;
  /** predicted pairs that agree with the truth */
  correct: number;
  /** pairs the mapping claims (see scoreMapping) */
  predicted: number;
  /** pairs in the truth */
  expected: number;
}

function sameTarget(a: string | string[] | null, b: string | string[] | null): boolean {
  if (a === null || b === null) return a === b;
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * How well a predicted key mapping (source key → target key, target keys for a split, null for a drop)
 * reproduces a family's truth.
 *
 *  - expected  = number of entries in `truth` (a null entry is a pair too: "this key must be dropped").
 *  - predicted = entries of `mapping` that claim something: every non-null entry, plus a null entry for a
 *                key that is in `truth`. A null for a key outside `truth` (a key with no counterpart) is
 *                neutral — dropping such a key is allowed — so it is not counted.
 *  - correct   = entries of `mapping` whose key is in `truth` with the same value (null equals null;
 *                lists must match element by element, in order).
 *  - precision = correct / predicted (1 when nothing is predicted: no claim is wrong).
 *  - recall    = correct / expected  (1 when the truth is empty).
 *
 * A source key missing from `mapping` is simply not predicted; a mapping that keeps a key under its own
 * name must therefore list it (key → key) to get credit for it.
 */
export function scoreMapping(family: Pick<Family, 'truth'>, mapping: KeyMapping): MappingScore {
  const truth = family.truth;
  let predicted = 0;
  let correct = 0;
  for (const [key, value] of Object.entries(mapping)) {
    const inTruth = Object.prototype.hasOwnProperty.call(truth, key);
    if (value === null && !inTruth) continue;
    predicted++;
    if (inTruth && sameTarget(value, truth[key] ?? null)) correct++;
  }
  return ratios(correct, predicted, Object.keys(truth).length);
}

/** precision and recall from counts (1 when nothing is predicted, resp. nothing expected) */
export function ratios(correct: number, predicted: number, expected: number): MappingScore {
  return {
    precision: predicted === 0 ? 1 : correct / predicted,
    recall: expected === 0 ? 1 : correct / expected,
    correct,
    predicted,
    expected,
  };
}
