// One inferPlan run on the structure-scale layout, in a process of its own so its peak RSS is its own;
// prints {ms, cpuMs, maxRssKiB, keys, ops, score} as JSON. Argument: 100k or 1m.
import { inferPlan } from '../src/analysis/infer/index.js';
import { moeStructure, STRUCTURE_100K, STRUCTURE_1M } from './gen/moe-structure.js';
import { scorePlan } from './suites/plan-score.js';

const layout = moeStructure(process.argv[2] === '1m' ? STRUCTURE_1M : STRUCTURE_100K);
globalThis.gc?.();
const t0 = performance.now();
const c0 = process.cpuUsage();
const result = inferPlan({ source: layout.source, target: layout.target });
const ms = performance.now() - t0;
const cpu = process.cpuUsage(c0);
// CPU time beside wall time: on a machine shared with other jobs, wall time measures the neighbours too
const cpuMs = (cpu.user + cpu.system) / 1000;
const s = scorePlan(layout.truth, result);
process.stdout.write(`${JSON.stringify({ ms, cpuMs, maxRssKiB: process.resourceUsage().maxRSS, keys: [layout.source.length, layout.target.length], ops: result.ops.length, patterns: layout.patterns, precision: s.precision, recall: s.recall })}\n`);
