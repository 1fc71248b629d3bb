import { runCli } from '../measure.js';
import { hundredKSides } from '../gen/layouts.js';
import { hundredKCheckpoint, hundredKCheckpointManifest, hundredKExpectedManifest } from '../gen/inputs.js';
import { commandAvailable, expectCode, floor, median, ms, notRun, type Suite, type SuiteContext, type SuiteResult } from './suite.js';

/**
 * Issue 3: `sdmatch diff A B --json` of two 100,000-key sources in under a second, start-up included.
 * The sides differ by a DDP prefix on every key plus a few missing, unexpected and reshaped keys.
 */

const RUNS = 3;
const WALL_FLOOR_MS = 1000;

interface DiffRow {
  pair: string;
  keys: [number, number];
  wallMs: number[];
  mainMs: number[];
  peakRssMiB: number;
  /** what diff reported, to show the run did real work */
  reported: { matched: number; missing: number; unexpected: number; shapeMismatch: number };
}

interface DiffJsonCounts {
  same?: boolean;
  matched?: unknown[];
  missing?: unknown[];
  unexpected?: unknown[];
  shapeMismatch?: unknown[];
}

function measureDiff(pair: string, a: string, b: string, keys: [number, number], minDifferences: number): DiffRow {
  const wallMs: number[] = [];
  const mainMs: number[] = [];
  let peak = 0;
  let reported: DiffRow['reported'] = { matched: 0, missing: 0, unexpected: 0, shapeMismatch: 0 };
  for (let i = 0; i < RUNS; i++) {
    // exit 1 = differences found, which these sides have
    const m = expectCode(runCli(['diff', a, b, '--json']), [1], `diff ${pair}`);
    const out = JSON.parse(m.stdout) as DiffJsonCounts;
    reported = {
      matched: out.matched?.length ?? 0,
      missing: out.missing?.length ?? 0,
      unexpected: out.unexpected?.length ?? 0,
      shapeMismatch: out.shapeMismatch?.length ?? 0,
    };
    const differences = reported.missing + reported.unexpected + reported.shapeMismatch;
    if (out.same !== false || differences < minDifferences) {
      throw new Error(`diff ${pair} reported ${differences} differences, the sides have at least ${minDifferences}`);
    }
    wallMs.push(m.wallMs);
    mainMs.push(m.mainMs);
    peak = Math.max(peak, m.maxRssMiB);
  }
  return { pair, keys, wallMs, mainMs, peakRssMiB: peak, reported };
}

export const diffSuite: Suite = {
  name: 'diff',
  describe: 'diff --json of two 100,000-key sources (manifest vs manifest, checkpoint vs manifest)',
  run(ctx: SuiteContext): SuiteResult {
    if (!commandAvailable('diff')) return notRun('not available', '`diff` is not a registered command yet', [floor('diff 100k keys wall time', null, 'ms', '<', WALL_FLOOR_MS)]);
    ctx.log('diff: generating the 100k-key sources');
    const sides = hundredKSides();
    const keys: [number, number] = [sides.checkpoint.length, sides.expected.length];
    const p = sides.perturbed;
    const minDifferences = p.missing.length + p.unexpected.length + p.reshaped.length;
    const expected = hundredKExpectedManifest(ctx.files);
    const ckptManifest = hundredKCheckpointManifest(ctx.files);
    const ckpt = hundredKCheckpoint(ctx.files);
    ctx.log(`diff: ${RUNS} runs each`);
    const rows = [
      measureDiff('manifest vs manifest', ckptManifest, expected, keys, minDifferences),
      measureDiff('torch zip vs manifest', ckpt, expected, keys, minDifferences),
    ];
    return {
      status: 'ok',
      tables: [{
        title: `diff A B --json (median of ${RUNS} fresh processes, start-up included)`,
        head: ['pair', 'keys A / B', 'wall', 'in main', 'peak RSS', 'matched', 'missing', 'unexpected', 'shape'],
        rows: rows.map((r) => [
          r.pair, `${r.keys[0]} / ${r.keys[1]}`, ms(median(r.wallMs)), ms(median(r.mainMs)), `${r.peakRssMiB.toFixed(0)} MiB`,
          r.reported.matched, r.reported.missing, r.reported.unexpected, r.reported.shapeMismatch,
        ]),
      }],
      floors: rows.map((r) => floor(`diff 100k keys wall time (${r.pair})`, median(r.wallMs), 'ms', '<', WALL_FLOOR_MS)),
      data: { runs: RUNS, rows },
    };
  },
};
