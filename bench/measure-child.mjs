// Runs one sdmatch command in this process and reports its wall time, CPU time and peak RSS on fd 3, so the
// benchmark measures the real CLI (start-up included) without depending on /usr/bin/time.
import { performance } from 'node:perf_hooks';
import { writeSync } from 'node:fs';

const t0 = performance.now();
const { main } = await import('../dist/cli.bundle.mjs');
const code = await main(process.argv.slice(2));
const ms = performance.now() - t0;
const usage = process.resourceUsage();
// CPU time beside wall time: on a shared machine wall time measures the neighbours too
writeSync(3, JSON.stringify({ code, ms, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, maxRssKiB: usage.maxRSS }) + '\n');
process.exitCode = code;
