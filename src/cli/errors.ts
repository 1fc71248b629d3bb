import { FormatError } from '../formats/errors.js';
import { ENVIRONMENT_ERRORS, environmentCode } from '../formats/io-errors.js';
import { printable } from '../report/printable.js';

/** Exit codes, documented in the README. */
export const EXIT = {
  /** success; for diff/check: no differences / passes policy */
  ok: 0,
  /** diff found differences; check failed its policy */
  differences: 1,
  /** bad input, bad usage, or a file that cannot be read */
  error: 2,
  /** a bug in sdmatch itself */
  internal: 3,
} as const;

/** A usage problem the user can fix from the message alone (bad flag value, conflicting options). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface ErrorOutcome {
  line: string;
  code: number;
}

/** One line, no stack: bad input is the user's to fix and a trace would hide the message. */
export function describeError(e: unknown, debug: boolean): ErrorOutcome {
  // messages quote file names and keys from the input: escaped, so a hostile name cannot add a line
  if (e instanceof FormatError) return { line: `sdmatch: ${printable(e.toLine())}${debug && e.stack ? `\n${e.stack}` : ''}`, code: EXIT.error };
  if (e instanceof UsageError) return { line: `sdmatch: ${printable(e.message)}`, code: EXIT.error };
  // a full disk or a read-only folder met where no command expected it: still the user's to fix
  const env = environmentCode(e);
  if (env !== null) {
    const err = e as NodeJS.ErrnoException;
    const where = err.path ? `${err.path}: ` : '';
    return { line: `sdmatch: ${printable(`${where}${ENVIRONMENT_ERRORS[env]} (${env})`)}${debug && err.stack ? `\n${err.stack}` : ''}`, code: EXIT.error };
  }
  const err = e instanceof Error ? e : new Error(String(e));
  const trace = debug ? `\n${err.stack ?? ''}` : ' (run with --debug for the trace)';
  return { line: `sdmatch: internal error: ${printable(err.message)}${trace}`, code: EXIT.internal };
}
