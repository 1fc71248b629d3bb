import { vi } from 'vitest';
import type { CliIO } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

/**
 * Runs the CLI in-process as a user would, capturing what reaches the terminal. main() prints the
 * command's result itself (process.stdout/stderr), so the streams are intercepted for the call.
 */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliRunOptions {
  /** what standard input holds; reading it when absent fails the test */
  stdin?: string;
  /** what a TTY without NO_COLOR would give the command */
  color?: boolean;
  /** the environment the command sees (none by default) */
  env?: NodeJS.ProcessEnv;
}

export async function runCli(argv: string[], opts: CliRunOptions = {}): Promise<CliRun> {
  // SDMATCH_TEST_APPLY_ENTRY=1: `apply` runs as bin/sdmatch.js runs it, from its own entry
  // (src/cli/apply-entry.ts), main only for a command line the entry leaves: every test of apply then
  // checks the entry's output, errors and exit codes (issue 14)
  if (process.env.SDMATCH_TEST_APPLY_ENTRY === '1' && argv[0] === 'apply') {
    const { applyEntry } = await import('../../src/cli/apply-entry.js');
    const viaEntry = await captureRun((io) => applyEntry(argv, io), opts);
    if (viaEntry !== null) return viaEntry;
  }
  return (await captureRun((io) => main(argv, io), opts))!;
}

/** What an entry that prints for itself (main, inspect-entry.ts) prints and returns; null when it answers null. */
export async function captureRun(entry: (io: CliIO) => Promise<number | null>, opts: CliRunOptions = {}): Promise<CliRun | null> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdoutStyle: { color: opts.color ?? false },
    stderrStyle: { color: false },
    stderrIsTTY: false,
    env: opts.env ?? {},
    readStdin: async () => {
      if (opts.stdin === undefined) throw new Error('test: the command read stdin, which this run does not provide');
      return opts.stdin;
    },
    progress: () => {},
  };
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  });
  try {
    const code = await entry(io);
    return code === null ? null : { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}
