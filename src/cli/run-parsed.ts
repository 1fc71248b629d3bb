import type { Command } from './command.js';
import { describeError } from './errors.js';
import type { CliIO, CommandResult } from './io.js';

/** What a run prints: its result, or the one line (and exit code) a failure is described by. */
export type RunOutcome = CommandResult & { stderr: string };

/**
 * A command whose arguments are parsed, run as the CLI runs it: --color / --no-color over the
 * terminal, the note `prefetch` makes first (main.ts fetches remote inputs), --quiet. Both entries
 * that run commands share it, main.ts (after yargs) and apply-entry.ts (after its own exact parse),
 * so that what a command prints cannot depend on which of them ran it.
 */
export async function runParsed(command: Command<unknown>, args: Record<string, unknown>, io: CliIO, prefetch?: (io: CliIO) => Promise<string>): Promise<RunOutcome> {
  // --color / --no-color win over the terminal and the environment (NO_COLOR, FORCE_COLOR)
  const flag = typeof args.color === 'boolean' ? args.color : undefined;
  const runIO: CliIO = flag === undefined ? io : { ...io, stdoutStyle: { color: flag }, stderrStyle: { color: flag } };
  const remoteNote = prefetch ? await prefetch(runIO) : '';
  const result = await command.run(args, runIO);
  // --quiet: the report goes, data asked for (JSON, a manifest, emitted code) stays
  const quiet = args.quiet === true && args.json !== true && result.data !== true;
  const out = quiet ? { stdout: '' } : { stdout: result.stdout, ...(result.stream ? { stream: result.stream } : {}) };
  const stderr = [remoteNote, result.stderr ?? ''].filter((l) => l !== '').join('\n');
  return { ...out, stderr, code: result.code };
}

/** A run that threw: one line on stderr (a trace with --debug), its exit code (errors.ts). */
export function failedRun(e: unknown, debug: boolean): RunOutcome {
  const { line, code } = describeError(e, debug);
  return { stdout: '', stderr: line, code };
}
