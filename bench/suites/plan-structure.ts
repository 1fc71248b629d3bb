import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCALE_STRUCTURES } from '../gen/scale-structures.js';
import { floor, info, ms, pct, type FloorCheck, type Suite, type SuiteResult } from './suite.js';

/**
 * Issues 11 and 14, scale whatever the structure: inferPlan on every layout of bench/gen/scale-structures.ts
 * (MoE experts under a new prefix, fused qkv splits, a flat block list regrouped into stages, nested stages,
 * deep nesting with renamed subtrees, encoder/decoder subtrees) at about 100,000 and 1,000,000 keys a side,
 * each in a child process capped at a 2 GiB heap so peak RSS is the run's own. Floors per structure: 100k in
 * under 5 s, 1M in under 60 s, each under 2 GiB; CPU time is shown beside wall time (the machine is shared),
 * precision and recall against the family's truth beside them. `SDMATCH_BENCH_STRUCTURES=a,b` runs some.
 */

const HEAP_CAP_MIB = 2048;
const LIMIT_MIB = 2048;
const SIZES = [
  // a run is stopped at 4× its floor: past that it is a failure whatever the load, and a super-linear
  // structure would otherwise hold the bench for an hour
  { name: '100k', floorMs: 5000, timeoutMs: 4 * 60_000 },
  { name: '1m', floorMs: 60000, timeoutMs: 10 * 60_000 },
] as const;

interface ChildResult {
  ms: number;
  cpuMs: number;
  maxRssKiB: number;
  keys: [number, number];
  ops: number;
  patterns: number;
  precision: number;
  recall: number;
}

function runChild(structure: string, size: string, timeoutMs: number): ChildResult | { error: string } {
  const child = join(dirname(fileURLToPath(import.meta.url)), '..', 'plan-structure-child.js');
  const r = spawnSync(process.execPath, ['--expose-gc', `--max-old-space-size=${HEAP_CAP_MIB}`, child, structure, size], { encoding: 'utf8', maxBuffer: 1 << 26, timeout: timeoutMs });
  if (r.status !== 0) {
    if (/heap out of memory|Allocation failed/.test(r.stderr ?? '')) return { error: `out of memory at the ${HEAP_CAP_MIB} MiB heap cap` };
    if (r.error && /ETIMEDOUT/.test(String(r.error))) return { error: `no result within ${timeoutMs / 60_000} minutes` };
    return { error: (r.stderr || r.error?.message || `exit ${r.status}`).trim().split('\n').slice(-3).join(' ') };
  }
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as ChildResult;
}

export const planStructureSuite: Suite = {
  name: 'plan-structure',
  describe: 'inferPlan at 100k and 1M keys for every scale structure (child processes, 2 GiB heap)',
  run(ctx): SuiteResult {
    const rows: (string | number)[][] = [];
    const floors: FloorCheck[] = [];
    const data: Record<string, unknown> = {};
    const only = process.env.SDMATCH_BENCH_STRUCTURES?.split(',').filter(Boolean);
    for (const s of SCALE_STRUCTURES.filter((x) => !only || only.includes(x.name))) {
      for (const { name, floorMs, timeoutMs } of SIZES) {
        ctx.log(`plan-structure: ${s.name}, ${name} keys per side…`);
        const r = runChild(s.name, name, timeoutMs);
        const label = `plan structure ${s.name} ${name}`;
        data[`${s.name} ${name}`] = r;
        if ('error' in r) {
          rows.push([s.name, name, 'failed', r.error, '', '', '', '', '']);
          floors.push(floor(`${label}: time`, null, 'ms', '<', floorMs), floor(`${label}: peak RSS`, null, 'MiB', '<', LIMIT_MIB));
          continue;
        }
        const rss = r.maxRssKiB / 1024;
        rows.push([s.name, name, `${r.keys[0]} / ${r.keys[1]}`, ms(r.ms), ms(r.cpuMs), `${rss.toFixed(0)} MiB`, pct(r.precision), pct(r.recall), `${r.ops} (${r.patterns} rules)`]);
        floors.push(
          floor(`${label}: time`, r.ms, 'ms', '<', floorMs),
          floor(`${label}: peak RSS`, rss, 'MiB', '<', LIMIT_MIB),
          info(`${label}: CPU time`, r.cpuMs, 'ms'),
          info(`${label}: precision`, r.precision, ''),
          info(`${label}: recall`, r.recall, ''),
        );
      }
    }
    return {
      status: 'ok',
      tables: [{
        title: `plan at scale, every structure (${SCALE_STRUCTURES.map((s) => `${s.name}: ${s.what}`).join('; ')})`,
        head: ['structure', 'size', 'keys src / tgt', 'time', 'CPU time', 'peak RSS', 'precision', 'recall', 'ops'],
        rows,
      }],
      floors,
      data,
    };
  },
};
