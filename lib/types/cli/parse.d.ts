import { type Argv } from 'yargs';
import type { Command } from './command.js';
import { type CommandEntry } from './commands.js';
export type Parsed = {
    kind: 'output';
    stdout: string;
} | {
    kind: 'run';
    entry: CommandEntry;
    command: Command<unknown>;
    args: Record<string, unknown>;
};
export declare function parseCommandLine(given: string[], version: string): Promise<Parsed>;
/**
 * yargs renders the whole help text after every command's handler (its command.js calls
 * cacheHelpMessage, to have the command's help should a later failure show it): a tenth of the CPU of
 * a small `inspect`. sdmatch's handlers only pick the arguments, help is never shown on a failure
 * (showHelpOnFail(false)), and `--help` is answered before any handler runs, so the cache is never read.
 * It reaches into yargs' internals, which an upgrade may change: test/cli/parse.test.ts fails if the
 * patch stops taking effect (or if yargs stops caching, when it can go).
 */
export declare function skipHelpCache(y: Argv): void;
