import { type CliIO, type CommandResult } from './io.js';
/**
 * Parses argv and runs one command, returning everything it would print. Nothing is written while a
 * command runs, so a failure half-way leaves no partial output; tests call this in-process.
 */
export declare function runCli(argv: string[], io: CliIO): Promise<Required<Omit<CommandResult, 'stream' | 'data'>>>;
/**
 * The `sdmatch` executable: run, print, return the exit code (bin/sdmatch.js sets it). How a write to
 * stdout ends (a closed pipe, a full disk) is stdout.ts's.
 */
export declare function main(argv: string[], io?: CliIO): Promise<number>;
