import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { formatBytes } from '../../src/report/table.js';
import { NODE_PEAK_RSS_KIB, PY_PEAK_RSS_KIB, runCli, type Measured } from '../measure.js';
import { lightningCheckpoint, scaleCheckpoint, shardedSafetensors, SHARD_TENSORS, SHARDS } from '../gen/scale.js';
import { PYTHON, torchAvailable } from '../gen/verify-torch.js';
import { expectCode, floor, info, median, ms, notRun, type FloorCheck, type Suite, type SuiteContext, type SuiteResult, type Table } from './suite.js';

/**
 * Issue 14, the reading side at model scale, side by side in one run:
 *  - `inspect` (table and `--json`) of a 200,000-tensor torch zip against `torch.load(weights_only=True)`
 *    (Debian's torch 1.13), median of 3 fresh processes each, in rotated order;
 *  - the same for a 200,000-tensor Lightning checkpoint (50,000 parameters under `state_dict` and Adam's
 *    step, exp_avg and exp_avg_sq for each under `optimizer_states`): nested, shown without floors;
 *  - `inspect --json` of 2,000,000 tensors (the JSON written to a file, as a user redirects it);
 *  - growth: `inspect --json` at 1k, 10k, 100k and 1M tensors and the fitted exponents of time and memory;
 *  - a sharded safetensors set (20 shards, 50,000 tensors) against a Python script that reads only the
 *    headers (and huggingface.js's parseSafetensorsMetadata when @huggingface/hub is installed).
 * Every process reports wall time, CPU time (user + system) and peak RSS: the machine is shared, so
 * wall times carry the neighbours' load and CPU time is the steadier number.
 */

const RUNS = 3;
const SHARD_RUNS = 5;
const MIB_TO_MB = 1.048576;
/** VmHWM (see measure.ts) is in KiB */
const KIB_TO_MB = 1.024e-3;

const COMPARE_N = 200_000;
const HUGE_N = 2_000_000;
const GROWTH_N = [1_000, 10_000, 100_000, 1_000_000];

/** issue 14's targets */
const SPEEDUP_FLOOR = 10;
const MEMORY_FRACTION_FLOOR = 1 / 3;
const HUGE_MS_FLOOR = 20_000;
const HUGE_MB_FLOOR = 1_000;
const EXPONENT_FLOOR = 1.1;
const SHARD_VS_PYTHON_FLOOR = 1.5;

interface Run {
  wallMs: number;
  /** time after start-up: in main() for sdmatch, in torch.load for Python */
  innerMs: number;
  cpuMs: number;
  rssMB: number;
}

interface Row {
  label: string;
  runs: Run[];
}

const med = (r: Row, f: (x: Run) => number): number => median(r.runs.map(f));
const mb = (x: number): string => (Number.isFinite(x) ? `${x.toFixed(0)} MB` : 'n/a');
const times = (x: number): string => (Number.isFinite(x) ? `${x.toFixed(2)} ×` : 'n/a');

function fromCli(m: Measured): Run {
  return { wallMs: m.wallMs, innerMs: m.mainMs, cpuMs: m.cpuMs, rssMB: m.maxRssMiB * MIB_TO_MB };
}

/** How many tensor records an `inspect --json` output file lists (one `{"path":` per record), read in chunks. */
function countJsonTensors(path: string): { declared: number; listed: number } {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(1 << 22);
    const needle = Buffer.from('{"path":');
    let listed = 0;
    let declared = NaN;
    let carry = Buffer.alloc(0);
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      const chunk = Buffer.concat([carry, buf.subarray(0, n)]);
      if (Number.isNaN(declared)) {
        const m = /"tensorCount": (\d+)/.exec(chunk.subarray(0, 4096).toString('latin1'));
        if (m) declared = Number(m[1]);
      }
      for (let at = chunk.indexOf(needle); at >= 0; at = chunk.indexOf(needle, at + needle.length)) listed++;
      carry = Buffer.from(chunk.subarray(Math.max(0, chunk.length - needle.length + 1)));
    }
    return { declared, listed };
  } finally {
    closeSync(fd);
  }
}

/** `sdmatch inspect FILE --json` with its output in a file, checked to list `expected` tensors. */
function inspectJsonRun(ctx: SuiteContext, file: string, expected: number): Run {
  const outPath = ctx.files.output('inspect-out.json');
  const fd = openSync(outPath, 'w');
  let m: Measured;
  try {
    m = expectCode(runCli(['inspect', file, '--json'], fd), [0], `inspect --json ${file}`);
  } finally {
    closeSync(fd);
  }
  const got = countJsonTensors(outPath);
  ctx.files.remove(outPath);
  if (got.declared !== expected || got.listed !== expected) {
    throw new Error(`inspect --json of ${file} declared ${got.declared} and listed ${got.listed} tensors, the file holds ${expected}`);
  }
  return fromCli(m);
}

/** `sdmatch inspect FILE` (the table), checked to name the tensor count. */
function inspectTableRun(file: string, expected: number): Run {
  const m = expectCode(runCli(['inspect', file]), [0], `inspect ${file}`);
  if (!m.stdout.includes(`tensors  ${expected.toLocaleString('en-US')} `)) throw new Error(`inspect of ${file} does not report ${expected} tensors`);
  return fromCli(m);
}

const TORCH_LOAD = `
import sys, json, time, resource
t0 = time.perf_counter()
import torch
t1 = time.perf_counter()
sd = torch.load(sys.argv[1], weights_only=True, map_location='cpu')
t2 = time.perf_counter()
r = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({'tensors': len(sd), 'innerMs': (t2 - t1) * 1000, 'cpuMs': (r.ru_utime + r.ru_stime) * 1000, 'maxRssKiB': ${PY_PEAK_RSS_KIB}}))
`;

/**
 * torch.load of a nested checkpoint, counting the tensors anywhere in it. Without weights_only: torch
 * 1.13's weights-only unpickler has no BINFLOAT ("Unsupported operand 71"), which every optimizer's
 * param_groups (lr, betas, eps) pickle to, so a user of it loads a Lightning checkpoint this way.
 */
const TORCH_LOAD_NESTED = `
import sys, json, time, resource
t0 = time.perf_counter()
import torch
t1 = time.perf_counter()
ckpt = torch.load(sys.argv[1], map_location='cpu')
t2 = time.perf_counter()
def count(v):
    if isinstance(v, torch.Tensor): return 1
    if isinstance(v, dict): return sum(count(x) for x in v.values())
    if isinstance(v, (list, tuple)): return sum(count(x) for x in v)
    return 0
r = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({'tensors': count(ckpt), 'innerMs': (t2 - t1) * 1000, 'cpuMs': (r.ru_utime + r.ru_stime) * 1000, 'maxRssKiB': ${PY_PEAK_RSS_KIB}}))
`;

/**
 * What a user without sdmatch writes to list a sharded model's tensors without loading them: the
 * index, then each shard's 8-byte length and JSON header.
 */
const HEADERS_ONLY = `
import sys, json, os, struct, time, resource
t0 = time.perf_counter()
d = os.path.dirname(sys.argv[1])
index = json.load(open(sys.argv[1]))
n = 0
for shard in sorted(set(index['weight_map'].values())):
    with open(os.path.join(d, shard), 'rb') as f:
        length = struct.unpack('<Q', f.read(8))[0]
        header = json.loads(f.read(length))
        n += sum(1 for k in header if k != '__metadata__')
t1 = time.perf_counter()
r = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({'tensors': n, 'innerMs': (t1 - t0) * 1000, 'cpuMs': (r.ru_utime + r.ru_stime) * 1000, 'maxRssKiB': ${PY_PEAK_RSS_KIB}}))
`;

/** A process that only starts and reports its own CPU time and RSS: what start-up alone costs. */
const NODE_START = `const { readFileSync } = require('node:fs'); const u = process.resourceUsage(); console.log(JSON.stringify({ cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, maxRssKiB: ${NODE_PEAK_RSS_KIB} }))`;
const PYTHON_START = `import resource
r = resource.getrusage(resource.RUSAGE_SELF)
print('{"cpuMs": %f, "maxRssKiB": %d}' % ((r.ru_utime + r.ru_stime) * 1000, ${PY_PEAK_RSS_KIB}))`;

function startRun(program: string, args: string[]): Run {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(program, args, { encoding: 'utf8' });
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${program} ${args.join(' ')} exited with ${r.status}`);
  const out = JSON.parse(r.stdout.trim()) as { cpuMs: number; maxRssKiB: number };
  return { wallMs, innerMs: 0, cpuMs: out.cpuMs, rssMB: out.maxRssKiB * KIB_TO_MB };
}

function pythonRun(script: string, file: string, expected: number, what: string): Run {
  return scriptRun(PYTHON, ['-c', script, file], expected, what);
}

/** A program that prints one JSON line {tensors, innerMs, cpuMs, maxRssKiB}, checked to have read every tensor. */
function scriptRun(program: string, args: string[], expected: number, what: string): Run {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(program, args, { encoding: 'utf8', maxBuffer: 16 << 20 });
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${what} exited with ${r.status}: ${(r.stderr || '').trim().split('\n').pop() ?? ''}`);
  const out = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { tensors: number; innerMs: number; cpuMs: number; maxRssKiB: number };
  if (out.tensors !== expected) throw new Error(`${what} read ${out.tensors} tensors, the file holds ${expected}`);
  return { wallMs, innerMs: out.innerMs, cpuMs: out.cpuMs, rssMB: out.maxRssKiB * KIB_TO_MB };
}

/** Runs each runner `rounds` times, rotating which goes first, into one Row per runner. */
function sideBySide(rounds: number, runners: { label: string; run: () => Run }[]): Row[] {
  const rows = runners.map((r) => ({ label: r.label, runs: [] as Run[] }));
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < runners.length; i++) {
      const k = (i + round) % runners.length;
      rows[k]!.runs.push(runners[k]!.run());
    }
  }
  return rows;
}

function rowCells(r: Row): string[] {
  return [r.label, ms(med(r, (x) => x.wallMs)), ms(med(r, (x) => x.innerMs)), ms(med(r, (x) => x.cpuMs)), mb(med(r, (x) => x.rssMB))];
}

const HEAD = ['run', 'wall', 'after start-up', 'CPU (user+sys)', 'peak RSS'];

/** Least-squares slope of log(y) on log(x). */
export function fittedExponent(xs: readonly number[], ys: readonly number[]): number {
  const lx = xs.map(Math.log);
  const ly = ys.map(Math.log);
  const mx = lx.reduce((a, b) => a + b, 0) / lx.length;
  const my = ly.reduce((a, b) => a + b, 0) / ly.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < lx.length; i++) {
    num += (lx[i]! - mx) * (ly[i]! - my);
    den += (lx[i]! - mx) ** 2;
  }
  return num / den;
}

function compareTorch(ctx: SuiteContext): { table: Table; floors: FloorCheck[]; data: unknown } {
  return sideBySideTorch(ctx, scaleCheckpoint(ctx.files, COMPARE_N), { script: TORCH_LOAD, label: 'torch.load(weights_only=True)' }, '200k', 'torch zip', true);
}

/**
 * A 200k-tensor Lightning checkpoint (50k parameters and Adam's step, exp_avg, exp_avg_sq for each,
 * under `state_dict` and `optimizer_states`): the nested case, read from columns into a tree.
 */
function compareNested(ctx: SuiteContext): { table: Table; floors: FloorCheck[]; data: unknown } {
  return sideBySideTorch(ctx, lightningCheckpoint(ctx.files, COMPARE_N), { script: TORCH_LOAD_NESTED, label: 'torch.load (weights_only=False: see TORCH_LOAD_NESTED)' }, '200k Lightning', 'Lightning checkpoint (state dict + Adam state)', false);
}

/** inspect (table and --json) of `file` against `script` (a torch.load), rotated; `floors` says whether issue 14's targets apply or are shown as info. */
function sideBySideTorch(ctx: SuiteContext, file: string, load: { script: string; label: string }, what: string, title: string, floors: boolean): { table: Table; floors: FloorCheck[]; data: unknown } {
  const haveTorch = torchAvailable();
  if (!haveTorch) ctx.log(`scale: no torch at ${PYTHON}: torch.load not measured`);
  ctx.log(`scale: ${what}: ${COMPARE_N.toLocaleString('en-US')} tensors, ${RUNS} rounds of inspect, inspect --json${haveTorch ? ', torch.load' : ''}`);
  const loadBefore = loadavg()[0]!;
  const rows = sideBySide(RUNS, [
    { label: 'sdmatch inspect', run: () => inspectTableRun(file, COMPARE_N) },
    { label: 'sdmatch inspect --json', run: () => inspectJsonRun(ctx, file, COMPARE_N) },
    ...(haveTorch ? [{ label: load.label, run: () => pythonRun(load.script, file, COMPARE_N, 'torch.load') }] : []),
  ]);
  const loadAfter = loadavg()[0]!;
  const bytes = statSync(file).size;
  ctx.files.remove(file);
  const [table, json, torch] = rows as [Row, Row, Row | undefined];
  const wall = (r: Row | undefined): number => (r ? med(r, (x) => x.wallMs) : NaN);
  const cpu = (r: Row | undefined): number => (r ? med(r, (x) => x.cpuMs) : NaN);
  const rss = (r: Row | undefined): number => (r ? med(r, (x) => x.rssMB) : NaN);
  const ratioRows = [table, json].map((r) => [`torch.load / ${r.label}`, times(wall(torch) / wall(r)), '', times(cpu(torch) / cpu(r)), `${times(rss(r) / rss(torch))} of torch's`]);
  const checks: FloorCheck[] = [];
  for (const r of [table, json]) {
    const speed = torch ? wall(torch) / wall(r) : null;
    const memory = torch ? rss(r) / rss(torch) : null;
    checks.push(floors ? floor(`${r.label} ${what}: torch.load wall / ours`, speed, '×', '>=', SPEEDUP_FLOOR) : info(`${r.label} ${what}: torch.load wall / ours`, speed, '×'));
    checks.push(info(`${r.label} ${what}: torch.load CPU / ours`, torch ? cpu(torch) / cpu(r) : null, '×'));
    checks.push(floors ? floor(`${r.label} ${what}: peak RSS / torch.load's`, memory, '×', '<=', MEMORY_FRACTION_FLOOR) : info(`${r.label} ${what}: peak RSS / torch.load's`, memory, '×'));
  }
  return {
    table: {
      title: `${COMPARE_N.toLocaleString('en-US')}-tensor ${title} (${formatBytes(bytes)}): median of ${RUNS} fresh processes, rotated order; load average ${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)}`,
      head: HEAD,
      rows: [...rows.filter((r): r is Row => r !== undefined).map(rowCells), ...ratioRows],
    },
    floors: checks,
    data: { rows, loadavg: [loadBefore, loadAfter] },
  };
}

function huge(ctx: SuiteContext): { table: Table; floors: FloorCheck[]; data: unknown } {
  ctx.log(`scale: generating ${HUGE_N.toLocaleString('en-US')} tensors (a few minutes)`);
  const file = scaleCheckpoint(ctx.files, HUGE_N);
  ctx.log('scale: inspect --json of 2M tensors');
  const run = inspectJsonRun(ctx, file, HUGE_N);
  ctx.files.remove(file);
  const row: Row = { label: 'sdmatch inspect --json', runs: [run] };
  return {
    table: { title: `${HUGE_N.toLocaleString('en-US')}-tensor torch zip: one run, the JSON streamed into a file`, head: HEAD, rows: [rowCells(row)] },
    floors: [
      floor('inspect --json 2M: wall time', run.wallMs, 'ms', '<', HUGE_MS_FLOOR),
      info('inspect --json 2M: CPU time', run.cpuMs, 'ms'),
      floor('inspect --json 2M: peak RSS', run.rssMB, 'MB', '<', HUGE_MB_FLOOR),
    ],
    data: run,
  };
}

function growth(ctx: SuiteContext): { table: Table; floors: FloorCheck[]; data: unknown } {
  const rows: Row[] = [];
  for (const n of GROWTH_N) {
    const file = scaleCheckpoint(ctx.files, n);
    ctx.log(`scale: growth, inspect --json of ${n.toLocaleString('en-US')} tensors`);
    const runs = n >= 1_000_000 ? 1 : RUNS;
    rows.push({ label: n.toLocaleString('en-US'), runs: Array.from({ length: runs }, () => inspectJsonRun(ctx, file, n)) });
    ctx.files.remove(file);
  }
  const inner = rows.map((r) => med(r, (x) => x.innerMs));
  const cpu = rows.map((r) => med(r, (x) => x.cpuMs));
  const rss = rows.map((r) => med(r, (x) => x.rssMB));
  // Start-up and Node's own ~50 MB dominate the small sizes and flatten a fit over all four points, so
  // the floor is on the last decade (100k → 1M), where the per-tensor cost shows; the fit over all is shown too.
  const last = (ys: number[]): number => fittedExponent(GROWTH_N.slice(-2), ys.slice(-2));
  const exps = { timeAll: fittedExponent(GROWTH_N, inner), time: last(inner), cpuAll: fittedExponent(GROWTH_N, cpu), cpu: last(cpu), rssAll: fittedExponent(GROWTH_N, rss), rss: last(rss) };
  return {
    table: {
      title: `growth: inspect --json (median of ${RUNS}; one run at 1M)`,
      head: HEAD,
      rows: [
        ...rows.map(rowCells),
        ['exponent, 1k–1M fit', '', exps.timeAll.toFixed(2), exps.cpuAll.toFixed(2), exps.rssAll.toFixed(2)],
        ['exponent, 100k → 1M', '', exps.time.toFixed(2), exps.cpu.toFixed(2), exps.rss.toFixed(2)],
      ],
    },
    floors: [
      floor('growth exponent of time after start-up (100k → 1M)', exps.time, '', '<=', EXPONENT_FLOOR),
      info('growth exponent of CPU time (100k → 1M)', exps.cpu, ''),
      floor('growth exponent of peak RSS (100k → 1M)', exps.rss, '', '<=', EXPONENT_FLOOR),
      info('growth exponent of time, 1k–1M fit', exps.timeAll, ''),
      info('growth exponent of peak RSS, 1k–1M fit', exps.rssAll, ''),
    ],
    data: { rows, exps },
  };
}

/**
 * huggingface.js's parseSafetensorsMetadata on the same local shards. It reads only through fetch, so a
 * fetch that answers the Hub's requests (HEAD for existence, GET with a Range for bytes) from the files
 * stands in for the network: no sockets, so what is measured is the library's own parsing and bookkeeping.
 * Run in its own Node process like the other rows; timed after the library is imported.
 */
const HF_HEADERS = `
import { openSync, readSync, readFileSync, fstatSync, closeSync, existsSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
const index = process.argv[1];
const dir = dirname(index);
const { parseSafetensorsMetadata } = await import('@huggingface/hub');
const t0 = performance.now();
const localFetch = async (url, init = {}) => {
  const path = join(dir, decodeURIComponent(new URL(String(url)).pathname.replace(/^\\/local\\/model\\/(resolve|raw)\\/main\\//, '')));
  if (!existsSync(path)) return new Response(null, { status: 404, headers: { 'X-Error-Code': 'EntryNotFound' } });
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const headers = { ETag: '"' + size + '"', 'Accept-Ranges': 'bytes' };
    if ((init.method ?? 'GET') === 'HEAD') return new Response(null, { status: 200, headers: { ...headers, 'Content-Length': String(size) } });
    const range = new Headers(init.headers).get('Range');
    const m = range ? /bytes=(\\d+)-(\\d*)/.exec(range) : null;
    const start = m ? Number(m[1]) : 0;
    const end = m && m[2] !== '' ? Math.min(Number(m[2]), size - 1) : size - 1;
    const buf = Buffer.alloc(end - start + 1);
    readSync(fd, buf, 0, buf.length, start);
    return new Response(buf, m ? { status: 206, headers: { ...headers, 'Content-Range': 'bytes ' + start + '-' + end + '/' + size } } : { status: 200, headers });
  } finally {
    closeSync(fd);
  }
};
const r = await parseSafetensorsMetadata({ repo: 'local/model', path: basename(index), hubUrl: 'http://hub.local', fetch: localFetch });
let n = 0;
for (const header of Object.values(r.headers)) n += Object.keys(header).filter((k) => k !== '__metadata__').length;
const innerMs = performance.now() - t0;
const u = process.resourceUsage();
const maxRssKiB = ${NODE_PEAK_RSS_KIB};
console.log(JSON.stringify({ tensors: n, innerMs, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, maxRssKiB }));
`;

/** The runner for huggingface.js, or why it cannot run (the devDependency missing). */
async function huggingfaceHub(): Promise<((index: string, expected: number) => Run) | string> {
  try {
    await import('@huggingface/hub');
  } catch {
    return '@huggingface/hub is not installed (npm ci installs it as a devDependency)';
  }
  return (index, expected) => scriptRun(process.execPath, ['--input-type=module', '-e', HF_HEADERS, index], expected, 'huggingface.js parseSafetensorsMetadata');
}

async function sharded(ctx: SuiteContext): Promise<{ table: Table; floors: FloorCheck[]; data: unknown }> {
  const index = shardedSafetensors(ctx.files);
  const n = SHARDS * SHARD_TENSORS;
  ctx.log(`scale: sharded safetensors (${SHARDS} shards, ${n.toLocaleString('en-US')} tensors), ${SHARD_RUNS} rounds`);
  const hf = await huggingfaceHub();
  const runners = [
    { label: 'sdmatch inspect --json', run: () => inspectJsonRun(ctx, index, n) },
    // the table: what `inspect` prints with nothing per tensor beyond the first rows (issue 14 names both)
    { label: 'sdmatch inspect (table)', run: () => inspectTableRun(index, n) },
    { label: 'Python, headers only', run: () => pythonRun(HEADERS_ONLY, index, n, 'the headers-only script') },
    ...(typeof hf === 'string' ? [] : [{ label: 'huggingface.js parseSafetensorsMetadata', run: () => hf(index, n) }]),
    // what start-up alone costs each side, in the same rounds (none of these reads the set)
    { label: 'start-up only: sdmatch --version', run: () => fromCli(expectCode(runCli(['--version']), [0], '--version')) },
    { label: 'start-up only: node -e (bare Node)', run: () => startRun(process.execPath, ['-e', NODE_START]) },
    { label: 'start-up only: python3 -c (bare Python)', run: () => startRun(PYTHON, ['-c', PYTHON_START]) },
  ];
  const rows = sideBySide(SHARD_RUNS, runners);
  const byLabel = (prefix: string): Row | undefined => rows.find((r) => r.label.startsWith(prefix));
  const ours = byLabel('sdmatch inspect --json')!;
  const table = byLabel('sdmatch inspect (table)')!;
  const py = byLabel('Python, headers')!;
  const hfRow = byLabel('huggingface.js');
  const version = byLabel('start-up only: sdmatch')!;
  const pyStart = byLabel('start-up only: python3')!;
  const ratio = (a: Row, b: Row, f: (x: Run) => number): number => med(a, f) / med(b, f);
  const wallRatio = ratio(ours, py, (x) => x.wallMs);
  const cpuRatio = ratio(ours, py, (x) => x.cpuMs);
  const tableWallRatio = ratio(table, py, (x) => x.wallMs);
  // how many times faster than huggingface.js sdmatch is (its wall over ours), > 1 when faster
  const vsHf = hfRow ? ratio(hfRow, ours, (x) => x.wallMs) : null;
  // the reading itself: each side less its own start-up (medians of the same rounds); an estimate, not a floor
  const after = (a: Row, start: Row, f: (x: Run) => number): number => med(a, f) - med(start, f);
  const afterCells = (a: Row, f: (x: Run) => number): string => times(after(a, version, f) / after(py, pyStart, f));
  return {
    table: {
      title: `sharded safetensors, ${SHARDS} shards × ${SHARD_TENSORS} tensors: median of ${SHARD_RUNS}, rotated order (sdmatch prints the 50,000-tensor JSON, 13 MB, into a file; the Python script and huggingface.js print nothing)`,
      head: HEAD,
      rows: [
        ...rows.map(rowCells),
        ...(typeof hf === 'string' ? [['huggingface.js parseSafetensorsMetadata', `not measured: ${hf}`, '', '', '']] : []),
        ['ours --json / Python', times(wallRatio), times(ratio(ours, py, (x) => x.innerMs)), times(cpuRatio), ''],
        ['ours table / Python', times(tableWallRatio), times(ratio(table, py, (x) => x.innerMs)), times(ratio(table, py, (x) => x.cpuMs)), ''],
        ['ours --json / Python, each less its start-up row', afterCells(ours, (x) => x.wallMs), '', afterCells(ours, (x) => x.cpuMs), ''],
        ['ours table / Python, each less its start-up row', afterCells(table, (x) => x.wallMs), '', afterCells(table, (x) => x.cpuMs), ''],
        ['start-up share of ours (--version / inspect)', `${((100 * med(version, (x) => x.wallMs)) / med(ours, (x) => x.wallMs)).toFixed(0)} %`, '', `${((100 * med(version, (x) => x.cpuMs)) / med(ours, (x) => x.cpuMs)).toFixed(0)} %`, ''],
        ...(hfRow && vsHf !== null ? [['huggingface.js / ours --json', times(vsHf), times(ratio(hfRow, ours, (x) => x.innerMs)), times(ratio(hfRow, ours, (x) => x.cpuMs)), '']] : []),
      ],
    },
    floors: [
      floor('sharded 50k: sdmatch --json / Python headers-only wall', wallRatio, '×', '<=', SHARD_VS_PYTHON_FLOOR),
      floor('sharded 50k: sdmatch table / Python headers-only wall', tableWallRatio, '×', '<=', SHARD_VS_PYTHON_FLOOR),
      info('sharded 50k: sdmatch --json / Python headers-only CPU', cpuRatio, '×'),
      info('sharded 50k: sdmatch table / Python headers-only CPU', ratio(table, py, (x) => x.cpuMs), '×'),
      info('sharded 50k: sdmatch --json / Python CPU, each less its start-up', after(ours, version, (x) => x.cpuMs) / after(py, pyStart, (x) => x.cpuMs), '×'),
      info('sharded 50k: sdmatch table / Python CPU, each less its start-up', after(table, version, (x) => x.cpuMs) / after(py, pyStart, (x) => x.cpuMs), '×'),
      info('sharded 50k: sdmatch --version CPU (start-up of ours)', med(version, (x) => x.cpuMs), 'ms'),
      floor('sharded 50k: huggingface.js wall / sdmatch --json wall', vsHf, '×', '>=', 1),
      ...(hfRow ? [info('sharded 50k: huggingface.js CPU / sdmatch CPU', ratio(hfRow, ours, (x) => x.cpuMs), '×')] : []),
    ],
    data: { rows, huggingface: typeof hf === 'string' ? hf : 'measured' },
  };
}

/** `SDMATCH_BENCH_SCALE=sharded,growth` runs some parts of the suite (torch, nested, sharded, growth, huge); all by default. */
const SCALE_PARTS = ['torch', 'nested', 'sharded', 'growth', 'huge'] as const;

function scaleParts(): Set<string> {
  const asked = (process.env.SDMATCH_BENCH_SCALE ?? '').split(',').map((p) => p.trim()).filter(Boolean);
  const unknown = asked.filter((p) => !(SCALE_PARTS as readonly string[]).includes(p));
  if (unknown.length > 0) throw new Error(`SDMATCH_BENCH_SCALE: unknown part(s) ${unknown.join(', ')} (known: ${SCALE_PARTS.join(', ')})`);
  return new Set(asked.length > 0 ? asked : SCALE_PARTS);
}

export const scaleSuite: Suite = {
  name: 'scale',
  describe: 'reading at model scale: inspect of 200k tensors vs torch.load, 2M tensors, growth 1k–1M, 20 safetensors shards vs a headers-only script',
  async run(ctx: SuiteContext): Promise<SuiteResult> {
    const want = scaleParts();
    const noRoom = want.has('torch') || want.has('nested') || want.has('huge') || want.has('growth') ? ctx.files.lackOfSpace(3e9) : null;
    if (noRoom) return notRun('skipped', noRoom);
    const parts = [
      ...(want.has('torch') ? [compareTorch(ctx)] : []),
      ...(want.has('nested') ? [compareNested(ctx)] : []),
      ...(want.has('sharded') ? [await sharded(ctx)] : []),
      ...(want.has('growth') ? [growth(ctx)] : []),
      ...(want.has('huge') ? [huge(ctx)] : []),
    ];
    return { status: 'ok', tables: parts.map((p) => p.table), floors: parts.flatMap((p) => p.floors), data: parts.map((p) => p.data) };
  },
};
