import { COMMANDS } from '../../src/cli/commands.js';
import type { BenchFiles } from '../gen/files.js';
import type { Measured } from '../measure.js';

/**
 * What every suite is and returns. A suite measures, prints nothing itself (the runner prints its
 * tables) and never hides a failed floor: a floor that cannot be measured is reported as such.
 */

export interface SuiteContext {
  files: BenchFiles;
  /** progress lines on stderr (generation, long runs), so stdout stays the tables */
  log: (message: string) => void;
}

export interface Table {
  title: string;
  head: string[];
  rows: (string | number)[][];
}

export type Comparison = '<' | '<=' | '>=';

/** One checked floor: pass is null when the value could not be measured. */
export interface FloorCheck {
  metric: string;
  value: number | null;
  unit: string;
  comparison: Comparison | null;
  threshold: number | null;
  pass: boolean | null;
  /** what the value stands for when it counts failures (e.g. which families) */
  note?: string;
}

export type SuiteStatus = 'ok' | 'not available' | 'skipped' | 'error';

export interface SuiteResult {
  status: SuiteStatus;
  /** why the suite was not run or failed */
  reason?: string;
  tables: Table[];
  floors: FloorCheck[];
  /** the raw numbers, for bench/out/results.json */
  data: unknown;
}

export interface Suite {
  name: string;
  describe: string;
  run: (ctx: SuiteContext) => Promise<SuiteResult> | SuiteResult;
}

export function floor(metric: string, value: number | null, unit: string, comparison: Comparison, threshold: number): FloorCheck {
  const ok = value === null || !Number.isFinite(value)
    ? null
    : comparison === '<' ? value < threshold : comparison === '<=' ? value <= threshold : value >= threshold;
  return { metric, value: value !== null && Number.isFinite(value) ? value : null, unit, comparison, threshold, pass: ok };
}

/** A number worth showing in the summary without a floor of its own. */
export function info(metric: string, value: number | null, unit: string): FloorCheck {
  return { metric, value, unit, comparison: null, threshold: null, pass: null };
}

export function notRun(status: Exclude<SuiteStatus, 'ok'>, reason: string, floors: FloorCheck[] = [], data: unknown = null): SuiteResult {
  return { status, reason, tables: [], floors, data };
}

/** Is `sdmatch NAME` a registered command of the build being measured? */
export function commandAvailable(name: string): boolean {
  return COMMANDS.some((c) => c.command.split(' ')[0] === name);
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * A CLI run that failed is a broken measurement, not a fast one. Throws with the command's first stderr
 * line unless its exit code is one of `codes`.
 */
export function expectCode(m: Measured, codes: readonly number[], what: string): Measured {
  if (!codes.includes(m.code)) {
    const line = m.stderr.trim().split('\n')[0] ?? '';
    throw new Error(`${what} exited with ${m.code}${line ? `: ${line}` : ''}`);
  }
  return m;
}

export const ms = (x: number): string => (Number.isFinite(x) ? `${x.toFixed(0)} ms` : 'n/a');
export const mib = (x: number): string => (Number.isFinite(x) ? `${x.toFixed(0)} MiB` : 'n/a');
export const pct = (x: number): string => (Number.isFinite(x) ? `${(x * 100).toFixed(1)} %` : 'n/a');
export const gb = (bytes: number): string => `${(bytes / 1e9).toFixed(2)} GB`;
