import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { formatBytes, renderTable } from '../src/report/table.js';
import { benchDir } from './measure.js';
import { BenchFiles, GB } from './gen/files.js';
import { loadWithTorch, torchAvailable } from './gen/verify-torch.js';
import { applySuite } from './suites/apply.js';
import { dcpSuite } from './suites/dcp.js';
import { diagnoseSuite } from './suites/diagnose.js';
import { diagnoseRobustSuite } from './suites/diagnose-robust.js';
import { diffSuite } from './suites/diff.js';
import { distributedSuite } from './suites/distributed.js';
import { fuzzSuite } from './suites/fuzz.js';
import { htmlSuite } from './suites/html.js';
import { inspectSuite } from './suites/inspect.js';
import { planScaleSuite } from './suites/plan-scale.js';
import { planSuite } from './suites/plan.js';
import { planStructureSuite } from './suites/plan-structure.js';
import { remoteSuite } from './suites/remote.js';
import { cliScaleSuite } from './suites/cli-scale.js';
import { scaleSuite } from './suites/scale.js';
import { startupSuite } from './suites/startup.js';
import type { FloorCheck, Suite, SuiteResult } from './suites/suite.js';

/**
 * `npm run bench [-- --only inspect,diff] [--keep]`: runs the suites, prints each one's tables and a
 * summary of every floor, and writes everything to bench/out/results.json. Exit code 1 when a floor
 * fails or a suite breaks; suites whose command does not exist yet are reported, not failed.
 */

const SUITES: Suite[] = [startupSuite, inspectSuite, diffSuite, diagnoseSuite, diagnoseRobustSuite, planSuite, planScaleSuite, planStructureSuite, cliScaleSuite, scaleSuite, applySuite, dcpSuite, distributedSuite, fuzzSuite, remoteSuite, htmlSuite];
const NO_COLOR = { color: false };

interface Ran {
  suite: string;
  describe: string;
  seconds: number;
  result: SuiteResult;
}

function usage(): string {
  return [
    'usage: npm run bench -- [--only SUITE[,SUITE…]] [--keep] [--verify-torch]',
    '  --only   run these suites only (repeatable); suites: ' + SUITES.map((s) => s.name).join(', '),
    '  --keep   keep the generated files in the scratch folder',
    '  --verify-torch  afterwards (untimed), load every generated checkpoint with PyTorch',
  ].join('\n');
}

function selectSuites(only: string[]): Suite[] {
  if (only.length === 0) return SUITES;
  const names = only.flatMap((o) => o.split(',')).map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !SUITES.some((s) => s.name === n));
  if (unknown.length) throw new Error(`unknown suite ${unknown.join(', ')}\n${usage()}`);
  return SUITES.filter((s) => names.includes(s.name));
}

function formatValue(v: number | null, unit: string): string {
  if (v === null) return 'not measured';
  if (unit === 'ms') return `${v.toFixed(0)} ms`;
  if (unit === 'MB') return `${v.toFixed(0)} MB`;
  if (unit === '×') return `${v.toFixed(2)} ×`;
  return Number.isInteger(v) ? String(v) : v.toFixed(4);
}

function formatFloor(f: FloorCheck): string {
  if (f.comparison === null || f.threshold === null) return '—';
  return `${f.comparison} ${formatValue(f.threshold, f.unit)}`;
}

function verdict(f: FloorCheck, status: SuiteResult['status'], reason: string | undefined): string {
  if (f.comparison === null) return status === 'ok' ? 'info' : status;
  if (f.pass === null) return status === 'ok' ? 'not measured' : `${status}${reason ? ` (${reason})` : ''}`;
  return f.pass ? 'pass' : 'FAIL';
}

function machineNote(): { cores: number; load: number[]; note: string | null } {
  const cores = cpus().length;
  const load = loadavg();
  const busy = (load[0] ?? 0) > cores * 0.5;
  return { cores, load, note: busy ? `load average ${load.map((l) => l.toFixed(2)).join(' ')} on ${cores} cores: the machine is busy, timings are noisy` : null };
}

interface TorchCheck {
  file: string;
  ok: boolean;
  detail: string;
}

/** Untimed: PyTorch loads every generated checkpoint (see gen/verify-torch.ts); null when torch is missing. */
function verifyGenerated(files: BenchFiles, log: (m: string) => void): TorchCheck[] | null {
  if (!torchAvailable()) {
    log('--verify-torch: no Python with torch (/usr/bin/python3 or SDMATCH_TORCH_PYTHON); generated files not verified');
    return null;
  }
  return files.generated.filter((g) => g.name.endsWith('.pt')).map((g) => {
    const v = loadWithTorch(files.path(g.name));
    const detail = v.ok ? `torch.load(weights_only=True) read ${v.tensors} tensors` : `rejected by torch.load: ${v.reason}`;
    log(`--verify-torch: ${g.name}: ${detail}`);
    return { file: g.name, ok: v.ok, detail };
  });
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { only: { type: 'string', multiple: true, default: [] }, keep: { type: 'boolean', default: false }, 'verify-torch': { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
  });
  if (values.help) {
    console.log(usage());
    return 0;
  }
  const suites = selectSuites(values.only ?? []);
  const files = new BenchFiles();
  const log = (m: string): void => void process.stderr.write(`bench: ${m}\n`);
  const before = machineNote();
  log(`${suites.map((s) => s.name).join(', ')} — scratch ${files.dir} (${(files.freeBytes() / GB).toFixed(1)} GB free)`);
  if (before.note) log(before.note);

  const ran: Ran[] = [];
  let torchChecks: TorchCheck[] | null = null;
  try {
    for (const suite of suites) {
      log(`suite ${suite.name}: ${suite.describe}`);
      const t0 = performance.now();
      let result: SuiteResult;
      try {
        result = await suite.run({ files, log });
      } catch (e) {
        result = { status: 'error', reason: (e as Error).message, tables: [], floors: [], data: { stack: (e as Error).stack } };
      }
      const seconds = (performance.now() - t0) / 1000;
      ran.push({ suite: suite.name, describe: suite.describe, seconds, result });
      console.log(`\n== ${suite.name} (${seconds.toFixed(1)} s): ${result.status}${result.reason ? ` — ${result.reason}` : ''}`);
      for (const t of result.tables) console.log(`\n${t.title}\n${renderTable(NO_COLOR, t.head, t.rows)}`);
    }
    if (values['verify-torch']) torchChecks = verifyGenerated(files, log);
  } finally {
    if (values.keep) log(`kept the generated files in ${files.dir}`);
    else files.cleanup();
  }

  if (files.generated.length) {
    console.log(`\n== generated inputs\n${renderTable(NO_COLOR, ['file', 'size', 'generation'], files.generated.map((g) => [g.name, formatBytes(g.bytes), `${(g.ms / 1000).toFixed(1)} s`]))}`);
  }
  const after = machineNote();
  const summary = ran.flatMap(({ suite, result }) => {
    const rows = result.floors.map((f) => ({ suite, ...f, verdict: verdict(f, result.status, result.reason) }));
    if (result.status === 'error') rows.push({ suite, metric: `${suite} suite`, value: null, unit: '', comparison: null, threshold: null, pass: false, verdict: `FAIL (error: ${result.reason ?? ''})` });
    return rows;
  });
  for (const c of torchChecks ?? []) {
    summary.push({ suite: 'verify-torch', metric: `torch.load accepts ${c.file}`, value: null, unit: '', comparison: null, threshold: null, pass: c.ok, verdict: c.ok ? 'pass' : `FAIL (${c.detail})` });
  }
  console.log(`\n== summary\n${renderTable(NO_COLOR, ['metric', 'value', 'floor', 'result'], summary.map((r) => [
    r.metric, r.value === null && r.comparison === null ? '' : formatValue(r.value, r.unit), formatFloor(r), r.verdict,
  ]))}`);
  for (const r of summary) if (r.note) console.log(`  ${r.metric}: ${r.note}`);
  const noisy = before.note ?? after.note;
  if (noisy) console.log(`\nnote: ${noisy}`);

  const outDir = join(benchDir, 'out');
  mkdirSync(outDir, { recursive: true });
  const results = {
    date: new Date().toISOString(),
    node: process.version,
    machine: { cores: before.cores, loadBefore: before.load, loadAfter: after.load, noisy: noisy !== null },
    generated: files.generated,
    torchChecks,
    suites: Object.fromEntries(ran.map((r) => [r.suite, { describe: r.describe, seconds: r.seconds, ...r.result }])),
    summary,
  };
  writeFileSync(join(outDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  log(`results written to ${join(outDir, 'results.json')}`);
  return summary.some((r) => r.pass === false) ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`bench: ${(e as Error).message}\n`);
    process.exitCode = 2;
  },
);
