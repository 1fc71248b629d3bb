import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearRemote } from '../../src/checkpoint/sources.js';
import { memoryIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { retryPolicy } from '../../src/remote/http.js';
import { repoRoot } from '../helpers/corpus.js';

/**
 * Review 15 F1/F2/F4/F10: how a plain URL's server misbehaves in the middle of a read. This test's own
 * server serves the fixture mlp.safetensors at /MODE/model.safetensors, honouring Range, except:
 *   trunc      every GET closes the connection after half the body (F1: was `internal error`, exit 3)
 *   trunconce  the first GET of the run does, the next ones are whole (a flaky network: retried)
 *   stall      accepts, never answers (F2: was silent for 25 minutes)
 *   stallbody  sends the headers and half the body, then nothing (F2, the idle timeout)
 *   nohead     answers GET, refuses HEAD with 403 (an S3 presigned URL; F10: the 2nd, cached run failed)
 *   head405    the same with 405
 *   403, 404   that status to everything (F4: a plain URL's words)
 */
const body = readFileSync(join(repoRoot, 'fixtures/safetensors/mlp.safetensors'));
const ETAG = '"mlp-1"';
let server: Server;
let base: string;
let tmp: string;
const log: { mode: string; method: string }[] = [];
const sockets = new Set<Socket>();
let truncOnce = 0;

function serve(req: IncomingMessage, res: ServerResponse): void {
  const mode = (req.url ?? '').split('/')[1] ?? '';
  log.push({ mode, method: req.method ?? '' });
  if (mode === 'stall') return;
  if (mode === '403' || mode === '404') {
    res.writeHead(Number(mode)).end();
    return;
  }
  if (req.method === 'HEAD') {
    if (mode === 'nohead' || mode === 'head405') {
      res.writeHead(mode === 'nohead' ? 403 : 405).end();
      return;
    }
    res.writeHead(200, { ETag: ETAG, 'Content-Length': body.length }).end();
    return;
  }
  const m = /bytes=(\d+)-(\d+)/.exec(req.headers.range ?? '');
  const start = m ? Number(m[1]) : 0;
  const end = m ? Math.min(Number(m[2]), body.length - 1) : body.length - 1;
  const part = body.subarray(start, end + 1);
  res.writeHead(206, { ETag: ETAG, 'Content-Range': `bytes ${start}-${end}/${body.length}`, 'Content-Length': part.length });
  const cut = mode === 'trunc' || mode === 'stallbody' || (mode === 'trunconce' && truncOnce++ === 0);
  if (!cut) {
    res.end(part);
    return;
  }
  res.write(part.subarray(0, part.length >> 1), () => {
    if (mode !== 'stallbody') setTimeout(() => res.socket?.destroy(), 20);
  });
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'sdmatch-remote-fail-'));
  server = createServer(serve);
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  retryPolicy.baseMs = 1;
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((r) => server.close(r));
  rmSync(tmp, { recursive: true, force: true });
});

/** the hub is elsewhere: these URLs are plain ones, and a token set for the hub is never sent to them */
function env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { HF_ENDPOINT: 'http://127.0.0.2:9', SDMATCH_NO_CACHE: '1', HF_HOME: join(tmp, 'no-hf-home'), ...extra };
}

async function run(argv: string[], e: NodeJS.ProcessEnv = env()) {
  clearRemote();
  log.length = 0;
  return runCli(argv, memoryIO({ env: e }));
}

const url = (mode: string) => `${base}/${mode}/model.safetensors`;
const local = join(repoRoot, 'fixtures/safetensors/mlp.safetensors');

function oneLine(r: { code: number; stdout: string; stderr: string }, words: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).not.toMatch(/internal error/);
  expect(r.stderr).toMatch(words);
}

describe('a connection closed mid-body (F1)', () => {
  it('every time: one line naming the URL and the bytes, exit 2, after 5 attempts', async () => {
    const r = await run(['inspect', url('trunc')]);
    oneLine(r, new RegExp(`^sdmatch: ${url('trunc')}: the connection was closed after 576 of 1152 bytes, still after 5 attempts`));
    expect(log.filter((l) => l.method === 'GET')).toHaveLength(5);
  });

  it('once: retried, the result is the local file\'s', async () => {
    truncOnce = 0;
    const r = await run(['inspect', '--json', url('trunconce')]);
    const l = await run(['inspect', '--json', local]);
    expect(r.code, r.stderr).toBe(l.code);
    expect(r.stdout.split(url('trunconce')).join('<f>')).toBe(l.stdout.split(local).join('<f>'));
  });
});

describe('a server that stops answering (F2)', () => {
  it('no answer: one line after SDMATCH_HTTP_TIMEOUT, not silence', async () => {
    const t0 = Date.now();
    const r = await run(['inspect', url('stall')], env({ SDMATCH_HTTP_TIMEOUT: '0.3' }));
    oneLine(r, /no answer from 127\.0\.0\.1:\d+ within 0\.3 s \(SDMATCH_HTTP_TIMEOUT=SECONDS waits longer\)/);
    expect(Date.now() - t0).toBeLessThan(10_000);
  });

  it('no byte for the timeout in the middle of the body: one line', async () => {
    const r = await run(['inspect', url('stallbody')], env({ SDMATCH_HTTP_TIMEOUT: '0.3' }));
    oneLine(r, /the server stopped sending after 576 of 1152 bytes: no byte for 0\.3 s/);
  });

  it('a timeout that is not a positive number is one line', async () => {
    const r = await run(['inspect', url('ok')], env({ SDMATCH_HTTP_TIMEOUT: 'soon' }));
    oneLine(r, /SDMATCH_HTTP_TIMEOUT: expected a number of seconds above 0, got "soon"/);
  });
});

describe('a server that refuses HEAD (F10)', () => {
  for (const mode of ['nohead', 'head405']) {
    it(`${mode}: the second, cached run revalidates by a ranged GET and reads as the first`, async () => {
      const e = env({ SDMATCH_NO_CACHE: '', SDMATCH_CACHE_DIR: join(tmp, `cache-${mode}`) });
      const first = await run(['inspect', '--json', url(mode)], e);
      expect(first.code, first.stderr).toBe(0);
      const second = await run(['inspect', '--json', url(mode)], e);
      expect(second.code, second.stderr).toBe(0);
      expect(second.stdout).toBe(first.stdout);
      expect(log.map((l) => l.method)).toEqual(['HEAD', 'GET']);
    });
  }
});

describe('a plain URL\'s refusals speak of that server, not of the hub (F4)', () => {
  it('403 with HF_TOKEN set: no word of HF_TOKEN (it is never sent there)', async () => {
    const r = await run(['inspect', url('403')], env({ HF_TOKEN: 'hf_secret' }));
    oneLine(r, /HTTP 403: the server refused access \(sdmatch sends no credentials to hosts other than the hub's/);
    expect(r.stderr).not.toMatch(/HF_TOKEN|huggingface-cli/);
  });

  it('404: no such file at this URL, no word of repositories or revisions', async () => {
    const r = await run(['inspect', url('404')]);
    oneLine(r, /HTTP 404: no such file at this URL$/m);
    expect(r.stderr).not.toMatch(/repository|revision/);
  });
});
