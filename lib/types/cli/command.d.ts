import type { Argv } from 'yargs';
import type { CliIO, CommandResult } from './io.js';
/**
 * One CLI command: thin — declare its positionals and options on yargs, call the library, return
 * text. Its name and description are in commands.ts, so listing commands loads none of them.
 */
export interface Command<A> {
    builder: (y: Argv) => Argv<A>;
    run: (args: A, io: CliIO) => Promise<CommandResult>;
}
