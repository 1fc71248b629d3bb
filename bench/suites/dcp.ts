import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openCheckpoint } from '../../src/checkpoint/open.js';
import { writeManifest } from '../../src/formats/manifest.js';
import { writeSyntheticDcp } from '../gen/dcp.js';
import type { SyntheticTensor } from '../gen/torch-zip.js';
import { runCli, runCommand } from '../measure.js';
import { commandAvailable, expectCode, floor, gb, info, ms, notRun, type FloorCheck, type Suite, type SuiteContext, type SuiteResult } from './suite.js';

/**
 * Issue 15: consolidating a torch.distributed.checkpoint directory (4 ranks, every 2-D tensor split by
 * rows or columns) into one file with `sdmatch apply`, renaming every key on the way (the plan adds
 * `net.`), against `cp -r` of the same directory. Like the apply suite: warm page cache, dirty pages
 * flushed before each run, rotated order, best of the rounds; durable apply against cp + sync, and
 * --no-sync against plain cp. Peak RSS is compared with the largest tensor: consolidation assembles
 * one tensor at a time, so its memory is bounded by that tensor, not by the checkpoint.
 */

const ROUNDS = 3;
const MIB_TO_MB = 1.048576;
/** Node, the reader's tree and buffers, plus the largest tensor assembled and its output copy */
const RSS_BASE_MB = 160;
const RSS_TENSORS = 2.5;

function layout(): SyntheticTensor[] {
  const t: SyntheticTensor[] = [{ key: 'embed.weight', shape: [4096, 4096] }];
  for (let i = 0; i < 16; i++) {
    t.push({ key: `layers.${i}.weight`, shape: [2048, 2048] }, { key: `layers.${i}.bias`, shape: [2048] });
  }
  return t;
}

function unavailable(): FloorCheck[] {
  return [floor('DCP consolidation peak RSS', null, 'MB', '<', RSS_BASE_MB)];
}

export const dcpSuite: Suite = {
  name: 'dcp',
  describe: 'apply consolidating a 4-rank DCP directory (chunks by rows and columns) to one safetensors / torch file vs cp -r, throughput and peak RSS',
  run(ctx: SuiteContext): SuiteResult {
    if (!commandAvailable('apply')) return notRun('not available', '`apply` is not a registered command', unavailable());
    const noRoom = ctx.files.lackOfSpace(2 * 1024 ** 3);
    if (noRoom) return notRun('skipped', noRoom, unavailable());
    const tensors = layout();
    const dir = ctx.files.path('dcp-4rank');
    ctx.log('dcp: generating a 4-rank DCP directory');
    let facts = { bytes: 0, largestTensorBytes: 0, chunks: 0 };
    ctx.files.once('dcp-4rank', (p) => {
      facts = writeSyntheticDcp(p, tensors, 4);
      return { bytes: facts.bytes };
    });
    const manifest = ctx.files.path('dcp-target.json');
    writeFileSync(manifest, writeManifest(tensors.map((t) => ({ key: `net.${t.key}`, shape: t.shape, dtype: 'float32' }))));
    const plan = ctx.files.path('dcp.plan.json');
    expectCode(runCli(['plan', dir, manifest, '-o', plan, '-q']), [0], 'plan on the DCP directory');

    const flush = () => runCommand('sync', []);
    const cp: { ms: number; syncMs: number }[] = [];
    const runs: Record<string, { ms: number; rssMB: number }[]> = { 'apply → safetensors': [], 'apply --no-sync → safetensors': [], 'apply --no-sync → torch zip': [] };
    const apply = (name: string, out: string, extra: string[], check: boolean) => () => {
      const path = ctx.files.output(out);
      flush();
      const m = expectCode(runCli(['apply', dir, plan, '-o', path, '-q', ...extra]), [0], name);
      if (!existsSync(path)) throw new Error(`${name} exited 0 but wrote no ${path}`);
      runs[name]!.push({ ms: m.wallMs, rssMB: m.maxRssMiB * MIB_TO_MB });
      if (check) {
        const c = openCheckpoint(path);
        if (c.tensors.length !== tensors.length || !c.tensors.every((t) => String(t.path[t.path.length - 1]).startsWith('net.'))) {
          throw new Error(`${name}: the output does not hold the ${tensors.length} renamed tensors`);
        }
      }
      ctx.files.remove(path);
    };
    const order = [
      () => {
        const out = ctx.files.path('dcp-cp');
        rmSync(out, { recursive: true, force: true });
        flush();
        const c = runCommand('cp', ['-r', dir, out]);
        if (c.code !== 0) throw new Error(`cp exited with ${c.code}`);
        const f = runCommand('sync', readdirSync(out).map((x) => join(out, x)));
        cp.push({ ms: c.wallMs, syncMs: f.wallMs });
        rmSync(out, { recursive: true, force: true });
      },
      apply('apply → safetensors', 'dcp-out.safetensors', [], cp.length === 0),
      apply('apply --no-sync → safetensors', 'dcp-out2.safetensors', ['--no-sync'], false),
      apply('apply --no-sync → torch zip', 'dcp-out.pt', ['--no-sync'], true),
    ];
    for (let round = 0; round < ROUNDS; round++) {
      ctx.log(`dcp: round ${round + 1}/${ROUNDS}: cp -r (+ sync) and three consolidations, rotated`);
      for (let i = 0; i < order.length; i++) order[(i + round) % order.length]!();
    }
    const best = (xs: number[]) => Math.min(...xs);
    const bestCp = best(cp.map((r) => r.ms));
    const bestCpSync = best(cp.map((r) => r.ms + r.syncMs));
    const bestOf = (name: string) => best(runs[name]!.map((r) => r.ms));
    const peak = Math.max(...Object.values(runs).flat().map((r) => r.rssMB));
    const largestMB = facts.largestTensorBytes / 1e6;
    const rssCeiling = RSS_BASE_MB + RSS_TENSORS * largestMB;
    const mbps = (t: number) => `${(facts.bytes / 1e6 / (t / 1000)).toFixed(0)} MB/s`;
    const rows: (string | number)[][] = [
      ['cp -r + sync', ...cp.map((r) => ms(r.ms + r.syncMs)), ms(bestCpSync), mbps(bestCpSync), '', ''],
      ['cp -r', ...cp.map((r) => ms(r.ms)), ms(bestCp), mbps(bestCp), '', ''],
      ...Object.entries(runs).map(([name, rs]) => {
        const b = best(rs.map((r) => r.ms));
        const vs = name.includes('--no-sync') ? bestCp / b : bestCpSync / b;
        return [name, ...rs.map((r) => ms(r.ms)), ms(b), mbps(b), `${vs.toFixed(2)} × ${name.includes('--no-sync') ? 'cp' : 'cp + sync'}`, `${Math.max(...rs.map((r) => r.rssMB)).toFixed(0)} MB`];
      }),
    ];
    return {
      status: 'ok',
      tables: [{
        title: `DCP → one file, ${tensors.length} tensors in ${facts.chunks} chunks over 4 ranks, ${gb(facts.bytes)}; largest tensor ${largestMB.toFixed(0)} MB (best of ${ROUNDS}, rotated; start-up included)`,
        head: ['run', ...cp.map((_, i) => `round ${i + 1}`), 'best', 'throughput', 'vs', 'peak RSS'],
        rows,
      }],
      floors: [
        floor('DCP consolidation peak RSS', peak, 'MB', '<', rssCeiling),
        info('DCP apply / (cp -r + sync) throughput', bestCpSync / bestOf('apply → safetensors'), '×'),
        info('DCP apply --no-sync / cp -r throughput (safetensors)', bestCp / bestOf('apply --no-sync → safetensors'), '×'),
        info('DCP apply --no-sync / cp -r throughput (torch zip)', bestCp / bestOf('apply --no-sync → torch zip'), '×'),
        info('DCP largest tensor', largestMB, 'MB'),
      ],
      data: { facts, cp, runs, bestCp, bestCpSync, peakRssMB: peak, rssCeilingMB: rssCeiling },
    };
  },
};
