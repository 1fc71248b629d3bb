import type { Argv } from 'yargs';
import type { CliIO, CommandResult } from './io.js';

/** One CLI command: thin — parse arguments, call the library, return text. */
export interface Command<A> {
  command: string;
  describe: string;
  builder: (y: Argv) => Argv<A>;
  run: (args: A, io: CliIO) => Promise<CommandResult>;
}
