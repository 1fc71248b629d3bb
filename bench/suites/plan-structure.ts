import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { floor, info, ms, pct, type FloorCheck, type Suite, type SuiteResult } from './suite.js';

/**
 * Issue 11, scale whatever the structure: inferPlan on LAYERS × EXPERTS mixture-of-experts blocks with
 * per-name shapes under a new top-level prefix (bench/gen/moe-structure.ts), 100,000 and 1,000,000 keys
 * per side, each in a child process capped at a 2 GiB heap so peak RSS is the run's own. Floors: 100k in
 * under 5 s, 1M in under 60 s, each under 2 GiB; precision and recall are shown beside them.
 */

const HEAP_CAP_MIB = 2048;
const LIMIT_MIB = 2048;
const SIZES = [
  { name: '100k', floorMs: 5000 },
  { name: '1m', floorMs: 60000 },
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

function runChild(size: string): ChildResult | { error: string } {
  const child = join(dirname(fileURLToPath(import.meta.url)), '..', 'plan-structure-child.js');
  const r = spawnSync(process.execPath, ['--expose-gc', `--max-old-space-size=${HEAP_CAP_MIB}`, child, size], { encoding: 'utf8', maxBuffer: 1 << 26, timeout: 15 * 60_000 });
  if (r.status !== 0) {
    if (/heap out of memory|Allocation failed/.test(r.stderr ?? '')) return { error: `out of memory at the ${HEAP_CAP_MIB} MiB heap cap` };
    if (r.error && /ETIMEDOUT/.test(String(r.error))) return { error: 'no result within 15 minutes' };
    return { error: (r.stderr || r.error?.message || `exit ${r.status}`).trim().split('\n').slice(-3).join(' ') };
  }
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as ChildResult;
}

export const planStructureSuite: Suite = {
  name: 'plan-structure',
  describe: 'inferPlan on 100k and 1M keys of MoE blocks with per-name shapes under a new prefix (child processes, 2 GiB heap)',
  run(ctx): SuiteResult {
    const rows: (string | number)[][] = [];
    const floors: FloorCheck[] = [];
    const data: Record<string, unknown> = {};
    for (const { name, floorMs } of SIZES) {
      ctx.log(`plan-structure: ${name} keys per side…`);
      const r = runChild(name);
      data[name] = r;
      if ('error' in r) {
        rows.push([name, 'failed', r.error, '', '', '', '', '']);
        floors.push(floor(`plan structure ${name}: time`, null, 'ms', '<', floorMs), floor(`plan structure ${name}: peak RSS`, null, 'MiB', '<', LIMIT_MIB));
        continue;
      }
      const rss = r.maxRssKiB / 1024;
      rows.push([name, `${r.keys[0]} / ${r.keys[1]}`, ms(r.ms), ms(r.cpuMs), `${rss.toFixed(0)} MiB`, pct(r.precision), pct(r.recall), `${r.ops} (${r.patterns} rules)`]);
      floors.push(floor(`plan structure ${name}: time`, r.ms, 'ms', '<', floorMs), floor(`plan structure ${name}: peak RSS`, rss, 'MiB', '<', LIMIT_MIB), info(`plan structure ${name}: CPU time`, r.cpuMs, 'ms'), info(`plan structure ${name}: precision`, r.precision, ''), info(`plan structure ${name}: recall`, r.recall, ''));
    }
    return {
      status: 'ok',
      tables: [{ title: 'plan at scale, structure: MoE blocks with per-name shapes under a new top-level prefix', head: ['size', 'keys src / tgt', 'time', 'CPU time', 'peak RSS', 'precision', 'recall', 'ops'], rows }],
      floors,
      data,
    };
  },
};
