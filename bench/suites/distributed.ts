import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, runCommand } from '../measure.js';
import { torchAvailable } from '../gen/verify-torch.js';
import { commandAvailable, expectCode, floor, info, ms, notRun, type FloorCheck, type Suite, type SuiteContext, type SuiteResult } from './suite.js';

/**
 * Issue 15: `sdmatch apply` consolidating a DeepSpeed ZeRO-2 checkpoint (4 data-parallel ranks: fp32
 * weights cut out of the optimizer files' flat partitions) and a Megatron-LM TP 4 checkpoint (shards
 * joined along their split dims) of about 256 MB of weights each, against `cp` of the same bytes (the
 * output apply wrote, copied), side by side in one run, order rotated per round, best of the rounds. apply
 * runs as users run it (the plan's sha256 of every source file checked, which reads the optimizer files'
 * moments too) but --no-sync, as plain cp does not fsync. Peak RSS says whether memory stays bounded:
 * the largest tensor is 64 MB (Megatron's embedding) and gathered tensors are streamed in 4 MB pieces.
 * The inputs are written by fixtures/distributed.py (Debian's torch), untimed; without torch the suite
 * is skipped.
 */

const ROUNDS = 3;
const MEGABYTES = 256;
const RSS_FLOOR_MB = 200;
const MIB_TO_MB = 1.048576;
const PYTHON = process.env.SDMATCH_TORCH_PYTHON ?? '/usr/bin/python3';
const LAYOUTS = [['deepspeed', 'zero2', 'DeepSpeed ZeRO-2, 4 ranks'], ['megatron', 'tp4', 'Megatron TP 4']] as const;

const floors = (rss: number | null, ratios: (number | null)[]): FloorCheck[] => [
  floor('distributed apply peak RSS', rss, 'MB', '<', RSS_FLOOR_MB),
  ...LAYOUTS.map(([, name], i) => info(`${name} apply / cp throughput`, ratios[i] ?? null, '×')),
];

function generate(ctx: SuiteContext, kind: string, name: string): string {
  const dir = ctx.files.path('distributed');
  const out = join(dir, name);
  if (!existsSync(out)) {
    mkdirSync(dir, { recursive: true });
    const r = spawnSync(PYTHON, ['fixtures/distributed.py', 'bench', dir, kind, String(MEGABYTES)], { encoding: 'utf8', maxBuffer: 16 << 20 });
    if (r.status !== 0) throw new Error(`fixtures/distributed.py bench ${kind}: ${(r.stderr || `exit ${r.status}`).trim().split('\n').pop()}`);
  }
  return out;
}

export const distributedSuite: Suite = {
  name: 'distributed',
  describe: `apply consolidating DeepSpeed ZeRO-2 and Megatron TP 4 checkpoints (~${MEGABYTES} MB of weights) vs cp of the output, peak RSS`,
  run(ctx: SuiteContext): SuiteResult {
    if (!commandAvailable('apply')) return notRun('not available', '`apply` is not a registered command yet', floors(null, []));
    if (!torchAvailable()) return notRun('skipped', `no torch at ${PYTHON} to write the inputs (fixtures/distributed.py)`, floors(null, []));
    const noRoom = ctx.files.lackOfSpace(4e9);
    if (noRoom) return notRun('skipped', noRoom, floors(null, []));
    const rows: string[][] = [];
    const ratios: number[] = [];
    let rss = 0;
    const data: Record<string, unknown> = {};
    for (const [kind, name, title] of LAYOUTS) {
      ctx.log(`distributed: writing the ${title} checkpoint (fixtures/distributed.py, untimed) and its plan`);
      const src = generate(ctx, kind, name);
      const plan = ctx.files.path(`distributed-${name}.plan.json`);
      expectCode(runCli(['plan', src, `${src}.reference.pt`, '-o', plan, '-q']), [0], `plan ${name}`);
      const out = ctx.files.output(`distributed-${name}.out.pt`);
      const applyMs: number[] = [];
      const cpMs: number[] = [];
      const runs = [
        () => {
          rmSync(out, { force: true });
          runCommand('sync', []);
          const m = expectCode(runCli(['apply', src, plan, '-o', out, '--no-sync', '-q']), [0], `apply ${name}`);
          applyMs.push(m.wallMs);
          rss = Math.max(rss, m.maxRssMiB * MIB_TO_MB);
        },
        () => {
          if (!existsSync(out)) return;
          const copy = ctx.files.output(`distributed-${name}.cp.pt`);
          runCommand('sync', []);
          const c = runCommand('cp', [out, copy]);
          if (c.code !== 0) throw new Error(`cp exited with ${c.code}`);
          cpMs.push(c.wallMs);
          ctx.files.remove(copy);
        },
      ];
      for (let round = 0; round < ROUNDS; round++) for (let i = 0; i < runs.length; i++) runs[(i + round) % runs.length]!();
      const bytes = statSync(out).size;
      const bestApply = Math.min(...applyMs);
      const bestCp = Math.min(...cpMs);
      ratios.push(bestCp / bestApply);
      const mbps = (t: number) => `${(bytes / 1e6 / (t / 1000)).toFixed(0)} MB/s`;
      rows.push([title, `${(bytes / 1e6).toFixed(0)} MB`, ms(bestApply), mbps(bestApply), ms(bestCp), mbps(bestCp), `${(bestCp / bestApply).toFixed(2)} ×`]);
      data[name] = { bytes, applyMs, cpMs };
      ctx.files.remove(out);
    }
    return {
      status: 'ok',
      tables: [{
        title: `apply (consolidation, sha256 checked, --no-sync) vs cp of its output, best of ${ROUNDS}, rotated order; peak RSS ${rss.toFixed(0)} MB`,
        head: ['checkpoint', 'output', 'apply', 'apply throughput', 'cp', 'cp throughput', 'apply / cp'],
        rows,
      }],
      floors: floors(rss, ratios),
      data: { ...data, peakRssMB: rss },
    };
  },
};
