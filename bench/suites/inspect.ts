import { statSync } from 'node:fs';
import { formatBytes } from '../../src/report/table.js';
import { runCli } from '../measure.js';
import { BIG, hundredKSides, mlpStack } from '../gen/layouts.js';
import { bigCheckpoint, bigTwinCheckpoint, hundredKCheckpoint } from '../gen/inputs.js';
import { expectCode, floor, info, median, ms, notRun, type Suite, type SuiteContext, type SuiteResult } from './suite.js';

/**
 * Issue 2: `inspect` must not depend on tensor bytes. The same 24-tensor layout at 2.4 GB and at a few
 * kB must take about as long and stay under 150 MB of peak memory; a 100,000-tensor checkpoint shows
 * what reading cost grows with (the pickle and the zip directory).
 */

const RUNS = 3;
const RSS_FLOOR_MB = 150;
/** "about as long": the big file may cost at most this many times the small one */
const RATIO_FLOOR = 1.5;
const MIB_TO_MB = 1.048576;

interface InspectRow {
  file: string;
  bytes: number;
  tensors: number;
  wallMs: number[];
  mainMs: number[];
  peakRssMB: number;
}

function measureInspect(label: string, path: string, expectedTensors: number): InspectRow {
  const wallMs: number[] = [];
  const mainMs: number[] = [];
  let peak = 0;
  for (let i = 0; i < RUNS; i++) {
    const m = expectCode(runCli(['inspect', path, '--json']), [0], `inspect ${label}`);
    const out = JSON.parse(m.stdout) as { tensors?: unknown[] };
    const got = out.tensors?.length ?? -1;
    if (got !== expectedTensors) throw new Error(`inspect ${label} listed ${got} tensors, the file holds ${expectedTensors}`);
    wallMs.push(m.wallMs);
    mainMs.push(m.mainMs);
    peak = Math.max(peak, m.maxRssMiB * MIB_TO_MB);
  }
  return { file: label, bytes: statSync(path).size, tensors: expectedTensors, wallMs, mainMs, peakRssMB: peak };
}

export const inspectSuite: Suite = {
  name: 'inspect',
  describe: 'inspect --json of a ≥ 2 GB checkpoint vs its tiny twin, and of 100,000 tensors',
  run(ctx: SuiteContext): SuiteResult {
    const noRoom = ctx.files.lackOfSpace();
    if (noRoom) return notRun('skipped', noRoom);
    ctx.log('inspect: generating the 2 GB checkpoint, its twin and the 100k-tensor checkpoint');
    const big = bigCheckpoint(ctx.files);
    const twin = bigTwinCheckpoint(ctx.files);
    const many = hundredKCheckpoint(ctx.files);
    const count = mlpStack(BIG).length;
    const manyCount = hundredKSides().checkpoint.length;

    ctx.log(`inspect: ${RUNS} runs each`);
    const rows = [
      measureInspect('2 GB (24 × 96 MiB)', big, count),
      measureInspect('twin (24 × 96 B)', twin, count),
      measureInspect('100k tensors', many, manyCount),
    ];
    const [bigRow, twinRow, manyRow] = rows as [InspectRow, InspectRow, InspectRow];
    const ratio = median(bigRow.wallMs) / median(twinRow.wallMs);
    return {
      status: 'ok',
      tables: [{
        title: `inspect --json (median of ${RUNS} fresh processes, start-up included)`,
        head: ['file', 'size', 'tensors', 'wall', 'in main', 'peak RSS'],
        rows: [
          ...rows.map((r) => [r.file, formatBytes(r.bytes), r.tensors, ms(median(r.wallMs)), ms(median(r.mainMs)), `${r.peakRssMB.toFixed(0)} MB`]),
          ['2 GB / twin', '', '', `${ratio.toFixed(2)} ×`, `${(median(bigRow.mainMs) / median(twinRow.mainMs)).toFixed(2)} ×`, ''],
        ],
      }],
      floors: [
        floor('inspect 2 GB peak RSS', bigRow.peakRssMB, 'MB', '<', RSS_FLOOR_MB),
        floor('inspect 2 GB / twin wall time', ratio, '×', '<=', RATIO_FLOOR),
        info('inspect 2 GB wall time', median(bigRow.wallMs), 'ms'),
        info('inspect 100k tensors wall time', median(manyRow.wallMs), 'ms'),
        info('inspect 100k tensors peak RSS', manyRow.peakRssMB, 'MB'),
      ],
      data: { runs: RUNS, rows, ratio },
    };
  },
};
