import { type Options } from 'yargs';
import type { Command } from './command.js';
import { type CommandEntry } from './commands.js';
/**
 * The command line, parsed by yargs: commands, options, generated help, completion and validation.
 * yargs is bundled into lib/cli.mjs with the rest of the CLI (one module to load), and only the
 * command being run has its options built (its module imported), so start-up pays for yargs itself and
 * one command. yargs' failure messages are turned into sdmatch's own one-line usage errors below.
 */
/** Options every command takes, the same everywhere. */
export declare const GLOBAL_OPTIONS: Record<string, Options>;
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
