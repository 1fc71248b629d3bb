import { writeFileSync } from 'node:fs';
import { writeManifest } from '../../src/formats/manifest.js';
import type { KeyEntry } from '../../src/formats/keys.js';
import { runCli } from '../measure.js';
import type { BenchFiles } from '../gen/files.js';
import { SCALE_STRUCTURES, type ScaleSize } from '../gen/scale-structures.js';
import { expectCode, floor, info, mib, ms, type FloorCheck, type Suite, type SuiteResult } from './suite.js';

/**
 * Issue 14: `sdmatch diff A B --json` and `sdmatch plan A B --json` of two manifests of 100,000 and
 * 1,000,000 keys, as a user runs them (a fresh Node process, reading included), one run each: the
 * MoE-experts layout (renames under a new top-level prefix, every tensor a shape of its own). Floors:
 * 1M under 60 s and 2 GiB, 100k under 5 s. CPU time is shown beside wall time (the machine is shared).
 */

const STRUCTURE = 'moe-experts';
const SIZES: { size: ScaleSize; floorMs: number }[] = [
  { size: '100k', floorMs: 5000 },
  { size: '1m', floorMs: 60000 },
];
const LIMIT_MIB = 2048;

function manifests(files: BenchFiles, size: ScaleSize): [string, string] {
  let layout: { source: KeyEntry[]; target: KeyEntry[] } | null = null;
  const get = () => (layout ??= SCALE_STRUCTURES.find((s) => s.name === STRUCTURE)!.make(size));
  const write = (name: string, pick: (l: { source: KeyEntry[]; target: KeyEntry[] }) => KeyEntry[]) =>
    files.once(name, (path) => {
      const text = writeManifest(pick(get()));
      writeFileSync(path, text);
      return { bytes: Buffer.byteLength(text) };
    });
  return [write(`${STRUCTURE}-${size}-ckpt.json`, (l) => l.source), write(`${STRUCTURE}-${size}-model.json`, (l) => l.target)];
}

export const cliScaleSuite: Suite = {
  name: 'cli-scale',
  describe: 'sdmatch diff and plan --json of two manifests of 100k and 1M keys (MoE experts under a new prefix), fresh processes',
  run(ctx): SuiteResult {
    const rows: (string | number)[][] = [];
    const floors: FloorCheck[] = [];
    const data: Record<string, unknown> = {};
    for (const { size, floorMs } of SIZES) {
      ctx.log(`cli-scale: writing the ${size} manifests`);
      const [ckpt, model] = manifests(ctx.files, size);
      for (const command of ['diff', 'plan'] as const) {
        ctx.log(`cli-scale: ${command} ${size}…`);
        // diff: exit 1 = differences found; plan: 0 = a fix (the renames), 1 = keys left over
        const m = expectCode(runCli([command, ckpt, model, '--json']), [0, 1], `${command} ${size}`);
        const out = JSON.parse(m.stdout) as Record<string, unknown>;
        const what = command === 'diff' ? `${(out.missing as unknown[] | undefined)?.length ?? 0} missing, ${(out.unexpected as unknown[] | undefined)?.length ?? 0} unexpected` : `${((out.plan as { ops?: unknown[] } | undefined)?.ops ?? (out.ops as unknown[] | undefined) ?? []).length} ops`;
        rows.push([command, size, ms(m.wallMs), ms(m.cpuMs), mib(m.maxRssMiB), what]);
        data[`${command} ${size}`] = { wallMs: m.wallMs, mainMs: m.mainMs, cpuMs: m.cpuMs, maxRssMiB: m.maxRssMiB, what };
        const label = `${command} ${size} keys (manifests, CLI)`;
        floors.push(floor(`${label}: time`, m.wallMs, 'ms', '<', floorMs), floor(`${label}: peak RSS`, m.maxRssMiB, 'MiB', '<', LIMIT_MIB), info(`${label}: CPU time`, m.cpuMs, 'ms'));
      }
    }
    return {
      status: 'ok',
      tables: [{ title: `sdmatch diff / plan --json of two manifests (${STRUCTURE}), one fresh process each`, head: ['command', 'keys a side', 'wall', 'CPU', 'peak RSS', 'result'], rows }],
      floors,
      data,
    };
  },
};
