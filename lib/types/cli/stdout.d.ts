import type { CommandResult } from './io.js';
/** One listener for the process: a stream reports its failures as events, possibly after main has returned. */
export declare function watchStdout(): void;
/** The reader has gone or writing failed: stop making output nobody gets. */
export declare function stdoutClosed(): boolean;
/** The exit code when writing stdout failed (EXIT.error, reported on stderr already), else null. */
export declare function stdoutFailure(): number | null;
/**
 * Write a piece of standard output; `done` is called once the stream no longer holds it (at once for
 * a file, after a failure, or when nothing is written any more).
 */
export declare function writeStdout(data: string | Uint8Array, done?: () => void): void;
/**
 * Prints a command's result (stdout, its stream, then stderr) and returns the exit code: the result's,
 * or the failed write's. Both entries call it after watchStdout(): main.ts's and inspect-entry.ts's.
 */
export declare function printResult(r: CommandResult & {
    stderr: string;
}): Promise<number>;
