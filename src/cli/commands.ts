import type { Command } from './command.js';

/** Every command the CLI offers, in the order `--help` lists them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const COMMANDS: Command<any>[] = [];
