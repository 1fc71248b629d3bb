import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearRemote } from '../../src/checkpoint/sources.js';
import { memoryIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { retryPolicy } from '../../src/remote/http.js';

/**
 * Review 25 F2: a file re-saved between two range requests at the same size. Two safetensors files of
 * the same size and names (1,500 tensors, a header over the 64 KiB first request, so a read needs a
 * second range): version A all F32, version B all I32. This test's server answers the first GET of a
 * run with A and every later one with B, each with its own validator, the way a shard re-uploaded
 * mid-read is served:
 *   etag      ETag changes, If-Range ignored (as python's http.server and many static servers do)
 *   ifrange   ETag changes, If-Range honoured (the later answers are 200 with the whole file)
 *   lastmod   no ETag; Last-Modified changes
 *   same      A every time (the control: the read succeeds and is cached)
 */
function safetensors(dtype: string): Buffer {
  const header: Record<string, unknown> = {};
  for (let i = 0; i < 1500; i++) header[`blocks.${String(i).padStart(4, '0')}.weight`] = { dtype, shape: [2], data_offsets: [i * 8, i * 8 + 8] };
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (json.length % 8)) % 8);
  const n = Buffer.alloc(8);
  n.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([n, Buffer.from(json), Buffer.alloc(1500 * 8)]);
}

const versions = [
  { body: safetensors('F32'), etag: '"v-a"', modified: 'Mon, 07 Dec 2026 10:00:00 GMT' },
  { body: safetensors('I32'), etag: '"v-b"', modified: 'Mon, 07 Dec 2026 10:05:00 GMT' },
];
let server: Server;
let base: string;
let tmp: string;
let gets = 0;

function serve(req: IncomingMessage, res: ServerResponse): void {
  const mode = (req.url ?? '').split('/')[1] ?? '';
  const later = req.method === 'GET' && gets++ > 0;
  const v = versions[mode !== 'same' && later ? 1 : 0]!;
  const validators: Record<string, string> = { 'Last-Modified': v.modified, ...(mode === 'lastmod' ? {} : { ETag: v.etag }) };
  if (req.method === 'HEAD') {
    res.writeHead(200, { ...validators, 'Content-Length': v.body.length }).end();
    return;
  }
  const ifRange = req.headers['if-range'];
  const m = /bytes=(\d+)-(\d+)/.exec(req.headers.range ?? '');
  if (!m || (mode === 'ifrange' && ifRange !== undefined && ifRange !== v.etag)) {
    res.writeHead(200, { ...validators, 'Content-Length': v.body.length }).end(v.body);
    return;
  }
  const start = Number(m[1]);
  const end = Math.min(Number(m[2]), v.body.length - 1);
  const part = v.body.subarray(start, end + 1);
  res.writeHead(206, { ...validators, 'Content-Range': `bytes ${start}-${end}/${v.body.length}`, 'Content-Length': part.length }).end(part);
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'sdmatch-remote-changed-'));
  server = createServer(serve);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  retryPolicy.baseMs = 1;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
  rmSync(tmp, { recursive: true, force: true });
});

async function run(mode: string) {
  clearRemote();
  gets = 0;
  const cache = join(tmp, `cache-${mode}`);
  const env = { HF_ENDPOINT: 'http://127.0.0.2:9', HF_HOME: join(tmp, 'no-hf-home'), SDMATCH_CACHE_DIR: cache };
  const r = await runCli(['inspect', `${base}/${mode}/model.safetensors`], memoryIO({ env }));
  return { ...r, cached: existsSync(cache) ? readdirSync(cache).filter((f) => f.endsWith('.json')) : [] };
}

describe('a remote file that changes between range requests at the same size (review 25 F2)', () => {
  it('the control: one version throughout is read in more than one range and cached', async () => {
    const r = await run('same');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/float32/);
    expect(r.stdout).not.toMatch(/int32/);
    expect(gets).toBeGreaterThan(1);
    expect(r.cached).toHaveLength(1);
  });

  for (const [mode, why] of [
    ['etag', /\(its ETag changed from "v-a" to "v-b"\)/],
    ['ifrange', /\(its ETag no longer matches\)/],
    ['lastmod', /\(its Last-Modified changed from Mon, 07 Dec 2026 10:00:00 GMT to Mon, 07 Dec 2026 10:05:00 GMT\)/],
  ] as const) {
    it(`${mode}: one line, exit 2, no splice reported and nothing cached`, async () => {
      const r = await run(mode);
      expect(r.code, r.stdout).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/the remote file changed while it was being read/);
      expect(r.stderr).toMatch(why);
      expect(r.cached).toEqual([]);
    });
  }
});
