import { type CliIO } from './io.js';
/**
 * `sdmatch inspect FILE [--json]` without yargs and the other commands: the entry of lib/inspect.cjs,
 * which bin/sdmatch.js tries first for `inspect`. Issue 14: loading the 2 MB CLI bundle (its code
 * cache, its top level) and yargs cost ~75–90 ms of CPU of every inspect at load 20 (a fifth of the
 * sharded safetensors set's whole read, ~5 % of a 200,000-tensor torch zip's `--json`); this bundle
 * holds the inspect command alone (its readers behind the same lazy imports).
 *
 * Exactness: it takes only command lines whose meaning yargs cannot vary (the two words, `--json`
 * before or after the file, a local file that is not an option) and runs the command's own `run` with
 * the arguments yargs would give it, printing through main's printResult: the same stdout, stderr and
 * exit code as `main`. Anything else — another option, a remote path (main fetches it first), or any
 * error the command throws (main words it: a usage line, a file it cannot read, exit 3 for a bug) —
 * answers null before a byte is printed, and bin/sdmatch.js runs the whole CLI, which reads the file again.
 */
export declare function inspectEntry(argv: readonly string[], io?: CliIO): Promise<number | null>;
/** The file and --json of `inspect FILE`, `inspect FILE --json` or `inspect --json FILE`; null for any other command line. */
export declare function simpleInspect(argv: readonly string[]): {
    file: string;
    json: boolean;
} | null;
