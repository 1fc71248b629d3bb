import { existsSync, statSync } from 'node:fs';
import { openCheckpoint } from '../../src/checkpoint/open.js';
import { runCli, runCommand } from '../measure.js';
import { bigCheckpoint } from '../gen/inputs.js';
import { BIG, DDP_PREFIX, mlpStack } from '../gen/layouts.js';
import { stripPrefixPlan, writePlanFile } from '../gen/plan-file.js';
import { commandAvailable, expectCode, floor, gb, info, ms, notRun, type FloorCheck, type Suite, type SuiteContext, type SuiteResult } from './suite.js';

/**
 * Issue 5: `sdmatch apply SRC PLAN -o OUT` of a rename plan (strip `module.`) on a ≥ 2 GB checkpoint
 * against `cp SRC OUT2`, side by side in one run. The page cache cannot be dropped without root, so
 * every run reads a warm source; dirty pages are flushed (`sync`, untimed) before each run so none
 * inherits another's writeback, and the order of the runs rotates from round to round so none always
 * goes first. The best of the rounds counts for each.
 *
 * apply makes its output durable (the issue asks for the fsync) and plain cp does not: on this VM
 * the disk takes longer to absorb 2.4 GB than the page cache takes to copy it, so a durable write
 * cannot reach plain cp's speed by any program. Throughput is therefore compared like for like:
 *   - `sdmatch apply` (fsynced) against `cp` followed by `sync OUT2` (cp's copy made durable);
 *   - `sdmatch apply --no-sync` against plain `cp` (both leave the bytes in the page cache).
 * Issue 5 asked for 80 % of each; issue 14 raised the durable one to 90 % and set 70 % for --no-sync.
 * apply against plain cp is shown as well.
 */

const ROUNDS = 7;
/** issue 14: apply ≥ 0.9 × (cp + sync), apply --no-sync ≥ 0.7 × cp */
const DURABLE_FLOOR = 0.9;
const CACHED_FLOOR = 0.7;
const RSS_FLOOR_MB = 200;
const MIB_TO_MB = 1.048576;

const FLOOR_DURABLE = 'apply / (cp + sync) throughput';
const FLOOR_CACHED = 'apply --no-sync / cp throughput';

function unavailableFloors(): FloorCheck[] {
  return [
    floor(FLOOR_DURABLE, null, '×', '>=', DURABLE_FLOOR),
    floor(FLOOR_CACHED, null, '×', '>=', CACHED_FLOOR),
    floor('apply 2 GB peak RSS', null, 'MB', '<', RSS_FLOOR_MB),
  ];
}

function flush(): void {
  runCommand('sync', []);
}

/** The output apply wrote holds every tensor, renamed. Read once, outside the timed part. */
function checkOutput(path: string, count: number): void {
  const ckpt = openCheckpoint(path);
  const keys = ckpt.tensors.map((t) => t.path[t.path.length - 1]);
  if (keys.length !== count) throw new Error(`apply wrote ${keys.length} tensors, the source has ${count}`);
  const stillPrefixed = keys.find((k) => typeof k !== 'string' || k.startsWith(DDP_PREFIX));
  if (stillPrefixed !== undefined) throw new Error(`apply output still has key ${String(stillPrefixed)}`);
}

interface ApplyRun {
  ms: number;
  rssMB: number;
}

export const applySuite: Suite = {
  name: 'apply',
  describe: 'apply of a strip-prefix plan on a ≥ 2 GB checkpoint vs cp (durable and not), throughput and peak RSS',
  run(ctx: SuiteContext): SuiteResult {
    if (!commandAvailable('apply')) return notRun('not available', '`apply` is not a registered command yet', unavailableFloors());
    const noRoom = ctx.files.lackOfSpace();
    if (noRoom) return notRun('skipped', noRoom, unavailableFloors());

    ctx.log('apply: generating the 2 GB checkpoint and its plan (sha256 of the source)');
    const src = bigCheckpoint(ctx.files);
    const tensors = mlpStack(BIG);
    const planPath = ctx.files.path('strip-module.plan.json');
    const plan = stripPrefixPlan(src, tensors.map((t) => ({ key: t.key, shape: t.shape, dtype: t.dtype ?? 'float32' })), DDP_PREFIX);
    if (!plan.source.entriesSha256) throw new Error('the bench plan records no entries digest: apply would hash the whole source');
    writePlanFile(planPath, plan);
    const bytes = statSync(src).size;

    const cp: { ms: number; syncMs: number }[] = [];
    const apply: ApplyRun[] = [];
    const applyNoSync: ApplyRun[] = [];
    const runApply = (extra: string[], into: ApplyRun[], check: boolean): void => {
      const out = ctx.files.output('apply-out.pt');
      flush();
      const m = expectCode(runCli(['apply', src, planPath, '-o', out, ...extra]), [0], `apply ${extra.join(' ')}`);
      if (!existsSync(out)) throw new Error(`apply exited 0 but wrote no ${out}`);
      into.push({ ms: m.wallMs, rssMB: m.maxRssMiB * MIB_TO_MB });
      if (check) checkOutput(out, tensors.length);
      ctx.files.remove(out);
    };
    const runs: (() => void)[] = [
      () => {
        const cpOut = ctx.files.output('cp-out.pt');
        flush();
        const c = runCommand('cp', [src, cpOut]);
        if (c.code !== 0) throw new Error(`cp exited with ${c.code}`);
        const f = runCommand('sync', [cpOut]);
        cp.push({ ms: c.wallMs, syncMs: f.wallMs });
        ctx.files.remove(cpOut);
      },
      () => runApply([], apply, apply.length === 0),
      () => runApply(['--no-sync'], applyNoSync, applyNoSync.length === 0),
    ];
    for (let round = 0; round < ROUNDS; round++) {
      ctx.log(`apply: round ${round + 1}/${ROUNDS}: cp (+ sync), apply, apply --no-sync, in rotated order`);
      for (let i = 0; i < runs.length; i++) runs[(i + round) % runs.length]!();
    }

    const best = (xs: number[]): number => Math.min(...xs);
    const bestCp = best(cp.map((r) => r.ms));
    const bestCpSynced = best(cp.map((r) => r.ms + r.syncMs));
    const bestApply = best(apply.map((r) => r.ms));
    const bestNoSync = best(applyNoSync.map((r) => r.ms));
    const peakRss = Math.max(...apply.map((r) => r.rssMB), ...applyNoSync.map((r) => r.rssMB));
    const durable = bestCpSynced / bestApply;
    const cached = bestCp / bestNoSync;
    const mbps = (t: number): string => `${(bytes / 1e6 / (t / 1000)).toFixed(0)} MB/s`;
    const row = (name: string, times: number[], b: number, rss: string): string[] => [name, ...times.map(ms), ms(b), mbps(b), rss];
    return {
      status: 'ok',
      tables: [{
        title: `apply vs cp on ${gb(bytes)} (best of ${ROUNDS}, rotated order; apply start-up included)`,
        head: ['run', ...cp.map((_, i) => `round ${i + 1}`), 'best', 'throughput', 'peak RSS'],
        rows: [
          row('cp + sync', cp.map((r) => r.ms + r.syncMs), bestCpSynced, ''),
          row('sdmatch apply', apply.map((r) => r.ms), bestApply, `${Math.max(...apply.map((r) => r.rssMB)).toFixed(0)} MB`),
          row('cp', cp.map((r) => r.ms), bestCp, ''),
          row('sdmatch apply --no-sync', applyNoSync.map((r) => r.ms), bestNoSync, `${Math.max(...applyNoSync.map((r) => r.rssMB)).toFixed(0)} MB`),
          [FLOOR_DURABLE, ...cp.map(() => ''), '', `${durable.toFixed(2)} ×`, ''],
          [FLOOR_CACHED, ...cp.map(() => ''), '', `${cached.toFixed(2)} ×`, ''],
          ['apply / cp throughput', ...cp.map(() => ''), '', `${(bestCp / bestApply).toFixed(2)} ×`, 'durable vs not'],
        ],
      }],
      floors: [
        floor(FLOOR_DURABLE, durable, '×', '>=', DURABLE_FLOOR),
        floor(FLOOR_CACHED, cached, '×', '>=', CACHED_FLOOR),
        floor('apply 2 GB peak RSS', peakRss, 'MB', '<', RSS_FLOOR_MB),
        info('apply / cp throughput (durable vs not)', bestCp / bestApply, '×'),
        info('apply 2 GB wall time', bestApply, 'ms'),
      ],
      data: { bytes, cp, apply, applyNoSync, bestCp, bestCpSynced, bestApply, bestNoSync, durable, cached, peakRssMB: peakRss },
    };
  },
};
