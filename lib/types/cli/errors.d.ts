/** Exit codes, documented in the README. */
export declare const EXIT: {
    /** success; for diff/check: no differences / passes policy */
    readonly ok: 0;
    /** diff found differences; check failed its policy */
    readonly differences: 1;
    /** bad input, bad usage, or a file that cannot be read */
    readonly error: 2;
    /** a bug in sdmatch itself */
    readonly internal: 3;
};
/** A usage problem the user can fix from the message alone (bad flag value, conflicting options). */
export declare class UsageError extends Error {
    readonly name = "UsageError";
}
export interface ErrorOutcome {
    line: string;
    code: number;
}
/** One line, no stack: bad input is the user's to fix and a trace would hide the message. */
export declare function describeError(e: unknown, debug: boolean): ErrorOutcome;
