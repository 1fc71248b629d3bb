// One inferPlan run on one scale structure, in a process of its own so its peak RSS is its own; prints
// {ms, cpuMs, maxRssKiB, keys, ops, patterns, precision, recall} as JSON. Arguments: STRUCTURE SIZE
// (a name of bench/gen/scale-structures.ts, 100k, 1m or a number of keys a side, for growth profiles).
import { inferPlan } from '../src/analysis/infer/index.js';
import { peakRssKiB } from './measure.js';
import { SCALE_STRUCTURES, type ScaleSize } from './gen/scale-structures.js';
import { scorePlan } from './suites/plan-score.js';

const [name, size] = process.argv.slice(2);
const structure = SCALE_STRUCTURES.find((s) => s.name === name);
const keys = /^\d+$/.test(size ?? '') ? Number(size) : size;
if (!structure || (keys !== '100k' && keys !== '1m' && typeof keys !== 'number')) {
  process.stderr.write(`usage: plan-structure-child STRUCTURE 100k|1m|KEYS (structures: ${SCALE_STRUCTURES.map((s) => s.name).join(', ')})\n`);
  process.exit(2);
}
const layout = structure.make(keys as ScaleSize);
globalThis.gc?.();
const t0 = performance.now();
const c0 = process.cpuUsage();
const result = inferPlan({ source: layout.source, target: layout.target });
const ms = performance.now() - t0;
const cpu = process.cpuUsage(c0);
// CPU time beside wall time: on a machine shared with other jobs, wall time measures the neighbours too
const cpuMs = (cpu.user + cpu.system) / 1000;
const s = scorePlan(layout.truth, result);
process.stdout.write(`${JSON.stringify({ ms, cpuMs, maxRssKiB: peakRssKiB(), keys: [layout.source.length, layout.target.length], ops: result.ops.length, patterns: layout.patterns, precision: s.precision, recall: s.recall })}\n`);
