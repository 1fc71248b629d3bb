import { mkdirSync, rmSync } from 'node:fs';
import { clearRemote } from '../../src/checkpoint/sources.js';
import { memoryIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { formatBytes } from '../../src/report/table.js';
import { startHub, type HubServer } from '../gen/hub-server.js';
import { writeSparseShardedSafetensors } from '../gen/sparse-safetensors.js';
import { floor, info, median, ms, type Suite, type SuiteContext, type SuiteResult } from './suite.js';

/**
 * Issue 16: `inspect` of a multi-gigabyte sharded model on a hub, by range requests, against reading
 * the same headers from disk. The model is sparse (headers written, data regions holes) so the suite
 * costs no disk; the Hub look-alike runs in this process on 127.0.0.1, once with no delay and once
 * with a round-trip delay like a far CDN's, so the number of rounds (not loopback speed) shows. Both
 * sides run in-process through runCli (no start-up on either side).
 */
const RUNS = 3;
const SHARDS = 8;
const TENSORS_PER_SHARD = 64;
const BYTES_EACH = 8 << 20;
/** a transatlantic round trip */
const FAR_LATENCY_MS = 40;
/** the bound: bytes fetched under 1 % of the model */
const FETCH_FRACTION_FLOOR = 0.01;

interface Row {
  label: string;
  wallMs: number[];
  bytes: number;
  requests: number;
}

async function timeInspect(label: string, target: string, env: NodeJS.ProcessEnv, hub: HubServer | null, fresh: () => void): Promise<Row> {
  const wallMs: number[] = [];
  let bytes = 0;
  let requests = 0;
  for (let i = 0; i < RUNS; i++) {
    fresh();
    clearRemote();
    const b0 = hub?.sent.bytes ?? 0;
    const r0 = hub?.sent.requests ?? 0;
    const t0 = process.hrtime.bigint();
    const r = await runCli(['inspect', '--json', target], memoryIO({ env }));
    wallMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (r.code !== 0) throw new Error(`inspect ${label} exited ${r.code}: ${r.stderr}`);
    bytes = (hub?.sent.bytes ?? 0) - b0;
    requests = (hub?.sent.requests ?? 0) - r0;
  }
  return { label, wallMs, bytes, requests };
}

export const remoteSuite: Suite = {
  name: 'remote',
  describe: `inspect of a ${SHARDS}-shard sparse model (${formatBytes(SHARDS * TENSORS_PER_SHARD * BYTES_EACH)}) served by range on 127.0.0.1 vs from disk`,
  async run(ctx: SuiteContext): Promise<SuiteResult> {
    const dir = ctx.files.path('remote-sharded');
    const cache = ctx.files.path('remote-cache');
    mkdirSync(dir, { recursive: true });
    ctx.log('remote: writing the sparse sharded model');
    const model = writeSparseShardedSafetensors(dir, SHARDS, TENSORS_PER_SHARD, BYTES_EACH);
    const repoFiles = Object.fromEntries(model.files.map((f) => [f, `${dir}/${f}`]));
    const rows: Row[] = [];
    const noCache = () => {};
    const dropCache = () => rmSync(cache, { recursive: true, force: true });
    rows.push(await timeInspect('disk (the same headers)', model.index, {}, null, noCache));
    for (const latencyMs of [0, FAR_LATENCY_MS]) {
      const hub = await startHub({ 'bench/model': { files: repoFiles } }, { latencyMs });
      try {
        const env = { HF_ENDPOINT: hub.endpoint, SDMATCH_CACHE_DIR: cache, HF_HOME: ctx.files.path('no-hf-home') };
        rows.push(await timeInspect(`hub, ${latencyMs} ms round trip, cold`, 'hf://bench/model', env, hub, dropCache));
        rows.push(await timeInspect(`hub, ${latencyMs} ms round trip, cached`, 'hf://bench/model', env, hub, noCache));
      } finally {
        await hub.close();
        dropCache();
      }
    }
    rmSync(dir, { recursive: true, force: true });
    const disk = median(rows[0]!.wallMs);
    const cold = rows[1]!;
    const fraction = cold.bytes / model.bytes;
    return {
      status: 'ok',
      tables: [{
        title: `inspect --json hf://… of ${formatBytes(model.bytes)} in ${SHARDS} shards (median of ${RUNS}, in-process)`,
        head: ['source', 'wall', 'vs disk', 'fetched', 'requests'],
        rows: rows.map((r) => [r.label, ms(median(r.wallMs)), `${(median(r.wallMs) / disk).toFixed(1)} ×`, r.label.startsWith('disk') ? '' : `${formatBytes(r.bytes)} (${((100 * r.bytes) / model.bytes).toFixed(4)} %)`, r.label.startsWith('disk') ? '' : r.requests]),
      }],
      floors: [
        floor('remote: bytes fetched / model size', fraction, '', '<', FETCH_FRACTION_FLOOR),
        info('remote cold (0 ms) / disk wall time', median(cold.wallMs) / disk, '×'),
        info(`remote cold (${FAR_LATENCY_MS} ms) wall time`, median(rows[3]!.wallMs), 'ms'),
        info('remote cached: bytes fetched', rows[2]!.bytes, 'B'),
      ],
      data: { runs: RUNS, modelBytes: model.bytes, rows },
    };
  },
};
