import { FormatError } from '../../src/formats/errors.js';

/** The FormatError `f` throws: anything else it throws is thrown on (the test fails with it), and so is nothing. */
export function formatErrorOf(f: () => unknown): FormatError {
  try {
    f();
  } catch (e) {
    if (e instanceof FormatError) return e;
    throw e;
  }
  throw new Error('expected a FormatError, nothing was thrown');
}

/** The one line (file: problem) of the FormatError `f` throws. */
export function formatErrorLine(f: () => unknown): string {
  return formatErrorOf(f).toLine();
}
