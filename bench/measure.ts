import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
/** bench/ in the source tree, whether this file runs from bench/ or dist-bench/bench/ */
export const benchDir = here.includes('dist-bench') ? join(here, '..', '..', 'bench') : here;

export interface Measured {
  code: number;
  /** wall time of the whole child process, start-up included */
  wallMs: number;
  /** time inside main(), after Node's own start-up */
  mainMs: number;
  /** user + system CPU time of the whole child process, start-up included */
  cpuMs: number;
  maxRssMiB: number;
  stdout: string;
  stderr: string;
}

/**
 * Run `sdmatch ARGS` in a fresh Node process and measure it. With `stdoutFd` the output goes to that
 * file instead of into memory (`stdout` is then empty): 2,000,000 tensors print half a gigabyte.
 */
export function runCli(args: string[], stdoutFd?: number): Measured {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [join(benchDir, 'measure-child.mjs'), ...args], {
    stdio: ['ignore', stdoutFd ?? 'pipe', 'pipe', 'pipe'],
    maxBuffer: 1 << 30,
    encoding: 'utf8',
  });
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const report = JSON.parse(String((r.output as (string | null)[])[3] ?? '').trim().split('\n').pop() || '{}') as { code?: number; ms?: number; cpuMs?: number; maxRssKiB?: number };
  return {
    code: r.status ?? -1,
    wallMs,
    mainMs: report.ms ?? NaN,
    cpuMs: report.cpuMs ?? NaN,
    maxRssMiB: (report.maxRssKiB ?? NaN) / 1024,
    stdout: r.stdout ?? '',
    stderr: r.stderr,
  };
}

/** Time a command (e.g. `cp`) the same way, for side-by-side throughput. */
export function runCommand(cmd: string, args: string[]): { wallMs: number; code: number } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { stdio: 'ignore' });
  return { wallMs: Number(process.hrtime.bigint() - t0) / 1e6, code: r.status ?? -1 };
}
