/**
 * Every failure a user can cause with bad input is a FormatError: it carries the file it concerns so
 * the CLI can print one line (`sdmatch: FILE: problem`) and exit 2 without a stack trace.
 * Programming errors stay plain Errors so they are never mistaken for bad input.
 */
export class FormatError extends Error {
  override readonly name = 'FormatError';
  constructor(
    /** the file (as the user named it) the problem was found in; '' when not yet known */
    public file: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** The single line the CLI prints. */
  toLine(): string {
    return this.file ? `${this.file}: ${this.message}` : this.message;
  }
}

/** Tag an error raised deep inside a reader with the file it came from. */
export function withFile<T>(file: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof FormatError && !e.file) e.file = file;
    throw e;
  }
}

/** how many of a list's sizes an error message quotes before it gives the count of the rest */
const QUOTED_SIZES = 8;

/**
 * A shape as an error message quotes it, `[2, 3]`: a long one cut after its first sizes with the count
 * of the rest, `[1, 1, …, and 449,993 more]`, so that a hostile header's one line stays a line (a
 * 450,000-number shape made a 7 MB message).
 */
export function quoteSizes(sizes: readonly number[]): string {
  if (sizes.length <= QUOTED_SIZES) return `[${sizes.join(', ')}]`;
  return `[${sizes.slice(0, QUOTED_SIZES).join(', ')}, … and ${(sizes.length - QUOTED_SIZES).toLocaleString('en-US')} more]`;
}
