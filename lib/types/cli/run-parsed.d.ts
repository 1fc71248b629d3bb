import type { Command } from './command.js';
import type { CliIO, CommandResult } from './io.js';
/** What a run prints: its result, or the one line (and exit code) a failure is described by. */
export type RunOutcome = CommandResult & {
    stderr: string;
};
/**
 * A command whose arguments are parsed, run as the CLI runs it: --color / --no-color over the
 * terminal, the note `prefetch` makes first (main.ts fetches remote inputs), --quiet. Both entries
 * that run commands share it, main.ts (after yargs) and apply-entry.ts (after its own exact parse),
 * so that what a command prints cannot depend on which of them ran it.
 */
export declare function runParsed(command: Command<unknown>, args: Record<string, unknown>, io: CliIO, prefetch?: (io: CliIO) => Promise<string>): Promise<RunOutcome>;
/** A run that threw: one line on stderr (a trace with --debug), its exit code (errors.ts). */
export declare function failedRun(e: unknown, debug: boolean): RunOutcome;
