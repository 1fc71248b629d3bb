// Runs one sdmatch command in this process and reports its wall time and peak RSS on fd 3, so the
// benchmark measures the real CLI (start-up included) without depending on /usr/bin/time.
// CommonJS, as bin/sdmatch.js is: Node starts it without its ES module loader, as it starts the CLI.
'use strict';
const { performance } = require('node:perf_hooks');
const { readFileSync, writeSync } = require('node:fs');

const t0 = performance.now();
// as bin/sdmatch.js runs it (with V8's code cache)
const { runCommand } = require('../bin/load-cli.js');
runCommand(process.argv.slice(2)).then(({ code, saveCodeCache }) => {
  saveCodeCache(code);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage();
  // CPU time beside wall time: on a machine shared with other jobs, wall time measures the neighbours too
  writeSync(3, JSON.stringify({ code, ms, cpuMs: (cpu.user + cpu.system) / 1000, maxRssKiB: peakRssKiB() }) + '\n');
  process.exitCode = code;
});

/** VmHWM, this program's own peak (ru_maxrss would start at the bench parent's RSS at fork: see measure.ts) */
function peakRssKiB() {
  return Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? NaN);
}
