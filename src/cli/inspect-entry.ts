import { openSafetensorsForReport } from '../checkpoint/open-safetensors.js';
import { buildSafetensorsInspectModel } from '../report/inspect-safetensors.js';
import { processIO, type CliIO } from './io.js';
import { inspectResult } from './inspect-result.js';
import { printResult, watchStdout } from './stdout.js';

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
export async function inspectEntry(argv: readonly string[], io: CliIO = processIO()): Promise<number | null> {
  const line = simpleInspect(argv);
  if (line === null) return null;
  let result;
  try {
    const ckpt = await openSafetensorsForReport(line.file);
    if (ckpt === null) return null;
    result = inspectResult(ckpt, buildSafetensorsInspectModel(ckpt, {}), { json: line.json }, io);
  } catch {
    // the whole CLI meets the same failure and reports it (exit 3 for a bug of ours)
    return null;
  }
  watchStdout();
  return printResult({ ...result, stderr: result.stderr ?? '' });
}

/** The file and --json of `inspect FILE`, `inspect FILE --json` or `inspect --json FILE`; null for any other command line. */
export function simpleInspect(argv: readonly string[]): { file: string; json: boolean } | null {
  if (argv[0] !== 'inspect') return null;
  const rest = argv.slice(1);
  const json = rest.includes('--json');
  const files = rest.filter((a) => a !== '--json');
  // one plain file name: not empty, not an option or `-` (standard input), --json at most once
  if (files.length !== 1 || rest.length !== files.length + (json ? 1 : 0)) return null;
  const file = files[0]!;
  return file === '' || file.startsWith('-') ? null : { file, json };
}
