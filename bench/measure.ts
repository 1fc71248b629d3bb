import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
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
 * Peak RSS of a measured process is read from /proc/self/status's VmHWM, never from getrusage's
 * ru_maxrss: on Linux a child's ru_maxrss starts at its parent's RSS at fork (the bench process holds
 * hundreds of MB after the scale suite, and every child then reported it), while VmHWM belongs to the
 * memory of the program exec'd. PY_PEAK_RSS_KIB is a Python expression for it.
 */
export const PY_PEAK_RSS_KIB = "int([l for l in open('/proc/self/status') if l.startswith('VmHWM:')][0].split()[1])";
/** The same for a Node program given as text, with `readFileSync` of node:fs in scope */
export const NODE_PEAK_RSS_KIB = "Number(/VmHWM:\\s+(\\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1])";

/** This process's own peak RSS in KiB (VmHWM); measure-child.cjs, plain JavaScript, keeps its copy of the read */
export function peakRssKiB(): number {
  return Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? NaN);
}

/**
 * Run `sdmatch ARGS` in a fresh Node process and measure it. With `stdoutFd` the output goes to that
 * file instead of into memory (`stdout` is then empty): 2,000,000 tensors print half a gigabyte.
 */
export function runCli(args: string[], stdoutFd?: number): Measured {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [join(benchDir, 'measure-child.cjs'), ...args], {
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

const GNU_TIME = '/usr/bin/time';

/**
 * Time a command (e.g. `cp`) the same way, for side-by-side throughput; its CPU time (user + system)
 * too when GNU time is installed (NaN otherwise), since wall time on a shared machine measures the
 * neighbours as well.
 */
export function runCommand(cmd: string, args: string[]): { wallMs: number; code: number; cpuMs: number } {
  const timed = existsSync(GNU_TIME);
  const t0 = process.hrtime.bigint();
  const r = timed
    ? spawnSync(GNU_TIME, ['-f', 'sdmatch-bench-cpu %U %S', cmd, ...args], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' })
    : spawnSync(cmd, args, { stdio: 'ignore' });
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const m = timed ? /sdmatch-bench-cpu ([\d.]+) ([\d.]+)\s*$/.exec(String(r.stderr ?? '')) : null;
  return { wallMs, code: r.status ?? -1, cpuMs: m ? (Number(m[1]) + Number(m[2])) * 1000 : NaN };
}
