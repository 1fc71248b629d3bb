import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { openCheckpoint } from '../../src/checkpoint/open.js';
import type { KeyEntry } from '../../src/formats/keys.js';
import { PY_PEAK_RSS_KIB, runCli, runCommand } from '../measure.js';
import { bigCheckpoint } from '../gen/inputs.js';
import { BIG, DDP_PREFIX, mlpStack } from '../gen/layouts.js';
import { opsPlan, stripPrefixPlan, writePlanFile, writeTargetManifest } from '../gen/plan-file.js';
import { writeSyntheticTorchZip } from '../gen/torch-zip.js';
import type { PlanOp } from '../../src/plan/types.js';
import { PYTHON, torchAvailable } from '../gen/verify-torch.js';
import { commandAvailable, expectCode, floor, gb, info, median, ms, notRun, type FloorCheck, type Suite, type SuiteContext, type SuiteResult, type Table } from './suite.js';

/**
 * Issue 5: `sdmatch apply SRC PLAN -o OUT` of a rename plan (strip `module.`) on a ≥ 2 GB checkpoint
 * against `cp SRC OUT2`, side by side in one run. The page cache cannot be dropped without root, so
 * every run reads a warm source; dirty pages are flushed (`sync`, untimed) before each run so none
 * inherits another's writeback, and the order of the runs rotates from round to round so none always
 * goes first. The median of the rounds counts for each (the machine is shared: CPU times, user +
 * system, are shown beside, and the load average before and after).
 *
 * apply makes its output durable (the issue asks for the fsync) and plain cp does not: on this VM
 * the disk takes longer to absorb 2.4 GB than the page cache takes to copy it, so a durable write
 * cannot reach plain cp's speed by any program. Throughput is therefore compared like for like:
 *   - `sdmatch apply` (fsynced) against `cp` followed by `sync OUT2 FOLDER` (cp's copy made durable
 *     as apply makes OUT: apply fsyncs the file, renames it into place and fsyncs the folder; `sync`
 *     of the file alone would leave cp's new name to the file system's next commit);
 *   - `sdmatch apply --no-sync` against plain `cp` (both leave the bytes in the page cache).
 * Issue 5 asked for 80 % of each; issue 14 raised the durable one to 90 % and set 70 % for --no-sync.
 * apply against plain cp is shown as well, and `apply --no-sync --full-hash`: what re-reading the source
 * for its sha256 costs. By default apply skips that re-read when the source is the very file the plan
 * hashed, unchanged since (same device, inode, size, mtime, ctime: src/plan/source-identity.ts), as it
 * is here; the first `apply --no-sync` run checks that it said so. Each plan's target is a manifest
 * beside it (writeTargetManifest), so every apply checks its output against the model and exits 0, as
 * a user's apply of a plan made against a model does (without it apply exits 1: not shown to load).
 *
 * Issue 14 also: a plan that strips the prefix and transposes half the tensors (every fc1 weight,
 * [6144, 4096] → [4096, 6144]) of a 2.4 GB checkpoint written by torch itself (torch.randn, torch.save)
 * against the script a user writes instead (torch.load, `.t().contiguous()`, torch.save, with Debian's
 * torch 1.13), rotated, median of TRANSPOSE_ROUNDS: apply must be at least 2× faster, and its peak
 * memory bounded by the largest tensor, not the file (Python holds the file). apply here is durable
 * (fsync) and the script is not. After the first round, untimed, torch loads both outputs and every
 * tensor must be equal (keys in order, dtype, shape, sha256 of the bytes).
 */

const ROUNDS = 5;
/** issue 14: apply ≥ 0.9 × (cp + sync), apply --no-sync ≥ 0.7 × cp */
const DURABLE_FLOOR = 0.9;
const CACHED_FLOOR = 0.7;
const RSS_FLOOR_MB = 200;
const MIB_TO_MB = 1.048576;

const TRANSPOSE_ROUNDS = 3;
/** issue 14: transposes at least 2× faster than the Python script */
const TRANSPOSE_SPEEDUP_FLOOR = 2;
/** what apply may hold besides tensors: Node, the plan, the tree */
const BASE_RSS_MB = 200;
/** a transpose holds its result and a band of its source (a few MB, within BASE_RSS_MB) */
const TENSORS_HELD = 1;
const TRANSPOSED = /^blocks\.\d+\.mlp\.fc1\.weight$/;

const FLOOR_DURABLE = 'apply / (cp + sync) throughput';
const FLOOR_CACHED = 'apply --no-sync / cp throughput';

function unavailableFloors(): FloorCheck[] {
  return [
    floor('apply transposes: Python script / apply wall', null, '×', '>=', TRANSPOSE_SPEEDUP_FLOOR),
    floor('apply transposes peak RSS', null, 'MB', '<', BASE_RSS_MB),
    floor(FLOOR_DURABLE, null, '×', '>=', DURABLE_FLOOR),
    floor(FLOOR_CACHED, null, '×', '>=', CACHED_FLOOR),
    floor('apply 2 GB peak RSS', null, 'MB', '<', RSS_FLOOR_MB),
  ];
}

const TRANSPOSE_SCRIPT = `
import sys, re, json, resource, torch
src, dst, prefix, pattern = sys.argv[1:5]
sd = torch.load(src, weights_only=True, map_location='cpu')
out = {}
for k, v in sd.items():
    k = k[len(prefix):] if k.startswith(prefix) else k
    out[k] = v.t().contiguous() if re.search(pattern, k) else v
torch.save(out, dst)
r = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({'cpuMs': (r.ru_utime + r.ru_stime) * 1000, 'maxRssKiB': ${PY_PEAK_RSS_KIB}}))
`;

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
  cpuMs: number;
}

/** The bytes of the tensor stored under `key` in a torch zip (a STORED member), read whole. */
function storedBytes(path: string, key: string): Buffer {
  const ckpt = openCheckpoint(path, { readOnly: true });
  const t = ckpt.tensors.find((r) => r.path[r.path.length - 1] === key);
  const loc = t?.info.storage.bytes;
  if (!t || !loc || loc.kind !== 'raw') throw new Error(`${path}: no stored tensor ${key}`);
  const buf = Buffer.alloc(loc.length);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, buf, 0, loc.length, loc.offset);
  } finally {
    closeSync(fd);
  }
  return buf;
}

/**
 * The transposes' source, written by real torch (torch.save of torch.randn tensors, BIG's keys and
 * shapes under `module.`): random values, so a misplaced element shows in the comparison (the
 * generator's periodic fill repeats every 4 elements along a row), and torch's own zip layout.
 */
const TRANSPOSE_SOURCE_SCRIPT = `
import sys, torch
from collections import OrderedDict
path, blocks, wide, narrow, prefix = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
g = torch.Generator().manual_seed(14)
sd = OrderedDict()
for i in range(blocks):
    sd['%sblocks.%d.mlp.fc1.weight' % (prefix, i)] = torch.randn(wide, narrow, generator=g)
    sd['%sblocks.%d.mlp.fc2.weight' % (prefix, i)] = torch.randn(narrow, wide, generator=g)
torch.save(sd, path)
`;

/** Both outputs loaded by torch, one after the other (one file's tensors in memory at a time): key, dtype, shape and sha256 of each tensor. */
const TENSOR_DIGESTS_SCRIPT = `
import sys, json, hashlib, torch
def digests(path):
    sd = torch.load(path, weights_only=True, map_location='cpu')
    out = [[k, str(v.dtype), list(v.shape), hashlib.sha256(v.contiguous().numpy().tobytes()).hexdigest()] for k, v in sd.items()]
    del sd
    return out
print(json.dumps([digests(p) for p in sys.argv[1:]]))
`;

/** Untimed: real torch loads apply's output and the Python script's, and every tensor is equal (same keys in the same order, dtypes, shapes, bytes). */
function sameAsTorch(ours: string, theirs: string): void {
  const r = spawnSync(PYTHON, ['-c', TENSOR_DIGESTS_SCRIPT, ours, theirs], { encoding: 'utf8', maxBuffer: 16 << 20 });
  if (r.status !== 0) throw new Error(`torch could not load the transposed outputs: ${(r.stderr || '').trim().split('\n').pop() ?? ''}`);
  const [a, b] = JSON.parse(r.stdout) as [string, string, number[], string][][];
  if (!a || !b || a.length !== b.length || a.length === 0) throw new Error(`torch read ${a?.length} tensors from apply's output and ${b?.length} from the Python script's`);
  for (let i = 0; i < a.length; i++) {
    if (JSON.stringify(a[i]) !== JSON.stringify(b[i])) throw new Error(`apply and torch disagree on tensor ${i}: ${JSON.stringify(a[i]).slice(0, 120)} vs ${JSON.stringify(b[i]).slice(0, 120)}`);
  }
}

/** apply of a strip-prefix-and-transpose plan against the Python script (see the top of this file). */
function transposes(ctx: SuiteContext): { rows: string[][]; floors: FloorCheck[]; data: unknown; title: string } {
  const floors = (speedup: number | null, rss: number | null, limit: number) => [
    floor('apply transposes: Python script / apply wall', speedup, '×', '>=', TRANSPOSE_SPEEDUP_FLOOR),
    floor('apply transposes peak RSS', rss, 'MB', '<', limit),
  ];
  const tensors = mlpStack(BIG);
  const keys: KeyEntry[] = tensors.map((t) => ({ key: t.key, shape: t.shape, dtype: 'float32' }));
  const largest = Math.max(...keys.map((k) => (k.shape ?? []).reduce((a, b) => a * b, 1) * 4)) / 1e6;
  const limit = BASE_RSS_MB + TENSORS_HELD * largest;
  const title = `apply of a plan transposing half the tensors vs the Python script (median of ${TRANSPOSE_ROUNDS}, rotated; apply durable, Python not)`;
  if (!torchAvailable()) return { rows: [['transposes', `not measured: no torch at ${PYTHON}`]], floors: floors(null, null, limit), data: null, title };
  ctx.log('apply: transposes: torch writes the 2 GB source (torch.randn, torch.save)');
  const src = ctx.files.once('transpose-src.pt', (path) => {
    const g = spawnSync(PYTHON, ['-c', TRANSPOSE_SOURCE_SCRIPT, path, String(BIG.blocks), String(BIG.wide), String(BIG.narrow), DDP_PREFIX], { encoding: 'utf8' });
    if (g.status !== 0) throw new Error(`torch could not write the transposes' source: ${(g.stderr || '').trim().split('\n').pop() ?? ''}`);
    return { bytes: statSync(path).size };
  });
  const stripped = keys.map((k) => k.key.slice(DDP_PREFIX.length));
  const transposed = stripped.filter((k) => TRANSPOSED.test(k));
  const planPath = ctx.files.path('transpose.plan.json');
  const then: PlanOp[] = [{ op: 'transpose', pattern: TRANSPOSED.source, dims: [1, 0], confidence: 1, evidence: 'bench: half the tensors' }];
  let plan = stripPrefixPlan(src, keys, DDP_PREFIX, then, 'transpose.model.json');
  if (!plan.source.identity) {
    // just written: plan it once it has settled, as for the rename (else apply re-hashes the source)
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 3500);
    plan = stripPrefixPlan(src, keys, DDP_PREFIX, then, 'transpose.model.json');
  }
  writePlanFile(planPath, plan);
  writeTargetManifest(planPath, plan, keys);
  const ours: ApplyRun[] = [];
  const py: ApplyRun[] = [];
  let checked = false;
  const runs = [
    () => {
      const out = ctx.files.output('apply-transposed.pt');
      flush();
      const m = expectCode(runCli(['apply', src, planPath, '-o', out]), [0], 'apply (transposes)');
      ours.push({ ms: m.wallMs, rssMB: m.maxRssMiB * MIB_TO_MB, cpuMs: m.cpuMs });
      if (!checked) {
        const shapes = new Map(openCheckpoint(out, { readOnly: true }).tensors.map((t) => [t.path[t.path.length - 1], t.info.shape.join('x')]));
        for (const k of keys) {
          const name = k.key.slice(DDP_PREFIX.length);
          const want = (TRANSPOSED.test(name) ? [...(k.shape ?? [])].reverse() : k.shape ?? []).join('x');
          if (shapes.get(name) !== want) throw new Error(`apply (transposes) wrote ${name} as ${shapes.get(name)}, expected ${want}`);
        }
      }
      return out;
    },
    () => {
      const out = ctx.files.output('py-transposed.pt');
      flush();
      const t0 = process.hrtime.bigint();
      const r = spawnSync(PYTHON, ['-c', TRANSPOSE_SCRIPT, src, out, DDP_PREFIX, TRANSPOSED.source], { encoding: 'utf8' });
      const wall = Number(process.hrtime.bigint() - t0) / 1e6;
      if (r.status !== 0) throw new Error(`the Python transpose script exited with ${r.status}: ${(r.stderr || '').trim().split('\n').pop() ?? ''}`);
      const rep = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { cpuMs: number; maxRssKiB: number };
      py.push({ ms: wall, rssMB: rep.maxRssKiB * 1.024e-3, cpuMs: rep.cpuMs });
      return out;
    },
  ];
  const loadBefore = loadavg()[0]!;
  for (let round = 0; round < TRANSPOSE_ROUNDS; round++) {
    ctx.log(`apply: transposes round ${round + 1}/${TRANSPOSE_ROUNDS}: apply, Python script, in rotated order`);
    const outs = [0, 1].map((i) => (i + round) % 2).map((k) => [k, runs[k]!()] as const);
    if (!checked) {
      ctx.log('apply: transposes: torch loads both outputs (untimed): every tensor must be equal');
      sameAsTorch(outs.find(([k]) => k === 0)![1], outs.find(([k]) => k === 1)![1]);
      checked = true;
    }
    for (const [, out] of outs) ctx.files.remove(out);
  }
  const loadAfter = loadavg()[0]!;
  const med = (xs: number[]): number => median(xs);
  const speedup = med(py.map((r) => r.ms)) / med(ours.map((r) => r.ms));
  const cpuSpeedup = med(py.map((r) => r.cpuMs)) / med(ours.map((r) => r.cpuMs));
  const rss = Math.max(...ours.map((r) => r.rssMB));
  const pyRss = Math.max(...py.map((r) => r.rssMB));
  return {
    title: `${title} on ${gb(statSync(src).size)} written by torch; load average ${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)} on ${cpus().length} cores`,
    rows: [
      [`sdmatch apply, ${transposed.length} of ${keys.length} tensors transposed`, ...ours.map((r) => ms(r.ms)), ms(med(ours.map((r) => r.ms))), ms(med(ours.map((r) => r.cpuMs))), `${rss.toFixed(0)} MB`],
      ['Python torch.load → .t().contiguous() → torch.save', ...py.map((r) => ms(r.ms)), ms(med(py.map((r) => r.ms))), ms(med(py.map((r) => r.cpuMs))), `${pyRss.toFixed(0)} MB`],
      ['Python / apply (wall; floor ≥ 2)', ...ours.map(() => ''), `${speedup.toFixed(2)} ×`, `${cpuSpeedup.toFixed(2)} × (CPU)`, `${(rss / pyRss).toFixed(2)} × Python's; limit ${limit.toFixed(0)} MB (largest tensor ${largest.toFixed(0)} MB)`],
    ],
    floors: [...floors(speedup, rss, limit), info('apply transposes: Python script / apply CPU', cpuSpeedup, '×')],
    data: { ours, py, speedup, cpuSpeedup, rssMB: rss, pyRssMB: pyRss, limitMB: limit, largestMB: largest, loadavg: [loadBefore, loadAfter], verifiedWithTorch: checked },
  };
}

/** issue 14: a part of a fused tensor is made from one read of it; the split cache holds at most 2 sources */
const SPLIT_LAYERS = 24;
const SPLIT_H = 1024;
const SPLIT_ROUNDS = 3;
/** what a split may hold: the split cache (two of the largest source) and a part */
const SPLIT_TENSORS_HELD = 3;

/** 24 layers, each a fused qkv [3h, h] (split along dim 0) and a GPT-2 style c_attn [h, 3h] (split along dim 1). */
function fusedTensors(): { key: string; shape: number[] }[] {
  const out: { key: string; shape: number[] }[] = [];
  for (let i = 0; i < SPLIT_LAYERS; i++) {
    out.push({ key: `layers.${i}.attn.qkv.weight`, shape: [3 * SPLIT_H, SPLIT_H] });
    out.push({ key: `layers.${i}.attn.c_attn.weight`, shape: [SPLIT_H, 3 * SPLIT_H] });
  }
  return out;
}

const SPLIT_SCRIPT = `
import sys, re, json, resource, torch
src, dst, h = sys.argv[1], sys.argv[2], int(sys.argv[3])
sd = torch.load(src, weights_only=True, map_location='cpu')
out = {}
for k, v in sd.items():
    m = re.match(r'(.*)\\.(qkv|c_attn)\\.weight$', k)
    if not m:
        out[k] = v
        continue
    dim = 0 if m.group(2) == 'qkv' else 1
    names = ('q', 'k', 'v') if dim == 0 else ('c_q', 'c_k', 'c_v')
    for n, part in zip(names, v.split(h, dim)):
        out['%s.%s.weight' % (m.group(1), n)] = part.clone(memory_format=torch.contiguous_format)
torch.save(out, dst)
r = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({'cpuMs': (r.ru_utime + r.ru_stime) * 1000, 'maxRssKiB': ${PY_PEAK_RSS_KIB}}))
`;

/**
 * apply of a plan splitting 48 fused tensors (24 along dim 0, 24 along dim 1) against the script a user
 * writes instead (torch.load, split, clone, torch.save), rotated, median of SPLIT_ROUNDS; both outputs
 * compared byte for byte on one part of each kind, untimed.
 */
function splits(ctx: SuiteContext): { table: Table; floors: FloorCheck[]; data: unknown } {
  const tensors = fusedTensors();
  const largest = (3 * SPLIT_H * SPLIT_H * 4) / 1e6;
  const limit = BASE_RSS_MB + SPLIT_TENSORS_HELD * largest;
  const head = ['run', ...Array.from({ length: SPLIT_ROUNDS }, (_, i) => `round ${i + 1}`), 'median', 'CPU (median)', 'peak RSS'];
  const title = `apply of a plan splitting ${tensors.length} fused tensors vs the Python script (median of ${SPLIT_ROUNDS}, rotated; apply durable, Python not)`;
  if (!torchAvailable()) {
    return { table: { title, head, rows: [['splits', `not measured: no torch at ${PYTHON}`]] }, floors: [floor('apply splits peak RSS', null, 'MB', '<', limit)], data: null };
  }
  const src = ctx.files.once('fused.pt', (path) => writeSyntheticTorchZip(path, tensors));
  const keys: KeyEntry[] = tensors.map((t) => ({ key: t.key, shape: t.shape, dtype: 'float32' }));
  const ops: PlanOp[] = tensors.map((t) => {
    const dim = t.key.endsWith('.qkv.weight') ? 0 : 1;
    const stem = t.key.replace(/\.(qkv|c_attn)\.weight$/, '');
    return { op: 'split', key: t.key, dim, targets: (dim === 0 ? ['q', 'k', 'v'] : ['c_q', 'c_k', 'c_v']).map((n) => `${stem}.${n}.weight`), sizes: [SPLIT_H, SPLIT_H, SPLIT_H], confidence: 1, evidence: 'bench: fused tensors' };
  });
  const planPath = ctx.files.path('split.plan.json');
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 3500); // settled, so the plan records the source's identity
  const plan = opsPlan(src, keys, ops, 'split.model.json');
  writePlanFile(planPath, plan);
  writeTargetManifest(planPath, plan, keys);
  const ours: ApplyRun[] = [];
  const py: ApplyRun[] = [];
  const runs = [
    () => {
      const out = ctx.files.output('apply-split.pt');
      flush();
      const m = expectCode(runCli(['apply', src, planPath, '-o', out]), [0], 'apply (splits)');
      if (!m.stdout.includes(`split into ${3 * tensors.length}`)) throw new Error(`apply (splits) did not report ${tensors.length} splits:\n${m.stdout}`);
      ours.push({ ms: m.wallMs, rssMB: m.maxRssMiB * MIB_TO_MB, cpuMs: m.cpuMs });
      return out;
    },
    () => {
      const out = ctx.files.output('py-split.pt');
      flush();
      const t0 = process.hrtime.bigint();
      const r = spawnSync(PYTHON, ['-c', SPLIT_SCRIPT, src, out, String(SPLIT_H)], { encoding: 'utf8' });
      const wall = Number(process.hrtime.bigint() - t0) / 1e6;
      if (r.status !== 0) throw new Error(`the Python split script exited with ${r.status}: ${(r.stderr || '').trim().split('\n').pop() ?? ''}`);
      const rep = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { cpuMs: number; maxRssKiB: number };
      py.push({ ms: wall, rssMB: rep.maxRssKiB * 1.024e-3, cpuMs: rep.cpuMs });
      return out;
    },
  ];
  const loadBefore = loadavg()[0]!;
  let checked = false;
  for (let round = 0; round < SPLIT_ROUNDS; round++) {
    ctx.log(`apply: splits round ${round + 1}/${SPLIT_ROUNDS}: apply, Python script, in rotated order`);
    const outs = [0, 1].map((i) => (i + round) % 2).map((k) => [k, runs[k]!()] as const);
    if (!checked) {
      const ourOut = outs.find(([k]) => k === 0)![1];
      const pyOut = outs.find(([k]) => k === 1)![1];
      for (const part of ['layers.7.attn.k.weight', 'layers.7.attn.c_v.weight']) {
        if (!storedBytes(ourOut, part).equals(storedBytes(pyOut, part))) throw new Error(`apply and torch disagree on the bytes of ${part}`);
      }
      checked = true;
    }
    for (const [, out] of outs) ctx.files.remove(out);
  }
  const loadAfter = loadavg()[0]!;
  const bytes = statSync(src).size;
  const wall = median(py.map((r) => r.ms)) / median(ours.map((r) => r.ms));
  const cpu = median(py.map((r) => r.cpuMs)) / median(ours.map((r) => r.cpuMs));
  const rss = Math.max(...ours.map((r) => r.rssMB));
  const pyRss = Math.max(...py.map((r) => r.rssMB));
  return {
    table: {
      title: `${title} on ${gb(bytes)}; load average ${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)}`,
      head,
      rows: [
        [`sdmatch apply, ${tensors.length} fused tensors split in 3`, ...ours.map((r) => ms(r.ms)), ms(median(ours.map((r) => r.ms))), ms(median(ours.map((r) => r.cpuMs))), `${rss.toFixed(0)} MB`],
        ['Python torch.load → split → clone → torch.save', ...py.map((r) => ms(r.ms)), ms(median(py.map((r) => r.ms))), ms(median(py.map((r) => r.cpuMs))), `${pyRss.toFixed(0)} MB`],
        ['Python / apply', ...ours.map(() => ''), `${wall.toFixed(2)} × (wall)`, `${cpu.toFixed(2)} × (CPU)`, `${(rss / pyRss).toFixed(2)} × Python's; limit ${limit.toFixed(0)} MB (largest tensor ${largest.toFixed(0)} MB)`],
      ],
    },
    floors: [
      info('apply splits: Python script / apply wall', wall, '×'),
      info('apply splits: Python script / apply CPU', cpu, '×'),
      floor('apply splits peak RSS', rss, 'MB', '<', limit),
    ],
    data: { ours, py, wall, cpu, rssMB: rss, pyRssMB: pyRss, limitMB: limit, loadavg: [loadBefore, loadAfter] },
  };
}

/** `SDMATCH_BENCH_APPLY=splits,transposes` runs some parts of the suite (rename, transposes, splits); all by default. */
const APPLY_PARTS = ['rename', 'transposes', 'splits'] as const;

function applyParts(): Set<string> {
  const asked = (process.env.SDMATCH_BENCH_APPLY ?? '').split(',').map((p) => p.trim()).filter(Boolean);
  const unknown = asked.filter((p) => !(APPLY_PARTS as readonly string[]).includes(p));
  if (unknown.length > 0) throw new Error(`SDMATCH_BENCH_APPLY: unknown part(s) ${unknown.join(', ')} (known: ${APPLY_PARTS.join(', ')})`);
  return new Set(asked.length > 0 ? asked : APPLY_PARTS);
}

/** apply of the strip-prefix plan against cp, durable and not (see the top of this file). */
function renames(ctx: SuiteContext, src: string, planPath: string, count: number): { table: Table; floors: FloorCheck[]; data: unknown } {
  const bytes = statSync(src).size;

  const cp: { ms: number; syncMs: number; cpuMs: number }[] = [];
  const apply: ApplyRun[] = [];
  const applyNoSync: ApplyRun[] = [];
  const applyUnverified: ApplyRun[] = [];
  const applyRehashed: ApplyRun[] = [];
  const runApply = (extra: string[], into: ApplyRun[], check: boolean): void => {
    const out = ctx.files.output('apply-out.pt');
    flush();
    const m = expectCode(runCli(['apply', src, planPath, '-o', out, ...extra]), [0], `apply ${extra.join(' ')}`);
    if (!existsSync(out)) throw new Error(`apply exited 0 but wrote no ${out}`);
    const skipped = m.stdout.includes('sha256 not re-read');
    if (check && skipped !== !(extra.includes('--full-hash') || extra.includes('--no-verify-hash'))) throw new Error(`apply ${extra.join(' ')}: ${skipped ? 'skipped' : 'made'} the re-hash, unexpectedly:\n${m.stdout}`);
    into.push({ ms: m.wallMs, rssMB: m.maxRssMiB * MIB_TO_MB, cpuMs: m.cpuMs });
    if (check) checkOutput(out, count);
    ctx.files.remove(out);
  };
  const runs: (() => void)[] = [
    () => {
      const cpOut = ctx.files.output('cp-out.pt');
      flush();
      const c = runCommand('cp', [src, cpOut]);
      if (c.code !== 0) throw new Error(`cp exited with ${c.code}`);
      // the copy and its folder, as apply fsyncs its output and, after the rename, its folder
      const f = runCommand('sync', [cpOut, dirname(cpOut)]);
      if (f.code !== 0) throw new Error(`sync exited with ${f.code}`);
      cp.push({ ms: c.wallMs, syncMs: f.wallMs, cpuMs: c.cpuMs });
      ctx.files.remove(cpOut);
    },
    () => runApply([], apply, apply.length === 0),
    () => runApply(['--no-sync'], applyNoSync, applyNoSync.length === 0),
    // what the source's sha256 costs: the same run without it (not a floor; the plan's hash is always checked by default)
    () => runApply(['--no-sync', '--no-verify-hash'], applyUnverified, false),
    // the same run re-reading the source for its sha256 (what apply did before it trusted the identity)
    () => runApply(['--no-sync', '--full-hash'], applyRehashed, applyRehashed.length === 0),
  ];
  const loadBefore = loadavg()[0]!;
  for (let round = 0; round < ROUNDS; round++) {
    ctx.log(`apply: round ${round + 1}/${ROUNDS}: cp (+ sync), apply, apply --no-sync, apply --no-sync --no-verify-hash, apply --no-sync --full-hash, in rotated order`);
    for (let i = 0; i < runs.length; i++) runs[(i + round) % runs.length]!();
  }
  const loadAfter = loadavg()[0]!;

  const cpMs = median(cp.map((r) => r.ms));
  const cpSyncedMs = median(cp.map((r) => r.ms + r.syncMs));
  const applyMs = median(apply.map((r) => r.ms));
  const noSyncMs = median(applyNoSync.map((r) => r.ms));
  const unverifiedMs = median(applyUnverified.map((r) => r.ms));
  const rehashedMs = median(applyRehashed.map((r) => r.ms));
  const cpCpu = median(cp.map((r) => r.cpuMs));
  const peakRss = Math.max(...apply.map((r) => r.rssMB), ...applyNoSync.map((r) => r.rssMB));
  const durable = cpSyncedMs / applyMs;
  const cached = cpMs / noSyncMs;
  // the best round of each: on a shared machine the least disturbed run says what each can do
  const best = (xs: number[]): number => Math.min(...xs);
  const durableBest = best(cp.map((r) => r.ms + r.syncMs)) / best(apply.map((r) => r.ms));
  const cachedBest = best(cp.map((r) => r.ms)) / best(applyNoSync.map((r) => r.ms));
  const mbps = (t: number): string => `${(bytes / 1e6 / (t / 1000)).toFixed(0)} MB/s`;
  const cpu = (xs: number[]): string => (xs.every(Number.isFinite) ? ms(median(xs)) : 'n/a');
  const row = (name: string, times: number[], m: number, cpuTimes: number[], rss: string): string[] => [name, ...times.map(ms), ms(m), mbps(m), cpu(cpuTimes), rss];
  const ratio = (name: string, value: number, floorText: string): string[] => [name, ...cp.map(() => ''), `${value.toFixed(2)} ×`, floorText, '', ''];
  return {
    table: {
      title: `apply vs cp on ${gb(bytes)} (median of ${ROUNDS}, rotated order; apply start-up included; load average ${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)} on ${cpus().length} cores)`,
      head: ['run', ...cp.map((_, i) => `round ${i + 1}`), 'median', 'throughput', 'CPU (median)', 'peak RSS'],
      rows: [
        row('cp + sync', cp.map((r) => r.ms + r.syncMs), cpSyncedMs, cp.map((r) => r.cpuMs), ''),
        row('sdmatch apply', apply.map((r) => r.ms), applyMs, apply.map((r) => r.cpuMs), `${Math.max(...apply.map((r) => r.rssMB)).toFixed(0)} MB`),
        row('cp', cp.map((r) => r.ms), cpMs, cp.map((r) => r.cpuMs), ''),
        row('sdmatch apply --no-sync', applyNoSync.map((r) => r.ms), noSyncMs, applyNoSync.map((r) => r.cpuMs), `${Math.max(...applyNoSync.map((r) => r.rssMB)).toFixed(0)} MB`),
        row('sdmatch apply --no-sync --no-verify-hash', applyUnverified.map((r) => r.ms), unverifiedMs, applyUnverified.map((r) => r.cpuMs), `${Math.max(...applyUnverified.map((r) => r.rssMB)).toFixed(0)} MB`),
        row('sdmatch apply --no-sync --full-hash', applyRehashed.map((r) => r.ms), rehashedMs, applyRehashed.map((r) => r.cpuMs), `${Math.max(...applyRehashed.map((r) => r.rssMB)).toFixed(0)} MB`),
        ratio(FLOOR_DURABLE, durable, `floor ≥ ${DURABLE_FLOOR}`),
        ratio(FLOOR_CACHED, cached, `floor ≥ ${CACHED_FLOOR}`),
        ratio(`${FLOOR_DURABLE}, best round of each`, durableBest, 'no floor (the floor is on the medians)'),
        ratio(`${FLOOR_CACHED}, best round of each`, cachedBest, 'no floor (the floor is on the medians)'),
        ratio('apply --no-sync --no-verify-hash / cp throughput', cpMs / unverifiedMs, 'no floor: the sha256 left out'),
        ratio('apply --no-sync --full-hash / cp throughput', cpMs / rehashedMs, 'no floor: the source re-read for its sha256'),
        ratio('cp CPU / apply --no-sync CPU', cpCpu / median(applyNoSync.map((r) => r.cpuMs)), 'no floor'),
      ],
    },
    floors: [
      floor(FLOOR_DURABLE, durable, '×', '>=', DURABLE_FLOOR),
      floor(FLOOR_CACHED, cached, '×', '>=', CACHED_FLOOR),
      floor('apply 2 GB peak RSS', peakRss, 'MB', '<', RSS_FLOOR_MB),
      info('apply --no-sync --no-verify-hash / cp throughput', cpMs / unverifiedMs, '×'),
      info('apply --no-sync --full-hash / cp throughput', cpMs / rehashedMs, '×'),
      info(`${FLOOR_DURABLE}, best round of each`, durableBest, '×'),
      info(`${FLOOR_CACHED}, best round of each`, cachedBest, '×'),
      info('apply / cp throughput (durable vs not)', cpMs / applyMs, '×'),
      info('apply 2 GB wall time (median)', applyMs, 'ms'),
      info('load average (1 min) at the start of the apply rounds', loadBefore, ''),
    ],
    data: { bytes, cp, apply, applyNoSync, applyUnverified, applyRehashed, cpMs, cpSyncedMs, applyMs, noSyncMs, unverifiedMs, rehashedMs, durable, cached, durableBest, cachedBest, peakRssMB: peakRss, loadavg: [loadBefore, loadAfter] },
  };
}

export const applySuite: Suite = {
  name: 'apply',
  describe: 'apply of a strip-prefix plan on a ≥ 2 GB checkpoint vs cp (durable and not), throughput and peak RSS; transposes and splits vs the Python script',
  run(ctx: SuiteContext): SuiteResult {
    if (!commandAvailable('apply')) return notRun('not available', '`apply` is not a registered command yet', unavailableFloors());
    const noRoom = ctx.files.lackOfSpace();
    if (noRoom) return notRun('skipped', noRoom, unavailableFloors());
    const want = applyParts();
    const tables: Table[] = [];
    const floors: FloorCheck[] = [];
    const data: Record<string, unknown> = {};
    if (want.has('rename')) {
      ctx.log('apply: generating the 2 GB checkpoint and its plan (sha256 of the source)');
      const src = bigCheckpoint(ctx.files);
      const tensors = mlpStack(BIG);
      const planPath = ctx.files.path('strip-module.plan.json');
      const keys: KeyEntry[] = tensors.map((t) => ({ key: t.key, shape: t.shape, dtype: t.dtype ?? 'float32' }));
      let plan = stripPrefixPlan(src, keys, DDP_PREFIX, [], 'strip-module.model.json');
      if (!plan.source.identity) {
        // a file written less than 3 s before plan hashed it records no identity (its timestamps could not
        // tell a later write apart): as a user would, plan it once it has settled
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 3500);
        plan = stripPrefixPlan(src, keys, DDP_PREFIX, [], 'strip-module.model.json');
      }
      if (!plan.source.identity) throw new Error('the bench plan records no source identity: apply would re-hash the whole source');
      if (!plan.source.entriesSha256) throw new Error('the bench plan records no entries digest: apply would hash the whole source');
      writePlanFile(planPath, plan);
      writeTargetManifest(planPath, plan, keys);
      const r = renames(ctx, src, planPath, tensors.length);
      tables.push(r.table);
      floors.push(...r.floors);
      data.rename = r.data;
    }
    if (want.has('transposes')) {
      const tr = transposes(ctx);
      tables.push({
        title: tr.title,
        head: ['run', ...Array.from({ length: TRANSPOSE_ROUNDS }, (_, i) => `round ${i + 1}`), 'median', 'CPU (median)', 'peak RSS'],
        rows: tr.rows,
      });
      floors.push(...tr.floors);
      data.transposes = tr.data;
    }
    if (want.has('splits')) {
      const sp = splits(ctx);
      tables.push(sp.table);
      floors.push(...sp.floors);
      data.splits = sp.data;
    }
    return { status: 'ok', tables, floors, data };
  },
};
