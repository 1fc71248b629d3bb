import { type CliIO, type CommandResult } from './io.js';
/**
 * Parses argv and runs one command, returning everything it would print. Nothing is written while a
 * command runs, so a failure half-way leaves no partial output; tests call this in-process.
 */
export declare function runCli(argv: string[], io: CliIO): Promise<Required<Omit<CommandResult, 'stream' | 'data'>>>;
/**
 * The `sdmatch` executable: run, print, return the exit code (bin/sdmatch.js sets it). A reader that
 * closes the pipe early (`sdmatch inspect … | head`) ends the output quietly, as Unix tools do.
 */
export declare function main(argv: string[], io?: CliIO): Promise<number>;
