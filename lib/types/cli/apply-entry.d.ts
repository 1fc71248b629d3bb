import { type CliIO } from './io.js';
/**
 * `sdmatch apply SOURCE PLAN [options]` without yargs and the other commands: the entry of
 * lib/apply.cjs, which bin/sdmatch.js tries first for `apply`. Issue 14: apply's floors are against
 * `cp`, and its fixed cost was most of what separated them: ~435 ms of CPU on a tiny checkpoint against
 * ~224 ms for `--version`, of which loading the whole CLI's bundle (its code cache, its top level) and
 * yargs' parse were ~120 ms; this bundle holds the apply command alone.
 *
 * Exactness. Unlike inspect-entry.ts, this entry never hands a command line back to the CLI once it has
 * started: apply writes files, and running it twice to word an error would copy gigabytes twice. So it
 * decides before anything runs, from the command line alone: it takes only lines whose meaning yargs
 * cannot vary — the two positionals, and apply's own and the global options in their plain spellings
 * (`--name`, `--no-name` of a boolean, `--name VALUE` or `-o VALUE`), each once — builds the arguments
 * yargs would give the command (test/cli/apply-entry.test.ts compares them with yargs' on many lines),
 * and runs the command through main's own steps (run-parsed.ts: --color, --quiet, the error's one line
 * and exit code) and printResult. Anything else (another option or spelling, a repeated option, `-`,
 * `--`, a value starting with `-`, a word yargs would read as a boolean's value, options that conflict
 * (option-rules.ts), a remote path, which main fetches or refuses first, --help) answers null before anything is read, and the whole CLI runs.
 */
export declare function applyEntry(argv: readonly string[], io?: CliIO): Promise<number | null>;
/**
 * The arguments yargs gives apply's run for `argv`, when it is a command line this entry takes (see
 * applyEntry); null for any other.
 */
export declare function simpleApply(argv: readonly string[]): Record<string, unknown> | null;
