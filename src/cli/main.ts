import { readFileSync } from 'node:fs';
import { EXIT, UsageError } from './errors.js';
import { processIO, type CliIO, type CommandResult } from './io.js';
import { failedRun, runParsed, type RunOutcome } from './run-parsed.js';
import { isRemotePath } from '../checkpoint/sources.js';
import { parseCommandLine } from './parse.js';
import { commandName } from './commands.js';
import { printResult, watchStdout } from './stdout.js';
import { downloadStep } from '../report/download-step.js';
import { shellText } from '../report/command-line.js';
import { npxNote } from './npx-note.js';

/**
 * Parses argv and runs one command, returning everything it would print. Nothing is written while a
 * command runs, so a failure half-way leaves no partial output; tests call this in-process.
 */
export async function runCli(argv: string[], io: CliIO): Promise<Required<Omit<CommandResult, 'stream' | 'data'>>> {
  const r = await runCommandLine(argv, io);
  if (!r.stream) return { stdout: r.stdout, stderr: r.stderr, code: r.code };
  let stdout = r.stdout;
  for (const chunk of r.stream) stdout += typeof chunk === 'string' ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length).toString('utf8');
  return { stdout, stderr: r.stderr, code: r.code };
}

/** runCli with a streamed output left unconsumed, for main to write as it is made. */
async function runCommandLine(argv: string[], io: CliIO): Promise<RunOutcome> {
  const r = await runArgv(argv, io);
  const note = r.stream ? null : npxNote(io.env, r.stdout);
  return note === null ? r : { ...r, stderr: r.stderr ? `${r.stderr.replace(/\n$/, '')}\n${note}` : note };
}

async function runArgv(argv: string[], io: CliIO): Promise<RunOutcome> {
  const debug = argv.includes('--debug');
  try {
    const parsed = await parseCommandLine(argv, version());
    if (parsed.kind === 'output') return { stdout: parsed.stdout, stderr: '', code: EXIT.ok };
    const { command, args } = parsed;
    return await runParsed(command, args, io, (runIO) => fetchRemoteSources(commandName(parsed.entry), args, runIO));
  } catch (e) {
    return failedRun(e, debug);
  }
}

/**
 * URLs and hf:// paths among the arguments are fetched by range before the command runs (the readers
 * are synchronous), and the bytes it took are reported on stderr. `apply` copies tensor bytes: it
 * asks for a download instead of streaming gigabytes through range requests.
 */
async function fetchRemoteSources(command: string, args: Record<string, unknown>, io: CliIO): Promise<string> {
  // apply's --target (the model to check the output against) needs keys and shapes only, as any other command's input
  const keysOnly = command === 'apply' ? (k: string) => k === 'target' : () => true;
  const specs = Object.entries(args)
    .filter(([k]) => k !== '_' && k !== '$0')
    .flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => [k, x] as const))
    .filter((kv): kv is readonly [string, string] => typeof kv[1] === 'string' && isRemotePath(kv[1]));
  const copied = specs.find(([k]) => !keysOnly(k));
  if (copied) {
    const step = downloadStep(copied[1]);
    throw new UsageError(`apply copies the tensor bytes of ${copied[1]}: download it first (${step.command}) and pass the file it writes (${shellText(step.local)})`);
  }
  if (specs.length === 0) return '';
  const { prefetchRemote, describeReport } = await import('../remote/prefetch.js');
  const lines: string[] = [];
  for (const spec of [...new Set(specs.map(([, v]) => v))]) lines.push(describeReport(await prefetchRemote(spec, io.env)));
  return lines.join('\n');
}

/**
 * sdmatch's own package.json, found upwards from this module: it runs from dist/cli/ (the library
 * build), from lib/ (the bundle bin/sdmatch.js loads) and from src/cli/ (tests).
 */
function version(): string {
  for (let dir = new URL('.', import.meta.url); ; ) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('package.json', dir), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'sdmatch' && pkg.version) return pkg.version;
    } catch {
      // no package.json here: go up
    }
    const up = new URL('..', dir);
    if (up.href === dir.href) return 'unknown';
    dir = up;
  }
}

/**
 * The `sdmatch` executable: run, print, return the exit code (bin/sdmatch.js sets it). How a write to
 * stdout ends (a closed pipe, a full disk) is stdout.ts's.
 */
export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  watchStdout();
  return printResult(await runCommandLine(argv, io));
}
