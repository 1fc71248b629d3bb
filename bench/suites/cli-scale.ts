import { writeFileSync } from 'node:fs';
import { writeManifest } from '../../src/formats/manifest.js';
import type { KeyEntry } from '../../src/formats/keys.js';
import { runCli, type Measured } from '../measure.js';
import type { BenchFiles } from '../gen/files.js';
import { SCALE_STRUCTURES, type ScaleSize } from '../gen/scale-structures.js';
import { fittedExponent } from './scale.js';
import { expectCode, floor, info, median, mib, ms, type FloorCheck, type Suite, type SuiteResult } from './suite.js';

/**
 * Issue 14: `sdmatch diff A B --json` and `sdmatch plan A B --json` of two manifests of 1,000, 10,000,
 * 100,000 and 1,000,000 keys, as a user runs them (a fresh Node process, reading included): the
 * MoE-experts layout (renames under a new top-level prefix, every tensor a shape of its own). Floors:
 * 1M under 60 s and 2 GiB, 100k under 5 s, and growth (issue 14: "time and memory at 1k, 10k, 100k, 1M
 * tensors and the fitted exponent; both must be ≤ 1.1") of each command's time after start-up and peak
 * RSS over the last decade (100k → 1M), as the scale suite does for inspect; the fit over all four
 * sizes is shown beside it (start-up and Node's own memory flatten it). CPU time is shown beside wall
 * time (the machine is shared).
 */

const STRUCTURE = 'moe-experts';
/** the growth sizes; a floor on time where issue 14 names one. Median of `runs` fresh processes (one at 1M: minutes) */
const SIZES: { size: ScaleSize; floorMs: number | null; runs: number }[] = [
  { size: 1_000, floorMs: null, runs: 3 },
  { size: 10_000, floorMs: null, runs: 3 },
  { size: '100k', floorMs: 5000, runs: 1 },
  { size: '1m', floorMs: 60000, runs: 1 },
];
const LIMIT_MIB = 2048;
const EXPONENT_FLOOR = 1.1;
const COMMANDS = ['diff', 'plan'] as const;

/** the two manifests' paths, and the checkpoint side's key count (the layouts round `size`: 100,603 keys at 100k) */
function manifests(files: BenchFiles, size: ScaleSize): [string, string, number] {
  let layout: { source: KeyEntry[]; target: KeyEntry[] } | null = null;
  const get = () => (layout ??= SCALE_STRUCTURES.find((s) => s.name === STRUCTURE)!.make(size));
  const write = (name: string, pick: (l: { source: KeyEntry[]; target: KeyEntry[] }) => KeyEntry[]) =>
    files.once(name, (path) => {
      const text = writeManifest(pick(get()));
      writeFileSync(path, text);
      return { bytes: Buffer.byteLength(text) };
    });
  return [write(`${STRUCTURE}-${size}-ckpt.json`, (l) => l.source), write(`${STRUCTURE}-${size}-model.json`, (l) => l.target), get().source.length];
}

/** what the output says, checked to be a JSON answer */
function summary(command: (typeof COMMANDS)[number], stdout: string): string {
  const out = JSON.parse(stdout) as Record<string, unknown>;
  return command === 'diff'
    ? `${(out.missing as unknown[] | undefined)?.length ?? 0} missing, ${(out.unexpected as unknown[] | undefined)?.length ?? 0} unexpected`
    : `${((out.plan as { ops?: unknown[] } | undefined)?.ops ?? (out.ops as unknown[] | undefined) ?? []).length} ops`;
}

/** the growth rows and floors of one command: exponents of time after start-up and peak RSS */
export function growthOf(command: string, keys: readonly number[], runs: readonly Measured[][]): { rows: (string | number)[][]; floors: FloorCheck[]; exps: Record<string, number> } {
  const inner = runs.map((r) => median(r.map((m) => m.mainMs)));
  const cpu = runs.map((r) => median(r.map((m) => m.cpuMs)));
  const rss = runs.map((r) => median(r.map((m) => m.maxRssMiB)));
  const last = (ys: number[]): number => fittedExponent(keys.slice(-2), ys.slice(-2));
  const exps = { timeAll: fittedExponent(keys, inner), time: last(inner), cpuAll: fittedExponent(keys, cpu), cpu: last(cpu), rssAll: fittedExponent(keys, rss), rss: last(rss) };
  return {
    rows: [
      [command, 'exponent, 1k–1M fit', '', exps.timeAll.toFixed(2), exps.cpuAll.toFixed(2), exps.rssAll.toFixed(2), ''],
      [command, 'exponent, 100k → 1M', '', exps.time.toFixed(2), exps.cpu.toFixed(2), exps.rss.toFixed(2), ''],
    ],
    floors: [
      floor(`${command} (manifests, CLI): growth exponent of time after start-up (100k → 1M)`, exps.time, '', '<=', EXPONENT_FLOOR),
      info(`${command} (manifests, CLI): growth exponent of CPU time (100k → 1M)`, exps.cpu, ''),
      floor(`${command} (manifests, CLI): growth exponent of peak RSS (100k → 1M)`, exps.rss, '', '<=', EXPONENT_FLOOR),
      info(`${command} (manifests, CLI): growth exponent of time, 1k–1M fit`, exps.timeAll, ''),
      info(`${command} (manifests, CLI): growth exponent of peak RSS, 1k–1M fit`, exps.rssAll, ''),
    ],
    exps,
  };
}

export const cliScaleSuite: Suite = {
  name: 'cli-scale',
  describe: 'sdmatch diff and plan --json of two manifests of 1k, 10k, 100k and 1M keys (MoE experts under a new prefix), fresh processes, growth exponents',
  run(ctx): SuiteResult {
    const rows: (string | number)[][] = [];
    const floors: FloorCheck[] = [];
    const data: Record<string, unknown> = {};
    const runs: Record<(typeof COMMANDS)[number], Measured[][]> = { diff: [], plan: [] };
    const keys: number[] = [];
    for (const { size, floorMs, runs: n } of SIZES) {
      ctx.log(`cli-scale: writing the ${size} manifests`);
      const [ckpt, model, count] = manifests(ctx.files, size);
      keys.push(count);
      for (const command of COMMANDS) {
        ctx.log(`cli-scale: ${command} ${size}…`);
        // diff: exit 1 = differences found; plan: 0 = a fix (the renames), 1 = keys left over
        const ms_ = Array.from({ length: n }, () => expectCode(runCli([command, ckpt, model, '--json']), [0, 1], `${command} ${size}`));
        const what = summary(command, ms_[0]!.stdout);
        runs[command].push(ms_);
        const med = (f: (m: Measured) => number): number => median(ms_.map(f));
        const m = { wallMs: med((x) => x.wallMs), mainMs: med((x) => x.mainMs), cpuMs: med((x) => x.cpuMs), maxRssMiB: med((x) => x.maxRssMiB) };
        rows.push([command, count.toLocaleString('en-US'), ms(m.wallMs), ms(m.mainMs), ms(m.cpuMs), mib(m.maxRssMiB), what]);
        data[`${command} ${size}`] = { ...m, runs: ms_.length, what };
        if (floorMs === null) continue;
        const label = `${command} ${size} keys (manifests, CLI)`;
        floors.push(floor(`${label}: time`, m.wallMs, 'ms', '<', floorMs), floor(`${label}: peak RSS`, m.maxRssMiB, 'MiB', '<', LIMIT_MIB), info(`${label}: CPU time`, m.cpuMs, 'ms'));
      }
    }
    for (const command of COMMANDS) {
      const g = growthOf(command, keys, runs[command]);
      rows.push(...g.rows);
      floors.push(...g.floors);
      data[`${command} growth`] = g.exps;
    }
    return {
      status: 'ok',
      tables: [{ title: `sdmatch diff / plan --json of two manifests (${STRUCTURE}): median of ${SIZES.map((s) => s.runs).join(' / ')} fresh processes`, head: ['command', 'keys a side', 'wall', 'after start-up', 'CPU', 'peak RSS', 'result'], rows }],
      floors,
      data,
    };
  },
};
