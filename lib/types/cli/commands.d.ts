import type { Command } from './command.js';
/**
 * Every command the CLI offers, in the order `--help` lists them. Names and one-line descriptions
 * are here, statically; a command's options and implementation are loaded only when it runs, so
 * start-up does not pay for every reader, writer and inference step (it is part of `diff`'s second).
 */
export interface CommandEntry {
    /** name and positionals: `<required>`, `[optional]` */
    command: string;
    describe: string;
    load: () => Promise<Command<any>>;
}
export declare const COMMANDS: CommandEntry[];
/** The command name a command string starts with (`diff <source> <expected>` → `diff`). */
export declare function commandName(entry: CommandEntry): string;
