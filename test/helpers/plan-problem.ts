import { expect } from 'vitest';
import { FormatError } from '../../src/formats/errors.js';
import { validatePlan } from '../../src/plan/validate.js';

/** The one line (file: path: problem) validatePlan throws for `json` read from plan.json. */
export function planProblem(json: unknown): string {
  try {
    validatePlan(json, 'plan.json');
  } catch (e) {
    expect(e).toBeInstanceOf(FormatError);
    return (e as FormatError).toLine();
  }
  throw new Error('expected a FormatError');
}
