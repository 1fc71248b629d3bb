import { type CliIO } from './io.js';
/**
 * `sdmatch inspect FILE [--json]` of a safetensors file or sharded set, without the rest of the CLI:
 * the entry of lib/inspect.cjs, which bin/sdmatch.js tries first for `inspect`. Issue 14: the sharded
 * set's whole read is ~1.5 × a Python script that reads the headers, and loading the 2 MB CLI bundle
 * (its code cache, its top level) and yargs was a fifth of the run; this bundle holds only the
 * safetensors readers and the inspect report.
 *
 * Exactness: it takes only command lines whose meaning yargs cannot vary (the two words, `--json`
 * before or after the file, a file that is not an option), reads only what openSafetensorsForReport
 * reads into columns, and prints through the command's own inspectResult and main's printResult: the
 * same stdout, stderr and exit code as `main`. Anything else — another option, a file it does not
 * read into columns (a torch zip, a remote path, a header outside the columns' subset, a file it cannot
 * open), or any error before the first byte is printed — answers null, and bin/sdmatch.js runs the
 * whole CLI, which reads the file again and says what it says of it.
 */
export declare function inspectEntry(argv: readonly string[], io?: CliIO): Promise<number | null>;
/** The file and --json of `inspect FILE`, `inspect FILE --json` or `inspect --json FILE`; null for any other command line. */
export declare function simpleInspect(argv: readonly string[]): {
    file: string;
    json: boolean;
} | null;
