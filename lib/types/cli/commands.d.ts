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
/**
 * `plan edit`, `plan check` and `plan invert` are commands of their own (`plan-edit` …) that the
 * command line spells as two words, like `git remote add`: the words are joined before parsing, and
 * help shows them apart again.
 */
export declare const SUBCOMMANDS: Record<string, readonly string[]>;
export declare function joinSubcommand(argv: readonly string[]): string[];
/** The joined names (`plan-edit`, …), derived from SUBCOMMANDS. */
export declare const JOINED_SUBCOMMANDS: readonly string[];
/** Help and messages name the joined commands as typed: `plan-edit` → `plan edit`. */
export declare function splitSubcommands(text: string): string;
/** The command name a command string starts with (`diff <source> <expected>` → `diff`). */
export declare function commandName(entry: CommandEntry): string;
