/**
 * Every failure a user can cause with bad input is a FormatError: it carries the file it concerns so
 * the CLI can print one line (`sdmatch: FILE: problem`) and exit 2 without a stack trace.
 * Programming errors stay plain Errors so they are never mistaken for bad input.
 */
export declare class FormatError extends Error {
    /** the file (as the user named it) the problem was found in; '' when not yet known */
    file: string;
    readonly name = "FormatError";
    constructor(
    /** the file (as the user named it) the problem was found in; '' when not yet known */
    file: string, message: string, options?: {
        cause?: unknown;
    });
    /** The single line the CLI prints. */
    toLine(): string;
}
/** Tag an error raised deep inside a reader with the file it came from. */
export declare function withFile<T>(file: string, fn: () => T): T;
/**
 * A shape as an error message quotes it, `[2, 3]`: a long one cut after its first sizes with the count
 * of the rest, `[1, 1, …, and 449,993 more]`, so that a hostile header's one line stays a line (a
 * 450,000-number shape made a 7 MB message).
 */
export declare function quoteSizes(sizes: readonly number[]): string;
